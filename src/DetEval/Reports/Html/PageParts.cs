using System.Globalization;
using DetEval.Metrics;

namespace DetEval.Reports.Html;

/// <summary>
/// The figures every protocol's page draws the same way, from curves its result gives: precision-recall (each class
/// thin and grey, the mean bold) and F1, precision and recall against the confidence threshold.
/// </summary>
internal static class PageParts
{
    /// <summary>A class's curve for a figure: its index (for highlighting), name and values.</summary>
    internal readonly record struct ClassCurve(int ClassIndex, string Name, IReadOnlyList<double> Values);

    /// <summary>A class's sweep over the confidence grid and its best-F1 point on the raw curve (null without detections).</summary>
    internal readonly record struct ClassSweep(int ClassIndex, string Name, ConfidenceSweep Sweep, (double Threshold, double F1)? Best);

    /// <summary>
    /// A precision-recall chart: one thin grey line per class, then <paramref name="mean"/> bold on top with
    /// <paramref name="meanLegend"/>.
    /// </summary>
    public static LineFigure PrecisionRecall(string id, string caption, IReadOnlyList<double> recall, IReadOnlyList<ClassCurve> classes, IReadOnlyList<double>? mean, string meanLegend)
    {
        var series = new List<LineSeries>(classes.Count + 1);
        foreach (var c in classes)
        {
            series.Add(new LineSeries(recall, c.Values, "class", null, c.ClassIndex));
        }

        if (mean is not null)
        {
            series.Add(new LineSeries(recall, mean, "mean", meanLegend));
        }

        return new LineFigure(id, caption, "Recall", "Precision", new SvgAxes(0, 1, 0, 1), series, []);
    }

    /// <summary>
    /// The three confidence charts (F1, precision, recall against the threshold), one thin line per class and the mean
    /// over classes bold; the mean's best-F1 threshold is marked on each, each class's own best-F1 point on the F1 chart
    /// (shown while the class is highlighted).
    /// </summary>
    public static FigureSection Confidence(string id, string title, IReadOnlyList<ClassSweep> classes, ConfidenceSweep? mean, string iouText, string meanLegend = "mean over classes")
    {
        var thresholds = mean?.Thresholds ?? (classes.Count > 0 ? classes[0].Sweep.Thresholds : [0.0, 1.0]);
        double low = thresholds[0], high = thresholds[^1];
        int best = mean?.BestF1Index() ?? -1;
        string bestText = best >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"F1 {HtmlBuilder.Display(mean!.F1[best])} at confidence {HtmlBuilder.Display(mean.Thresholds[best])}")
            : "";
        LineFigure Panel(string name, Func<ConfidenceSweep, double[]> values, bool f1)
        {
            var series = new List<LineSeries>();
            foreach (var c in classes)
            {
                series.Add(new LineSeries(thresholds, values(c.Sweep), "class", null, c.ClassIndex));
            }

            var markers = new List<LineMarker>();
            if (mean is not null)
            {
                series.Add(new LineSeries(thresholds, values(mean), "mean", meanLegend + (f1 ? ", " + bestText : "")));
                markers.Add(new LineMarker(mean.Thresholds[best], values(mean)[best], $"best {bestText}"));
            }

            if (f1)
            {
                foreach (var c in classes)
                {
                    if (c.Best is (double threshold, double score))
                    {
                        markers.Add(new LineMarker(threshold, score, string.Create(CultureInfo.InvariantCulture, $"{c.Name}: best F1 {HtmlBuilder.Display(score)} at {HtmlBuilder.Display(threshold)}"), c.ClassIndex));
                    }
                }
            }

            return new LineFigure(id + "-" + name.ToLowerInvariant(), $"{name} against the confidence threshold ({iouText})", "Confidence threshold", name, new SvgAxes(low, high, 0, 1), series, markers);
        }

        return new FigureSection(id, title, [Panel("F1", s => s.F1, true), Panel("Precision", s => s.Precision, false), Panel("Recall", s => s.Recall, false)])
        {
            Note = "Keeping the detections scoring at least the threshold: precision, recall and F1 = 2PR/(P+R) of each class's ranked curve "
                + "(precision 1 and recall 0 when nothing is kept), on a grid of 101 thresholds; bold: " + meanLegend + ". "
                + (best >= 0 ? "Marked: the best " + bestText + "." : "")
                + (classes.Count > 0 ? " A highlighted class shows its own best-F1 point of the raw ranked curve." : ""),
        };
    }

    /// <summary>The (label, value) of a list of numbers, e.g. <c>0.5, 0.55, …, 0.95</c>.</summary>
    public static string List(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture)));
}
