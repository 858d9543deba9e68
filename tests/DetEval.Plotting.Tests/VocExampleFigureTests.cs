using System.Text.Json;
using DetEval.Plotting;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval.Plotting.Tests;

/// <summary>
/// The 7-image Pascal VOC example (testdata/external/rafaelpadilla-7img-voc) at IoU 0.3: the construction plot's
/// AP formulas give the published values from the TP column. With DETEVAL_DOCS_IMAGES set to a directory, the
/// figure is also written there (docs/images/voc_7img_construction.png in the repository).
/// </summary>
public class VocExampleFigureTests
{
    [Fact]
    public void SevenImageExample_ApMatchesReference_AndFigureRenders()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("external", "rafaelpadilla-7img-voc", "expected.json")));
        var root = json.RootElement;
        int positives = root.GetProperty("npos").GetInt32();
        var rows = root.GetProperty("pr_table_iou0.3").GetProperty("rows").EnumerateArray().ToArray();
        var recall = new double[rows.Length];
        var precision = new double[rows.Length];
        int tp = 0;
        for (int i = 0; i < rows.Length; i++)
        {
            tp += rows[i][3].GetInt32();
            recall[i] = tp / (double)positives;
            precision[i] = tp / (double)(i + 1);
        }

        Assert.Equal(root.GetProperty("AP_all_point").GetProperty("0.3").GetDouble(), VocConstructionPlot.AllPointAp(recall, precision), 9);
        Assert.Equal(root.GetProperty("AP_11_point").GetProperty("0.3").GetDouble(), VocConstructionPlot.ElevenPointAp(recall, precision), 9);

        var plot = VocConstructionPlot.Create(recall, precision, "7-image VOC example, IoU 0.3");
        string dir = Environment.GetEnvironmentVariable("DETEVAL_DOCS_IMAGES") is { Length: > 0 } docs
            ? docs
            : Path.Combine(Path.GetTempPath(), "deteval-voc-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(dir, "voc_7img_construction.png");
        PlotFiles.SavePng(plot, path);
        using var image = Image.Load<Rgba32>(path);
        Assert.Equal(PlotStyle.Width, image.Width);
        Assert.Equal(PlotStyle.Height, image.Height);
    }
}
