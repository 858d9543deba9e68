using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval.Tests.Oracle;

/// <summary>
/// A literal, slow port of pycocotools' COCOeval (bbox): _prepare, computeIoU, evaluateImg, accumulate,
/// summarize, written as the Python reads, with lists and no shortcuts. The engine is checked against it
/// on random data with heavy score ties. It shares no code with the engine.
/// </summary>
internal static class PycocotoolsOracle
{
    private const double Eps = 2.220446049250313e-16;

    internal sealed record Output(double[,,,,] Precision, double[,,,] Recall, double[,,,,] Scores, double[] Stats);

    private sealed class Gt
    {
        public long Id;
        public double[] Bbox = [];
        public double Area;
        public bool IsCrowd;
        public bool Ignore;
    }

    private sealed class Dt
    {
        public long Id;
        public double[] Bbox = [];
        public double Area;
        public double Score;
    }

    private sealed record EvalImg(double[] DtScores, long[,] DtMatches, bool[,] DtIgnore, bool[] GtIgnore);

    public static Output Evaluate(DetectionDataset dataset, DetectionSet results, CocoOptions p)
    {
        var imgIds = (p.ImageIds ?? dataset.Images.Select(i => i.Id).ToList()).Distinct().Order().ToList();
        var catIds = p.UseCategories ? (p.CategoryIds ?? dataset.Categories.Select(c => c.Id).ToList()).Distinct().Order().ToList() : [-1L];
        var imgSet = imgIds.ToHashSet();
        var catSet = catIds.ToHashSet();

        // _prepare
        var gts = new Dictionary<(long, long), List<Gt>>();
        var dts = new Dictionary<(long, long), List<Dt>>();
        foreach (var g in dataset.GroundTruths)
        {
            if (!imgSet.Contains(g.ImageId) || (p.UseCategories && !catSet.Contains(g.CategoryId)))
            {
                continue;
            }

            var key = (g.ImageId, p.UseCategories ? g.CategoryId : -1);
            if (!gts.TryGetValue(key, out var list))
            {
                gts[key] = list = [];
            }

            list.Add(new Gt
            {
                Id = g.Id,
                Bbox = [g.Box.X, g.Box.Y, g.Box.Width, g.Box.Height],
                Area = g.Area,
                IsCrowd = g.IsCrowd,
                Ignore = g.IsCrowd || (p.HonorIgnoreFlag && g.Ignore),
            });
        }

        var all = results.AsSpan().ToArray();
        for (int i = 0; i < all.Length; i++)
        {
            var d = all[i];
            if (!imgSet.Contains(d.ImageId) || (p.UseCategories && !catSet.Contains(d.CategoryId)))
            {
                continue;
            }

            var key = (d.ImageId, p.UseCategories ? d.CategoryId : -1);
            if (!dts.TryGetValue(key, out var list))
            {
                dts[key] = list = [];
            }

            list.Add(new Dt { Id = i + 1, Bbox = [d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height], Area = d.Area, Score = d.Score });
        }

        List<Gt> GtsOf(long img, long cat) => gts.TryGetValue((img, cat), out var l) ? l : [];
        List<Dt> DtsOf(long img, long cat) => dts.TryGetValue((img, cat), out var l) ? l : [];
        int maxDetLast = p.MaxDetections[^1];

        // computeIoU
        var ious = new Dictionary<(long, long), double[,]>();
        foreach (long img in imgIds)
        {
            foreach (long cat in catIds)
            {
                var gt = GtsOf(img, cat);
                var dt = StableDesc(DtsOf(img, cat)).Take(maxDetLast).ToList();
                var m = new double[dt.Count, gt.Count];
                for (int di = 0; di < dt.Count; di++)
                {
                    for (int gi = 0; gi < gt.Count; gi++)
                    {
                        m[di, gi] = BbIou(dt[di].Bbox, gt[gi].Bbox, gt[gi].IsCrowd);
                    }
                }

                ious[(img, cat)] = m;
            }
        }

        // evaluateImg for each (cat, area, img)
        int T = p.IouThresholds.Count, R = p.RecallThresholds.Count, K = catIds.Count, A = p.AreaRanges.Count, M = p.MaxDetections.Count;
        var evalImgs = new EvalImg?[K, A, imgIds.Count];
        for (int k = 0; k < K; k++)
        {
            for (int a = 0; a < A; a++)
            {
                for (int i = 0; i < imgIds.Count; i++)
                {
                    evalImgs[k, a, i] = EvaluateImg(GtsOf(imgIds[i], catIds[k]), DtsOf(imgIds[i], catIds[k]), ious[(imgIds[i], catIds[k])], p.AreaRanges[a], maxDetLast, p.IouThresholds);
                }
            }
        }

        // accumulate
        var precision = Filled5(T, R, K, A, M);
        var scores = Filled5(T, R, K, A, M);
        var recall = new double[T, K, A, M];
        foreach (var idx in Indices(T, K, A, M))
        {
            recall[idx.Item1, idx.Item2, idx.Item3, idx.Item4] = -1;
        }

        for (int k = 0; k < K; k++)
        {
            for (int a = 0; a < A; a++)
            {
                for (int m = 0; m < M; m++)
                {
                    int maxDet = p.MaxDetections[m];
                    var E = Enumerable.Range(0, imgIds.Count).Select(i => evalImgs[k, a, i]).Where(e => e is not null).Select(e => e!).ToList();
                    if (E.Count == 0)
                    {
                        continue;
                    }

                    var dtScores = E.SelectMany(e => e.DtScores.Take(maxDet)).ToList();
                    var inds = Enumerable.Range(0, dtScores.Count).OrderByDescending(i => dtScores[i]).ToList(); // LINQ OrderBy is stable
                    var dtScoresSorted = inds.Select(i => dtScores[i]).ToList();
                    var dtmCat = new List<long[]>();
                    var dtIgCat = new List<bool[]>();
                    for (int t = 0; t < T; t++)
                    {
                        var rowM = E.SelectMany(e => Enumerable.Range(0, Math.Min(maxDet, e.DtScores.Length)).Select(d => e.DtMatches[t, d])).ToList();
                        var rowI = E.SelectMany(e => Enumerable.Range(0, Math.Min(maxDet, e.DtScores.Length)).Select(d => e.DtIgnore[t, d])).ToList();
                        dtmCat.Add(inds.Select(i => rowM[i]).ToArray());
                        dtIgCat.Add(inds.Select(i => rowI[i]).ToArray());
                    }

                    int npig = E.SelectMany(e => e.GtIgnore).Count(g => !g);
                    if (npig == 0)
                    {
                        continue;
                    }

                    for (int t = 0; t < T; t++)
                    {
                        int nd = dtScoresSorted.Count;
                        var tp = new double[nd];
                        var fp = new double[nd];
                        long tpSum = 0, fpSum = 0;
                        for (int d = 0; d < nd; d++)
                        {
                            bool isTp = dtmCat[t][d] != 0 && !dtIgCat[t][d];
                            bool isFp = dtmCat[t][d] == 0 && !dtIgCat[t][d];
                            tpSum += isTp ? 1 : 0;
                            fpSum += isFp ? 1 : 0;
                            tp[d] = tpSum;
                            fp[d] = fpSum;
                        }

                        var rc = tp.Select(x => x / npig).ToArray();
                        var pr = Enumerable.Range(0, nd).Select(d => tp[d] / (fp[d] + tp[d] + Eps)).ToArray();
                        var q = new double[R];
                        var ss = new double[R];
                        recall[t, k, a, m] = nd > 0 ? rc[nd - 1] : 0;
                        for (int i = nd - 1; i > 0; i--)
                        {
                            if (pr[i] > pr[i - 1])
                            {
                                pr[i - 1] = pr[i];
                            }
                        }

                        for (int ri = 0; ri < R; ri++)
                        {
                            int pi = SearchSortedLeft(rc, p.RecallThresholds[ri]);
                            if (pi >= nd)
                            {
                                break;
                            }

                            q[ri] = pr[pi];
                            ss[ri] = dtScoresSorted[pi];
                        }

                        for (int ri = 0; ri < R; ri++)
                        {
                            precision[t, ri, k, a, m] = q[ri];
                            scores[t, ri, k, a, m] = ss[ri];
                        }
                    }
                }
            }
        }

        // summarize
        double Summ(bool ap, double? iouThr, string area, int maxDets)
        {
            var vals = new List<double>();
            for (int t = 0; t < T; t++)
            {
                if (iouThr is double thr && p.IouThresholds[t] != thr)
                {
                    continue;
                }

                for (int r = 0; r < (ap ? R : 1); r++)
                {
                    for (int k = 0; k < K; k++)
                    {
                        for (int a = 0; a < A; a++)
                        {
                            for (int m = 0; m < M; m++)
                            {
                                if (p.AreaRanges[a].Label == area && p.MaxDetections[m] == maxDets)
                                {
                                    vals.Add(ap ? precision[t, r, k, a, m] : recall[t, k, a, m]);
                                }
                            }
                        }
                    }
                }
            }

            var kept = vals.Where(v => v > -1).ToList();
            return kept.Count == 0 ? -1 : kept.Sum() / kept.Count;
        }

        var md = p.MaxDetections;
        var stats = new[]
        {
            Summ(true, null, "all", 100), Summ(true, 0.5, "all", md[2]), Summ(true, 0.75, "all", md[2]),
            Summ(true, null, "small", md[2]), Summ(true, null, "medium", md[2]), Summ(true, null, "large", md[2]),
            Summ(false, null, "all", md[0]), Summ(false, null, "all", md[1]), Summ(false, null, "all", md[2]),
            Summ(false, null, "small", md[2]), Summ(false, null, "medium", md[2]), Summ(false, null, "large", md[2]),
        };
        return new Output(precision, recall, scores, stats);
    }

    private static EvalImg? EvaluateImg(List<Gt> gt0, List<Dt> dt0, double[,] iouAll, AreaRange aRng, int maxDet, IReadOnlyList<double> iouThrs)
    {
        if (gt0.Count == 0 && dt0.Count == 0)
        {
            return null;
        }

        var gtIg0 = gt0.Select(g => g.Ignore || g.Area < aRng.Min || g.Area > aRng.Max).ToList();
        var gtind = Enumerable.Range(0, gt0.Count).OrderBy(i => gtIg0[i] ? 1 : 0).ToList(); // stable
        var gt = gtind.Select(i => gt0[i]).ToList();
        var gtIg = gtind.Select(i => gtIg0[i]).ToArray();
        var dt = StableDesc(dt0).Take(maxDet).ToList();
        int T = iouThrs.Count, G = gt.Count, D = dt.Count;
        var gtm = new long[T, G];
        var dtm = new long[T, D];
        var dtIg = new bool[T, D];
        if (iouAll.Length > 0)
        {
            for (int t = 0; t < T; t++)
            {
                for (int dind = 0; dind < D; dind++)
                {
                    double iou = Math.Min(iouThrs[t], 1 - 1e-10);
                    int m = -1;
                    for (int gind = 0; gind < G; gind++)
                    {
                        if (gtm[t, gind] > 0 && !gt[gind].IsCrowd)
                        {
                            continue;
                        }

                        if (m > -1 && !gtIg[m] && gtIg[gind])
                        {
                            break;
                        }

                        if (iouAll[dind, gtind[gind]] < iou)
                        {
                            continue;
                        }

                        iou = iouAll[dind, gtind[gind]];
                        m = gind;
                    }

                    if (m == -1)
                    {
                        continue;
                    }

                    dtIg[t, dind] = gtIg[m];
                    dtm[t, dind] = gt[m].Id;
                    gtm[t, m] = dt[dind].Id;
                }
            }
        }

        for (int t = 0; t < T; t++)
        {
            for (int d = 0; d < D; d++)
            {
                bool outside = dt[d].Area < aRng.Min || dt[d].Area > aRng.Max;
                dtIg[t, d] = dtIg[t, d] || (dtm[t, d] == 0 && outside);
            }
        }

        return new EvalImg(dt.Select(d => d.Score).ToArray(), dtm, dtIg, gtIg);
    }

    private static IEnumerable<Dt> StableDesc(List<Dt> dts) => dts.OrderByDescending(d => d.Score);

    private static double BbIou(double[] d, double[] g, bool crowd)
    {
        double ga = g[2] * g[3];
        double da = d[2] * d[3];
        double w = Math.Min(d[2] + d[0], g[2] + g[0]) - Math.Max(d[0], g[0]);
        if (w <= 0)
        {
            return 0;
        }

        double h = Math.Min(d[3] + d[1], g[3] + g[1]) - Math.Max(d[1], g[1]);
        if (h <= 0)
        {
            return 0;
        }

        double i = w * h;
        double u = crowd ? da : da + ga - i;
        return i / u;
    }

    private static int SearchSortedLeft(double[] a, double v)
    {
        int i = 0;
        while (i < a.Length && a[i] < v)
        {
            i++;
        }

        return i;
    }

    private static double[,,,,] Filled5(int t, int r, int k, int a, int m)
    {
        var x = new double[t, r, k, a, m];
        foreach (ref double v in System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref x[0, 0, 0, 0, 0], x.Length))
        {
            v = -1;
        }

        return x;
    }

    private static IEnumerable<(int, int, int, int)> Indices(int t, int k, int a, int m)
    {
        for (int i = 0; i < t; i++)
        {
            for (int j = 0; j < k; j++)
            {
                for (int l = 0; l < a; l++)
                {
                    for (int n = 0; n < m; n++)
                    {
                        yield return (i, j, l, n);
                    }
                }
            }
        }
    }
}
