using System.Globalization;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>
/// The Pascal VOC AP construction for one class: the raw precision-recall points, the monotone envelope whose
/// area is the all-point AP (VOC2010+), and the 11 sampled points whose mean is the 11-point AP (VOC2007).
/// The envelope, the samples and both AP values come from <see cref="AveragePrecision"/> (the core computes them;
/// the plot only draws), so the figure shows the evaluation's own numbers.
/// </summary>
public static class VocConstructionPlot
{
    /// <summary>Plots the construction of one class's AP.</summary>
    /// <param name="recall">Cumulative recall after each detection in score order.</param>
    /// <param name="precision">Cumulative precision after each detection.</param>
    /// <param name="title">The title; the two AP values are appended.</param>
    public static Plot Create(IReadOnlyList<double> recall, IReadOnlyList<double> precision, string title = "VOC AP construction")
    {
        ArgumentNullException.ThrowIfNull(recall);
        ArgumentNullException.ThrowIfNull(precision);
        if (recall.Count != precision.Count)
        {
            throw new ArgumentException("recall and precision must have the same length");
        }

        double[] r = [.. recall], p = [.. precision];
        var levels = AveragePrecision.NumpyElevenPointLevels;
        double all = AveragePrecision.AllPoint(r, p), eleven = AveragePrecision.ElevenPoint(r, p, levels);
        var plot = PlotStyle.Create(
            string.Create(CultureInfo.InvariantCulture, $"{title}: all-point AP {all:0.0000}, 11-point AP {eleven:0.0000}"),
            "Recall",
            "Precision");
        var (mrec, mpre) = AveragePrecision.Envelope(r, p);
        // The envelope as an explicit step line: precision mpre[i] over recall (mrec[i-1], mrec[i]], so the
        // filled area is exactly the all-point AP.
        var stepX = new double[2 * (mrec.Length - 1)];
        var stepY = new double[stepX.Length];
        for (int i = 1; i < mrec.Length; i++)
        {
            stepX[(2 * i) - 2] = mrec[i - 1];
            stepX[(2 * i) - 1] = mrec[i];
            stepY[(2 * i) - 2] = mpre[i];
            stepY[(2 * i) - 1] = mpre[i];
        }

        var fill = plot.Add.FillY(stepX, stepY, new double[stepX.Length]);
        fill.FillStyle.Color = PlotStyle.SeriesColor(0).WithAlpha(0.15);
        fill.LineStyle.Width = 0;
        fill.LegendText = "all-point area";
        var envelope = plot.Add.ScatterLine(stepX, stepY, PlotStyle.SeriesColor(0));
        envelope.LineWidth = 2;
        envelope.MarkerSize = 0;
        envelope.LegendText = "envelope (all-point)";
        var raw = plot.Add.ScatterLine(r, p, PlotStyle.SeriesColor(7));
        raw.LineWidth = 1;
        raw.MarkerSize = 5;
        raw.MarkerShape = MarkerShape.FilledCircle;
        raw.LegendText = "raw precision-recall";
        double[] samples = AveragePrecision.ElevenPointSamples(r, p, levels);
        double[] at = [.. levels];
        var sampled = plot.Add.ScatterPoints(at, samples, PlotStyle.SeriesColor(3));
        sampled.MarkerSize = 10;
        sampled.MarkerShape = MarkerShape.OpenSquare;
        sampled.MarkerLineWidth = 2;
        sampled.LegendText = "11 sampled points";
        plot.Axes.SetLimits(-0.02, 1.02, 0, 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        return PlotStyle.Finish(plot);
    }
}
