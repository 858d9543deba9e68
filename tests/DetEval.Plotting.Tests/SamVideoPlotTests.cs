using DetEval.Testing;

namespace DetEval.Plotting.Tests;

/// <summary>The J/F-per-frame plots of <c>deteval sam --mode video --out</c>: series data and files, no pixel goldens.</summary>
public sealed class SamVideoPlotTests
{
    private static readonly SamVideoResult Result = SamVideoEvaluation.Evaluate(
        TestData.Path("reference", "sav-small", "sav", "gt"), TestData.Path("reference", "sav-small", "sav", "pred"));

    [Fact]
    public void PerFrame_HasAJAndAnFSeriesPerObjectWithItsFrameValues()
    {
        var video = Result.Videos[0];
        var plot = SamVideoPlots.PerFrame(video);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();

        Assert.Equal(2 * video.Objects.Count, lines.Length);
        for (int o = 0; o < video.Objects.Count; o++)
        {
            Assert.Equal(video.Objects[o].FrameJ, lines[2 * o].Data.GetScatterPoints().Select(p => p.Y));
            Assert.Equal(video.Objects[o].FrameF, lines[(2 * o) + 1].Data.GetScatterPoints().Select(p => p.Y));
        }
    }

    [Fact]
    public void WriteDirectory_WritesAPngAndSvgPerWorstVideo()
    {
        string dir = Path.Combine(Path.GetTempPath(), "deteval-sam-video-plots-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = SamVideoPlots.WriteDirectory(Result, dir);

            Assert.Equal(2 * Math.Min(SamVideoPlots.WorstVideos, Result.Videos.Count), written.Count);
            PngAssert.IsDrawnPlot(written.First(f => f.EndsWith(".png", StringComparison.Ordinal)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
