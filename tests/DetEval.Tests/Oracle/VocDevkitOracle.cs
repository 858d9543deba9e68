using System.Globalization;
using System.Xml.Linq;
using DetEval.Metrics;

namespace DetEval.Tests.Oracle;

/// <summary>
/// A literal, slow port of the VOC devkit's <c>voc_eval</c> and <c>voc_ap</c> (py-faster-rcnn's voc_eval.py), line
/// by line, reading the files itself (XML with <see cref="XDocument"/>, results lines split on spaces), with one
/// change: the confidence sort is stable (<c>np.argsort(-confidence, kind='mergesort')</c>), so tied scores keep
/// results-file order. Its values are the reference's <c>*_stable_sort</c> values.
/// </summary>
internal static class VocDevkitOracle
{
    /// <summary>The AP of one class, or null where the reference crashes (an empty results file).</summary>
    public static double? Evaluate(string root, string className, bool use07Metric, double ovthresh = 0.5)
    {
        string imageSetFile = Path.Combine(root, "ImageSets", "Main", "test.txt");
        string detPath = Path.Combine(root, "results", $"comp4_det_test_{className}.txt");

        // imagenames = [x.strip() for x in lines]; recs[imagename] = parse_rec(annopath.format(imagename))
        var imageNames = File.ReadAllLines(imageSetFile).Select(x => x.Trim()).Where(x => x.Length > 0).ToList();
        var classRecs = new Dictionary<string, (double[][] Bbox, bool[] Difficult, bool[] Det)>();
        int npos = 0;
        foreach (string imageName in imageNames)
        {
            var objects = XDocument.Load(Path.Combine(root, "Annotations", imageName + ".xml")).Root!.Elements("object")
                .Where(o => o.Element("name")!.Value == className).ToList();
            // bbox = [int(xmin), int(ymin), int(xmax), int(ymax)]; difficult = int(difficult)
            var bbox = objects.Select(o => new[] { "xmin", "ymin", "xmax", "ymax" }
                .Select(k => (double)int.Parse(o.Element("bndbox")!.Element(k)!.Value, CultureInfo.InvariantCulture)).ToArray()).ToArray();
            var difficult = objects.Select(o => int.Parse(o.Element("difficult")!.Value, CultureInfo.InvariantCulture) != 0).ToArray();
            npos += difficult.Count(d => !d);
            classRecs[imageName] = (bbox, difficult, new bool[objects.Count]);
        }

        // splitlines = [x.strip().split(' ') for x in lines]
        var splitlines = File.ReadAllLines(detPath).Select(x => x.Trim()).Where(x => x.Length > 0).Select(x => x.Split(' ')).ToList();
        if (splitlines.Count == 0)
        {
            return null;
        }

        var imageIds = splitlines.Select(x => x[0]).ToArray();
        var confidence = splitlines.Select(x => double.Parse(x[1], CultureInfo.InvariantCulture)).ToArray();
        var bb = splitlines.Select(x => x.Skip(2).Select(z => double.Parse(z, CultureInfo.InvariantCulture)).ToArray()).ToArray();

        // sorted_ind = np.argsort(-confidence), here stable: ties keep file order.
        int[] sortedInd = [.. Enumerable.Range(0, confidence.Length).OrderBy(i => -confidence[i])];
        int nd = imageIds.Length;
        var tp = new double[nd];
        var fp = new double[nd];
        for (int d = 0; d < nd; d++)
        {
            var r = classRecs[imageIds[sortedInd[d]]];
            double[] b = bb[sortedInd[d]];
            double ovmax = double.NegativeInfinity;
            int jmax = -1;
            if (r.Bbox.Length > 0)
            {
                var overlaps = new double[r.Bbox.Length];
                for (int j = 0; j < r.Bbox.Length; j++)
                {
                    double[] g = r.Bbox[j];
                    double ixmin = Math.Max(g[0], b[0]);
                    double iymin = Math.Max(g[1], b[1]);
                    double ixmax = Math.Min(g[2], b[2]);
                    double iymax = Math.Min(g[3], b[3]);
                    double iw = Math.Max(ixmax - ixmin + 1.0, 0.0);
                    double ih = Math.Max(iymax - iymin + 1.0, 0.0);
                    double inters = iw * ih;
                    double uni = ((b[2] - b[0] + 1.0) * (b[3] - b[1] + 1.0)) + ((g[2] - g[0] + 1.0) * (g[3] - g[1] + 1.0)) - inters;
                    overlaps[j] = inters / uni;
                }

                // ovmax = np.max(overlaps); jmax = np.argmax(overlaps) (NaN propagates; argmax finds the first NaN)
                jmax = 0;
                ovmax = overlaps[0];
                for (int j = 1; j < overlaps.Length && !double.IsNaN(ovmax); j++)
                {
                    if (double.IsNaN(overlaps[j]) || overlaps[j] > ovmax)
                    {
                        ovmax = overlaps[j];
                        jmax = j;
                    }
                }
            }

            if (ovmax > ovthresh)
            {
                if (!r.Difficult[jmax])
                {
                    if (!r.Det[jmax])
                    {
                        tp[d] = 1.0;
                        r.Det[jmax] = true;
                    }
                    else
                    {
                        fp[d] = 1.0;
                    }
                }
            }
            else
            {
                fp[d] = 1.0;
            }
        }

        // fp = np.cumsum(fp); tp = np.cumsum(tp); rec = tp / float(npos); prec = tp / np.maximum(tp + fp, eps)
        for (int d = 1; d < nd; d++)
        {
            fp[d] += fp[d - 1];
            tp[d] += tp[d - 1];
        }

        var rec = tp.Select(t => t / npos).ToArray();
        var prec = tp.Select((t, d) => t / Math.Max(t + fp[d], 2.220446049250313e-16)).ToArray();
        return VocAp(rec, prec, use07Metric);
    }

    /// <summary><c>voc_ap(rec, prec, use_07_metric)</c>.</summary>
    public static double VocAp(double[] rec, double[] prec, bool use07Metric)
    {
        if (use07Metric)
        {
            // for t in np.arange(0., 1.1, 0.1): p = 0 if np.sum(rec >= t) == 0 else np.max(prec[rec >= t]); ap += p / 11.
            double ap = 0.0;
            for (int k = 0; k < 11; k++)
            {
                double t = 0.0 + (k * 0.1);
                var above = Enumerable.Range(0, rec.Length).Where(i => rec[i] >= t).Select(i => prec[i]).ToArray();
                double p = above.Length == 0 ? 0 : above.Aggregate(double.NegativeInfinity, (m, v) => double.IsNaN(m) || double.IsNaN(v) ? double.NaN : Math.Max(m, v));
                ap += p / 11.0;
            }

            return ap;
        }

        // mrec = [0, rec, 1]; mpre = [0, prec, 0]; envelope from the right; sum over the points where recall changes.
        var mrec = new[] { 0.0 }.Concat(rec).Append(1.0).ToArray();
        var mpre = new[] { 0.0 }.Concat(prec).Append(0.0).ToArray();
        for (int i = mpre.Length - 1; i > 0; i--)
        {
            mpre[i - 1] = Math.Max(mpre[i - 1], mpre[i]);
        }

        var changes = Enumerable.Range(0, mrec.Length - 1).Where(i => mrec[i + 1] != mrec[i]).ToArray();
        return NumpyMath.Sum(changes.Select(i => (mrec[i + 1] - mrec[i]) * mpre[i + 1]).ToArray());
    }
}
