using System.Text.Json;
using DetEval.Cli.Commands;

namespace DetEval.Cli.Tests;

/// <summary><c>deteval coco --iou-type keypoints</c>: parsing, the checker's interface end to end, and the sigma-count error.</summary>
public sealed class KeypointCommandTests : IDisposable
{
    private static readonly string Animal = TestData.Path("reference", "keypoints-small", "animal");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-kpt-tests-" + Guid.NewGuid().ToString("N"));

    public KeypointCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Parse_KptSigmas_ForAllAndForOneCategory()
    {
        var parse = Program.BuildRoot().Parse(["coco", "--gt", "g.json", "--dt", "d.json", "--iou-type", "keypoints", "--kpt-sigmas", "0.05,0.06,0.10", "--kpt-sigmas", "5:0.1,0.2,0.3"]);
        Assert.Empty(parse.Errors);
        var options = CocoCommand.Parse(parse).Options;
        Assert.Equal(IouType.Keypoints, options.IouType);
        Assert.Equal([0.05, 0.06, 0.10], options.KeypointSigmas);
        Assert.Equal([0.1, 0.2, 0.3], options.SigmasFor(5));
        Assert.Equal([20], options.MaxDetections);
    }

    [Theory]
    [InlineData("0.05,x")]
    [InlineData("-0.1")]
    [InlineData("a:0.1")]
    public void Parse_BadKptSigmas_IsAUsageError(string value)
    {
        var (code, _, _) = CliHarness.Run(["coco", "--gt", Path.Combine(Animal, "gt.json"), "--dt", Path.Combine(Animal, "dt.json"), "--iou-type", "keypoints", "--kpt-sigmas", value]);
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public void Run_TheCheckersCommand_WritesTheTenReferenceStats()
    {
        string json = Path.Combine(dir, "out.json");
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--iou-type", "keypoints", "--gt", Path.Combine(Animal, "gt.json"), "--dt", Path.Combine(Animal, "dt.json"), "--kpt-sigmas", "0.05,0.06,0.10,0.10,0.08", "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("maxDets= 20 ] = 0.563", stdout, StringComparison.Ordinal);
        using var ours = JsonDocument.Parse(File.ReadAllBytes(json));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Animal, "expected.json")));
        Assert.Equal("keypoints", ours.RootElement.GetProperty("iouType").GetString());
        foreach (var stat in expected.RootElement.GetProperty("stats").EnumerateObject())
        {
            Assert.Equal(stat.Value.GetDouble(), ours.RootElement.GetProperty("stats").GetProperty(stat.Name).GetDouble(), 1e-12);
        }
    }

    [Fact]
    public void Run_ASigmaCountOtherThanTheKeypoints_ExitsTwo_NamingThePlace()
    {
        string json = Path.Combine(dir, "out.json");
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--iou-type", "keypoints", "--gt", Path.Combine(Animal, "gt.json"), "--dt", Path.Combine(Animal, "dt.json"), "--json", json]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.False(File.Exists(json));
        Assert.Contains("$.annotations[0].keypoints", stderr, StringComparison.Ordinal);
        Assert.Contains("17", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_Out_WritesThePerKeypointErrorsAndTheirPlots()
    {
        string outDir = Path.Combine(dir, "report");
        var (code, _, stderr) = CliHarness.Run(["coco", "--iou-type", "keypoints", "--gt", Path.Combine(Animal, "gt.json"), "--dt", Path.Combine(Animal, "dt.json"), "--kpt-sigmas", "0.05,0.06,0.10,0.10,0.08", "--out", outDir, "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        using (var stream = File.OpenRead(Path.Combine(outDir, "keypoints.csv")))
        {
            var rows = DetEval.Reports.KeypointReport.Read(stream);
            Assert.Equal(10, rows.Count);
            Assert.Contains(rows, r => r.Name == "tail_bottom" && r.Count > 0);
        }

        Assert.True(File.Exists(Path.Combine(outDir, "classes", "2_bird_keypoint_errors.png")));
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "report.json")));
        Assert.True(report.RootElement.GetProperty("stats").TryGetProperty("ARl", out _));
        Assert.False(File.Exists(Path.Combine(outDir, "confusion_matrix.csv")));
    }
}
