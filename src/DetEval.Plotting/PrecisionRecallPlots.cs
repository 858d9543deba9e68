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
        AddCurve(plot, result, categoryIndex, result.IouThresholdIndex(iouThreshold), 0, name, PlotStyle.SeriesColor(0), false);
        return Finish(plot, true);
    }

    /// <summary>
    /// The PR curves of all classes overlaid at one IoU threshold. Up to <see cref="MaxColouredClasses"/> classes each
    /// have a colour and a legend entry with their AP; with more, every class is a thin grey line without a legend
    /// entry and the mean over classes (<see cref="PrecisionRecallCurves.MeanInterpolated"/>) is drawn bold on top, the
    /// only legend entry, with the AP at that threshold.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="iouThreshold">The IoU threshold (the nearest evaluated one is used).</param>
    public static Plot AllClasses(CocoResult result, IReadOnlyList<Category> categories, double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(result);
        var plot = Create(result, $"Precision-recall, all classes @ IoU {IouText(result, iouThreshold)}");
        int thresholdIndex = result.IouThresholdIndex(iouThreshold);
        var curves = new List<(int Category, string Name, double[] Precision)>();
        for (int k = 0; k < result.CategoryIds.Count; k++)
        {
            if (result.GetInterpolatedCurve(k, thresholdIndex) is double[] precision)
            {
                curves.Add((k, ClassReport.CategoryName(categories, result.CategoryIds[k]), precision));
            }
        }

        if (curves.Count <= MaxColouredClasses)
        {
            for (int i = 0; i < curves.Count; i++)
            {
                AddCurve(plot, result, curves[i].Category, thresholdIndex, 0, curves[i].Name, PlotStyle.SeriesColor(i), false);
            }

            return Finish(plot, true);
        }

        double[] recall = [.. result.Options.RecallThresholds];
        foreach (var (_, _, precision) in curves)
        {
            var line = plot.Add.ScatterLine(recall, precision, Colors.Gray.WithAlpha(0.45));
            line.LineWidth = 1;
            line.MarkerSize = 0;
        }

        double iou = result.Options.IouThresholds[thresholdIndex];
        var mean = plot.Add.ScatterLine(recall, PrecisionRecallCurves.MeanInterpolated(result, iou)!, PlotStyle.SeriesColor(0));
        mean.LineWidth = 3;
        mean.MarkerSize = 0;
        double ap = result.Summarize(true, iou, "all", result.Options.MaxDetections[^1]);
        mean.LegendText = string.Create(CultureInfo.InvariantCulture, $"mean of {curves.Count} classes (AP {ap:0.000})");
        return Finish(plot, true);
    }

    /// <summary>The most classes <see cref="AllClasses"/> draws in colours with a legend entry each.</summary>
    public const int MaxColouredClasses = 10;

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
        AddCurve(plot, result, categoryIndex, result.IouThresholdIndex(0.5), 0, "IoU " + IouText(result, 0.5), PlotStyle.SeriesColor(series++), false);
        AddCurve(plot, result, categoryIndex, result.IouThresholdIndex(0.75), 0, "IoU " + IouText(result, 0.75), PlotStyle.SeriesColor(series++), false);
        AddCurve(plot, result, categoryIndex, null, 0, "IoU " + range, PlotStyle.SeriesColor(series++), false);
        var areas = result.Options.AreaRanges;
        for (int a = 0; a < areas.Count; a++)
        {
            if (areas[a].Label != "all")
            {
                AddCurve(plot, result, categoryIndex, null, a, $"{areas[a].Label}, IoU {range}", PlotStyle.SeriesColor(series), true);
            }

            series += areas[a].Label != "all" ? 1 : 0;
        }

        return Finish(plot, true);
    }

    private static string IouText(CocoResult result, double iou) =>
        result.Options.IouThresholds[result.IouThresholdIndex(iou)].ToString("0.00", CultureInfo.InvariantCulture);

    private static Plot Create(CocoResult result, string title)
    {
        _ = result;
        return PlotStyle.Create(title, "Recall", "Precision");
    }

    /// <summary>Adds a category's interpolated curve from the core, its AP (the core's <c>_summarize</c>) in the legend.</summary>
    private static bool AddCurve(Plot plot, CocoResult result, int categoryIndex, int? thresholdIndex, int areaIndex, string label, Color color, bool thin)
    {
        if (result.GetInterpolatedCurve(categoryIndex, thresholdIndex, areaIndex) is not double[] precision)
        {
            return false;
        }

        double? iou = thresholdIndex is int t ? result.Options.IouThresholds[t] : null;
        double ap = result.Summarize(true, iou, result.Options.AreaRanges[areaIndex].Label, result.Options.MaxDetections[^1], categoryIndex);
        double[] recall = [.. result.Options.RecallThresholds];
        var line = plot.Add.ScatterLine(recall, precision, color);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = string.Create(CultureInfo.InvariantCulture, $"{label} (AP {ap:0.000})");
        if (thin)
        {
            // Thin rather than dashed: Skia's SVG canvas cannot write dash effects (it logs to stderr).
            line.LineWidth = 1;
        }

        return true;
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
