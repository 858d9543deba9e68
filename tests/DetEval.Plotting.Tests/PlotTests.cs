using DetEval.Plotting;

namespace DetEval.Plotting.Tests;

public class PlotTests
{
    [Fact]
    public void VocAp_AllPointAndElevenPoint_MatchHandComputedValues()
    {
        double[] recall = [0.5, 1.0];
        double[] precision = [1.0, 0.5];
        // Envelope: [1, 1, 0.5, 0] over recall [0, 0.5, 1, 1]: 0.5 * 1 + 0.5 * 0.5.
        Assert.Equal(0.75, AveragePrecision.AllPoint(recall, precision), 15);
        // t = 0..0.5 take 1, t = 0.6..1 take 0.5.
        Assert.Equal(8.5 / 11, AveragePrecision.ElevenPoint(recall, precision, AveragePrecision.NumpyElevenPointLevels), 15);
    }

    [Fact]
    public void VocConstruction_HasFourSeriesAndText()
    {
        var plot = VocConstructionPlot.Create([0.1, 0.2, 0.2, 0.4], [1.0, 1.0, 0.67, 0.5], "class A");
        Assert.Equal(4, plot.GetPlottables().Count());
        Assert.Contains("<text", plot.GetSvgXml(PlotStyle.Width, PlotStyle.Height), StringComparison.Ordinal);
    }

    [Fact]
    public void VocConstruction_ShowsTheCoresApValuesAndEnvelope_ComputingNone()
    {
        double[] recall = [0.1, 0.2, 0.2, 0.3, 0.4];
        double[] precision = [1.0, 1.0, 0.67, 0.75, 0.5];
        var plot = VocConstructionPlot.Create(recall, precision, "class A");
        string svg = plot.GetSvgXml(PlotStyle.Width, PlotStyle.Height);
        string all = AveragePrecision.AllPoint(recall, precision).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        string eleven = AveragePrecision.ElevenPoint(recall, precision, AveragePrecision.NumpyElevenPointLevels).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"all-point AP {all}, 11-point AP {eleven}", svg, StringComparison.Ordinal);
        // The 11 sampled points are the core's samples at the devkit's levels.
        var sampled = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().Single(p => p.LegendText == "11 sampled points");
        var points = sampled.Data.GetScatterPoints();
        Assert.Equal(AveragePrecision.NumpyElevenPointLevels, points.Select(c => c.X));
        Assert.Equal(AveragePrecision.ElevenPointSamples(recall, precision, AveragePrecision.NumpyElevenPointLevels), points.Select(c => c.Y));
    }

    [Fact]
    public void Fonts_EmbeddedDejaVuSansIsTheDefault()
    {
        PlotFonts.Register();
        Assert.Equal(PlotFonts.FontName, ScottPlot.Fonts.Default);
        var typeface = ScottPlot.Fonts.GetTypeface(PlotFonts.FontName, false, false);
        Assert.Equal("DejaVu Sans", typeface.FamilyName);
    }
}
