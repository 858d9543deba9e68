using System.Globalization;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>
/// The Pascal VOC AP construction for one class: the raw precision-recall points, the monotone envelope whose
/// area is the all-point AP (VOC2010+), and the 11 sampled points whose mean is the 11-point AP (VOC2007).
/// Takes plain arrays, so it works with any engine.
/// </summary>
public static class VocConstructionPlot
{
    /// <summary>
    /// All-point AP: the area under the envelope of <c>[0, recall..., 1]</c> / <c>[0, precision..., 0]</c>,
    /// where the envelope is precision made monotone right to left.
    /// </summary>
    /// <remarks><c>AP = Σ (r[i+1] - r[i]) · p_env[i+1]</c> over the points where recall changes.</remarks>
    public static double AllPointAp(IReadOnlyList<double> recall, IReadOnlyList<double> precision)
    {
        var (mrec, mpre) = Envelope(recall, precision);
        double ap = 0;
        for (int i = 1; i < mrec.Length; i++)
        {
            if (mrec[i] != mrec[i - 1])
            {
                ap += (mrec[i] - mrec[i - 1]) * mpre[i];
            }
        }

        return ap;
    }

    /// <summary>11-point AP: the mean over <c>t = 0, 0.1, ..., 1</c> of the highest precision at recall &gt;= t (0 if none).</summary>
    public static double ElevenPointAp(IReadOnlyList<double> recall, IReadOnlyList<double> precision) => ElevenPoints(recall, precision).Average();

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

        double all = AllPointAp(recall, precision), eleven = ElevenPointAp(recall, precision);
        var plot = PlotStyle.Create(
            string.Create(CultureInfo.InvariantCulture, $"{title}: all-point AP {all:0.0000}, 11-point AP {eleven:0.0000}"),
            "Recall",
            "Precision");
        var (mrec, mpre) = Envelope(recall, precision);
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
        double[] rawRecall = [.. recall], rawPrecision = [.. precision];
        var raw = plot.Add.ScatterLine(rawRecall, rawPrecision, PlotStyle.SeriesColor(7));
        raw.LineWidth = 1;
        raw.MarkerSize = 5;
        raw.MarkerShape = MarkerShape.FilledCircle;
        raw.LegendText = "raw precision-recall";
        double[] samples = ElevenPoints(recall, precision);
        double[] at = [.. Enumerable.Range(0, 11).Select(i => i / 10.0)];
        var sampled = plot.Add.ScatterPoints(at, samples, PlotStyle.SeriesColor(3));
        sampled.MarkerSize = 10;
        sampled.MarkerShape = MarkerShape.OpenSquare;
        sampled.MarkerLineWidth = 2;
        sampled.LegendText = "11 sampled points";
        plot.Axes.SetLimits(-0.02, 1.02, 0, 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        return PlotStyle.Finish(plot);
    }

    private static (double[] Recall, double[] Precision) Envelope(IReadOnlyList<double> recall, IReadOnlyList<double> precision)
    {
        int n = recall.Count;
        var mrec = new double[n + 2];
        var mpre = new double[n + 2];
        mrec[n + 1] = 1;
        for (int i = 0; i < n; i++)
        {
            mrec[i + 1] = recall[i];
            mpre[i + 1] = precision[i];
        }

        for (int i = n; i >= 0; i--)
        {
            mpre[i] = Math.Max(mpre[i], mpre[i + 1]);
        }

        return (mrec, mpre);
    }

    private static double[] ElevenPoints(IReadOnlyList<double> recall, IReadOnlyList<double> precision)
    {
        var samples = new double[11];
        for (int s = 0; s <= 10; s++)
        {
            double t = s / 10.0;
            double best = 0;
            for (int i = 0; i < recall.Count; i++)
            {
                if (recall[i] >= t)
                {
                    best = Math.Max(best, precision[i]);
                }
            }

            samples[s] = best;
        }

        return samples;
    }
}
