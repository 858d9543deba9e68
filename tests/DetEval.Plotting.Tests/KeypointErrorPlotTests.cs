using DetEval.Plotting;
using DetEval.Reports;

namespace DetEval.Plotting.Tests;

public class KeypointErrorPlotTests
{
    private static readonly KeypointErrorRow[] Rows =
    [
        new("bird", 2, 0, "beak", 10, 0.9, 0.1),
        new("bird", 2, 1, "tail", 8, 0.7, 0.30000000000000004),
        new("bird", 2, 2, "crown", 0, null, null),
    ];

    [Fact]
    public void Create_DrawsOneBarPerMatchedKeypoint_WorstOnTop()
    {
        var plot = KeypointErrorPlot.Create(Rows);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().Single().Bars;
        // The keypoint never matched (crown) has no bar; the worst (tail) has the highest position.
        Assert.Equal(2, bars.Count);
        var top = bars.OrderByDescending(b => b.Position).First();
        Assert.Equal(0.30000000000000004, top.Value);
        Assert.Contains("tail", plot.GetSvgXml(PlotStyle.Width, PlotStyle.Height), StringComparison.Ordinal);
    }

    [Fact]
    public void Save_WritesPngAndSvgPerCategory_UnderClasses()
    {
        string dir = Path.Combine(Path.GetTempPath(), "deteval-kpt-plot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = KeypointErrorPlot.Save(Rows, dir);
            Assert.Equal(2, written.Count);
            Assert.All(written, f => Assert.True(new FileInfo(f).Length > 0, f));
            Assert.Contains(Path.Combine(dir, "classes", "2_bird_keypoint_errors.png"), written);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
