using System.Globalization;
using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>TIDE's summary figures: the dAP of each main error type, and the FalsePos / FalseNeg split.</summary>
public static class TidePlots
{
    /// <summary>Horizontal bars of the six main dAPs (Cls, Loc, Both, Dupe, Bkg, Missed, top to bottom), in AP points (percent).</summary>
    /// <param name="result">The TIDE result.</param>
    /// <returns>The plot.</returns>
    public static Plot MainErrors(TideResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = Enum.GetValues<TideErrorType>().Select(t => result.DeltaAP(t) * 100).ToArray();
        return Bars(
            string.Create(CultureInfo.InvariantCulture, $"TIDE main errors (AP50 {result.AP50 * 100:0.00})"),
            [.. TideReport.MainErrorNames], values, 0);
    }

    /// <summary>Horizontal bars of the two special dAPs: every false positive removed (FalsePos) and every false negative removed (FalseNeg).</summary>
    /// <param name="result">The TIDE result.</param>
    /// <returns>The plot.</returns>
    public static Plot SpecialErrors(TideResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Bars("TIDE special errors", ["FalsePos", "FalseNeg"], [result.FalsePositiveDeltaAP * 100, result.FalseNegativeDeltaAP * 100], 6);
    }

    private static Plot Bars(string title, string[] names, double[] values, int firstColor)
    {
        var plot = PlotStyle.Create(title, "dAP (AP points)", "");
        var bars = new List<Bar>();
        var positions = new double[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            // The first type gets the highest position, so the order reads top to bottom.
            positions[i] = names.Length - 1 - i;
            bars.Add(new Bar
            {
                Position = positions[i],
                Value = values[i],
                FillColor = PlotStyle.SeriesColor(firstColor + i),
                Label = values[i].ToString("0.00", CultureInfo.InvariantCulture),
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 12;
        plot.Axes.Left.SetTicks(positions, names);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        double low = Math.Min(0, values.Min());
        double high = Math.Max(values.Max(), 1e-9);
        plot.Axes.SetLimits(low - ((high - low) * 0.05), high * 1.2, -0.7, names.Length - 0.3);
        plot.HideGrid();
        return PlotStyle.Finish(plot);
    }
}
