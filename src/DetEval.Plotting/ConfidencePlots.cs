using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Metrics;
using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>Precision, recall and F1 against the confidence threshold, with the best-F1 threshold marked.</summary>
public static class ConfidencePlots
{
    /// <summary>
    /// Plots a raw ranked curve against score: keeping detections with <c>score &gt;= x</c> gives the precision,
    /// recall and F1 drawn at <c>x</c>. A vertical line marks the best-F1 threshold.
    /// </summary>
    /// <param name="curve">The ranked curve (<see cref="CocoResult.GetCurve"/>).</param>
    /// <param name="title">The plot title.</param>
    public static Plot FromCurve(RankedCurve curve, string title)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var plot = PlotStyle.Create(title, "Confidence threshold", "Value");
        if (curve.Scores.Length > 0)
        {
            var f1 = curve.F1();
            Add(plot, curve.Scores, curve.Precision, "Precision", PlotStyle.SeriesColor(0));
            Add(plot, curve.Scores, curve.Recall, "Recall", PlotStyle.SeriesColor(1));
            Add(plot, curve.Scores, f1, "F1", PlotStyle.SeriesColor(2));
            int best = curve.BestF1Index();
            var line = plot.Add.VerticalLine(curve.Scores[best], 1.5f, PlotStyle.SeriesColor(3));
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"best F1 {f1[best]:0.000} @ {curve.Scores[best]:0.000}");
            var marker = plot.Add.Marker(curve.Scores[best], f1[best], MarkerShape.FilledCircle, 9, PlotStyle.SeriesColor(3));
            marker.LegendText = "";
        }

        plot.Axes.SetLimits(0, 1, 0, 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        return PlotStyle.Finish(plot);
    }

    /// <summary>The confidence plot of one class at one IoU threshold (area all, the last max-detections value).</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="categoryIndex">Index into <see cref="CocoResult.CategoryIds"/>.</param>
    /// <param name="iouThreshold">The IoU threshold (the nearest evaluated one is used).</param>
    public static Plot ForClass(CocoResult result, IReadOnlyList<Category> categories, int categoryIndex, double iouThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(result);
        int t = result.IouThresholdIndex(iouThreshold);
        string name = ClassReport.CategoryName(categories, result.CategoryIds[categoryIndex]);
        return FromCurve(result.GetCurve(categoryIndex, t), string.Create(CultureInfo.InvariantCulture, $"{name}: precision, recall, F1 vs confidence @ IoU {result.Options.IouThresholds[t]:0.00}"));
    }

    private static void Add(Plot plot, double[] x, double[] y, string label, Color color)
    {
        var line = plot.Add.ScatterLine(x, y, color);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        line.LegendText = label;
    }
}
