using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>
/// Precision-recall curves from the reference's interpolated 101-point precision arrays
/// (<see cref="CocoResult.PrecisionAt"/>), area <c>all</c> unless said, the last max-detections value.
/// </summary>
public static class PrecisionRecallPlots
{
    /// <summary>
    /// The interpolated precision of one category at each recall threshold: at the evaluated IoU threshold
    /// nearest <paramref name="iouThreshold"/>, or the mean over all IoU thresholds when it is null
    /// (the curve whose area is AP@[.50:.95]). Null when the category has no ground truth (precision -1).
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categoryIndex">Index into <see cref="CocoResult.CategoryIds"/>.</param>
    /// <param name="iouThreshold">The IoU threshold, or null for the mean over thresholds.</param>
    /// <param name="areaIndex">Index into the area ranges (0: all).</param>
    public static double[]? InterpolatedPrecision(CocoResult result, int categoryIndex, double? iouThreshold, int areaIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (t, r, _, _, m) = result.Shape;
        int t0 = 0, t1 = t;
        if (iouThreshold is double iou)
        {
            t0 = Nearest(result.Options.IouThresholds, iou);
            t1 = t0 + 1;
        }

        var values = new double[r];
        for (int recallIndex = 0; recallIndex < r; recallIndex++)
        {
            double sum = 0;
            for (int thresholdIndex = t0; thresholdIndex < t1; thresholdIndex++)
            {
                double p = result.PrecisionAt(thresholdIndex, recallIndex, categoryIndex, areaIndex, m - 1);
                if (p < 0)
                {
                    return null;
                }

                sum += p;
            }

            values[recallIndex] = sum / (t1 - t0);
        }

        return values;
    }

    /// <summary>The PR curve of one class at one IoU threshold, with its AP in the legend.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="categoryIndex">Index into <see cref="CocoResult.CategoryIds"/>.</param>
    /// <param name="iouThreshold">The IoU threshold (the nearest evaluated one is used).</param>
    public static Plot ForClass(CocoResult result, IReadOnlyList<Category> categories, int categoryIndex, double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(result);
        string name = ClassReport.CategoryName(categories, result.CategoryIds[categoryIndex]);
        var plot = Create(result, string.Create(CultureInfo.InvariantCulture, $"Precision-recall: {name} @ IoU {IouText(result, iouThreshold)}"));
        AddCurve(plot, result, InterpolatedPrecision(result, categoryIndex, iouThreshold), name, PlotStyle.SeriesColor(0), false);
        return Finish(plot, true);
    }

    /// <summary>The PR curves of all classes overlaid at one IoU threshold (legend up to 20 classes).</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="iouThreshold">The IoU threshold (the nearest evaluated one is used).</param>
    public static Plot AllClasses(CocoResult result, IReadOnlyList<Category> categories, double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = Create(result, $"Precision-recall, all classes @ IoU {IouText(result, iouThreshold)}");
        int series = 0;
        for (int k = 0; k < result.CategoryIds.Count; k++)
        {
            var precision = InterpolatedPrecision(result, k, iouThreshold);
            if (precision is not null)
            {
                AddCurve(plot, result, precision, ClassReport.CategoryName(categories, result.CategoryIds[k]), PlotStyle.SeriesColor(series++), false);
            }
        }

        return Finish(plot, series <= 20);
    }

    /// <summary>
    /// One class at IoU .50, .75 and .50:.95 (the mean over the thresholds), area all, solid; and at .50:.95 for
    /// each other area range (small, medium, large), thin.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="categoryIndex">Index into <see cref="CocoResult.CategoryIds"/>.</param>
    public static Plot ByIouAndArea(CocoResult result, IReadOnlyList<Category> categories, int categoryIndex)
    {
        ArgumentNullException.ThrowIfNull(result);
        string name = ClassReport.CategoryName(categories, result.CategoryIds[categoryIndex]);
        var plot = Create(result, $"Precision-recall: {name}");
        var thresholds = result.Options.IouThresholds;
        string range = string.Create(CultureInfo.InvariantCulture, $"{thresholds[0]:0.00}:{thresholds[^1]:0.00}");
        int series = 0;
        AddCurve(plot, result, InterpolatedPrecision(result, categoryIndex, 0.5), "IoU " + IouText(result, 0.5), PlotStyle.SeriesColor(series++), false);
        AddCurve(plot, result, InterpolatedPrecision(result, categoryIndex, 0.75), "IoU " + IouText(result, 0.75), PlotStyle.SeriesColor(series++), false);
        AddCurve(plot, result, InterpolatedPrecision(result, categoryIndex, null), "IoU " + range, PlotStyle.SeriesColor(series++), false);
        var areas = result.Options.AreaRanges;
        for (int a = 0; a < areas.Count; a++)
        {
            if (areas[a].Label != "all")
            {
                AddCurve(plot, result, InterpolatedPrecision(result, categoryIndex, null, a), $"{areas[a].Label}, IoU {range}", PlotStyle.SeriesColor(series), true);
            }

            series += areas[a].Label != "all" ? 1 : 0;
        }

        return Finish(plot, true);
    }

    internal static int Nearest(IReadOnlyList<double> thresholds, double value)
    {
        int best = 0;
        for (int i = 1; i < thresholds.Count; i++)
        {
            if (Math.Abs(thresholds[i] - value) < Math.Abs(thresholds[best] - value))
            {
                best = i;
            }
        }

        return best;
    }

    private static string IouText(CocoResult result, double iou) =>
        result.Options.IouThresholds[Nearest(result.Options.IouThresholds, iou)].ToString("0.00", CultureInfo.InvariantCulture);

    private static Plot Create(CocoResult result, string title)
    {
        _ = result;
        return PlotStyle.Create(title, "Recall", "Precision");
    }

    private static void AddCurve(Plot plot, CocoResult result, double[]? precision, string label, Color color, bool thin)
    {
        if (precision is null)
        {
            return;
        }

        double[] recall = [.. result.Options.RecallThresholds];
        double ap = precision.Average();
        var line = plot.Add.ScatterLine(recall, precision, color);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label} (AP {ap:0.000})");
        if (thin)
        {
            // Thin rather than dashed: Skia's SVG canvas cannot write dash effects (it logs to stderr).
            line.LineWidth = 1;
        }
    }

    private static Plot Finish(Plot plot, bool legend)
    {
        plot.Axes.SetLimits(0, 1, 0, 1.05);
        if (legend)
        {
            plot.ShowLegend(Alignment.LowerLeft);
        }

        return PlotStyle.Finish(plot);
    }
}
