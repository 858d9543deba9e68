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
        Assert.Equal(0.75, VocConstructionPlot.AllPointAp(recall, precision), 15);
        // t = 0..0.5 take 1, t = 0.6..1 take 0.5.
        Assert.Equal(8.5 / 11, VocConstructionPlot.ElevenPointAp(recall, precision), 15);
    }

    [Fact]
    public void VocConstruction_HasFourSeriesAndText()
    {
        var plot = VocConstructionPlot.Create([0.1, 0.2, 0.2, 0.4], [1.0, 1.0, 0.67, 0.5], "class A");
        Assert.Equal(4, plot.GetPlottables().Count());
        Assert.Contains("<text", plot.GetSvgXml(PlotStyle.Width, PlotStyle.Height), StringComparison.Ordinal);
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
