using System.Text.Json;

namespace DetEval.Cli.Tests.Commands;

/// <summary><c>deteval sam --out DIR</c> on testdata/reference/sam-small: the files, checked against --json and the reference numbers.</summary>
public sealed class SamOutCommandTests : IDisposable
{
    private static readonly string Root = TestData.Path("reference", "sam-small");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-sam-out-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Auto_WritesTheReportTheTableAndThePlots()
    {
        string json = dir + ".json";
        try
        {
            var (code, _, stderr) = CliHarness.Run(["sam", "--mode", "auto", "--gt", Path.Combine(Root, "gt_sa1b"), "--dt", Path.Combine(Root, "pred_png"), "--out", dir, "--json", json]);
            Assert.True(code == ExitCodes.Ok, stderr);
            Assert.Contains("wrote 6 files", stderr, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(json), File.ReadAllText(Path.Combine(dir, "report.json")));
        }
        finally
        {
            File.Delete(json);
        }

        // The report's AP is the reference's (expected.json), and images.csv has one row per image with its mean best IoU.
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json")));
        double ap = expected.RootElement.GetProperty("auto").GetProperty("stats").GetProperty("AP").GetDouble();
        Assert.Equal(ap, report.RootElement.GetProperty("stats").GetProperty("AP").GetDouble(), 1e-12);
        string[] lines = File.ReadAllLines(Path.Combine(dir, "images.csv"));
        Assert.Equal("image,gtMasks,predictions,meanBestIoU", lines[0]);
        Assert.Equal(7, lines.Length); // a header, 5 GT images (4 paired, 1 without predictions), 1 prediction image without GT
        Assert.All(lines.Skip(1), l => Assert.Equal(4, l.Split(',').Length));

        foreach (string name in new[] { "pr_curves", "confidence" })
        {
            Assert.True(File.Exists(Path.Combine(dir, name + ".svg")), name);
            PngAssert.IsDrawnPlot(Path.Combine(dir, name + ".png"));
        }
    }

    [Fact]
    public void Prompt_WritesTheReportOnly()
    {
        var (code, _, stderr) = CliHarness.Run(["sam", "--mode", "prompt", "--gt", Path.Combine(Root, "gt_sa1b"), "--dt", Path.Combine(Root, "prompts.json"), "--out", dir]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(["report.json"], Directory.GetFiles(dir).Select(Path.GetFileName));
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json")));
        var prompt = expected.RootElement.GetProperty("prompt");
        Assert.Equal(prompt.GetProperty("prompts").GetInt32(), report.RootElement.GetProperty("prompts").GetInt32());
        Assert.Equal(prompt.GetProperty("mIoU").GetDouble(), report.RootElement.GetProperty("mIoU").GetDouble(), 1e-12);
        Assert.Equal(prompt.GetProperty("oracleMIoU").GetDouble(), report.RootElement.GetProperty("oracleMIoU").GetDouble(), 1e-12);
    }
}
