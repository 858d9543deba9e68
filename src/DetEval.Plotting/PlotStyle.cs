using ScottPlot;

namespace DetEval.Plotting;

/// <summary>The fixed look of DetEval plots: size, palette and font.</summary>
public static class PlotStyle
{
    /// <summary>The default image width in pixels.</summary>
    public const int Width = 800;

    /// <summary>The default image height in pixels.</summary>
    public const int Height = 600;

    /// <summary>The series colours, in order (Tableau 10).</summary>
    public static IReadOnlyList<Color> Palette { get; } =
    [
        Color.FromHex("#1f77b4"), Color.FromHex("#ff7f0e"), Color.FromHex("#2ca02c"), Color.FromHex("#d62728"),
        Color.FromHex("#9467bd"), Color.FromHex("#8c564b"), Color.FromHex("#e377c2"), Color.FromHex("#7f7f7f"),
        Color.FromHex("#bcbd22"), Color.FromHex("#17becf"),
    ];

    /// <summary>The colour of series <paramref name="index"/>, cycling through <see cref="Palette"/>.</summary>
    public static Color SeriesColor(int index) => Palette[((index % Palette.Count) + Palette.Count) % Palette.Count];

    /// <summary>A new plot with the DejaVu Sans font, a title and axis labels.</summary>
    internal static Plot Create(string title, string xLabel, string yLabel)
    {
        PlotFonts.Register();
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        plot.Axes.Title.Label.Bold = false;
        plot.Axes.Bottom.Label.Bold = false;
        plot.Axes.Left.Label.Bold = false;
        return plot;
    }

    /// <summary>Sets the font of every text of <paramref name="plot"/> to DejaVu Sans (after the series are added).</summary>
    internal static Plot Finish(Plot plot)
    {
        plot.Font.Set(PlotFonts.FontName);
        return plot;
    }
}
