using System.Text.Json;
using System.Text.Json.Nodes;
using DetEval.Cli.Commands;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval coco --iou-type boundary [--dilation-ratio R]</c>: parsing, usage errors, the command the
/// boundary-small checker runs (its JSON against boundary-iou-api's numbers), shards merged, and bad input.
/// </summary>
public sealed class CocoBoundaryCommandTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-boundary-tests-" + Guid.NewGuid().ToString("N"));

    public CocoBoundaryCommandTests() => Directory.CreateDirectory(dir);

    public static TheoryData<string> Cases => new() { "small", "small-r0.012", "corner" };

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Parse_Boundary_TakesTheReferenceRatio_AndHonoursTheIgnoreField()
    {
        var (gt, dt, _) = Inputs("corner");
        var parse = Program.BuildRoot().Parse(["coco", "--gt", gt, "--dt", dt, "--iou-type", "boundary"]);
        Assert.Empty(parse.Errors);
        var options = CocoCommand.Parse(parse).Options;
        Assert.Equal(IouType.Boundary, options.IouType);
        Assert.Equal(0.02, options.DilationRatio);
        Assert.True(options.HonorIgnoreFlag);
    }

    [Fact]
    public void Parse_DilationRatio_IsReadInvariantly()
    {
        var (gt, dt, _) = Inputs("corner");
        var parse = Program.BuildRoot().Parse(["coco", "--gt", gt, "--dt", dt, "--iou-type", "boundary", "--dilation-ratio", "0.012"]);
        Assert.Empty(parse.Errors);
        Assert.Equal(0.012, CocoCommand.Parse(parse).Options.DilationRatio);
    }

    [Theory]
    [InlineData("segm", "0.02", "needs --iou-type boundary")]
    [InlineData("bbox", "0.02", "needs --iou-type boundary")]
    [InlineData("boundary", "1.5", "'1.5' is not a number in [0, 1]")]
    [InlineData("boundary", "-0.1", "'-0.1' is not a number in [0, 1]")]
    [InlineData("boundary", "two", "'two' is not a number in [0, 1]")]
    [InlineData("boundary", "NaN", "'NaN' is not a number in [0, 1]")]
    public void DilationRatio_Misused_IsAUsageError(string iouType, string ratio, string message)
    {
        var (gt, dt, _) = Inputs("corner");
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--gt", gt, "--dt", dt, "--iou-type", iouType, "--dilation-ratio", ratio]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr + stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CheckersCommand_WritesBoundaryIouApisNumbers(string name)
    {
        // deteval coco --iou-type boundary --gt GT --dt DT [--dilation-ratio R] --json OUT (R only when not 0.02).
        var (gt, dt, ratio) = Inputs(name);
        string json = Path.Combine(dir, name + ".json");
        string[] args = ["coco", "--iou-type", "boundary", "--gt", gt, "--dt", dt, .. ratio == 0.02 ? Array.Empty<string>() : ["--dilation-ratio", ratio.ToString("R", System.Globalization.CultureInfo.InvariantCulture)], "--json", json];
        var (code, stdout, stderr) = CliHarness.Run(args);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]", stdout, StringComparison.Ordinal);

        using var ours = JsonDocument.Parse(File.ReadAllBytes(json));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Expected(name)));
        Assert.Equal("boundary", ours.RootElement.GetProperty("iouType").GetString());
        Assert.Equal(ratio, ours.RootElement.GetProperty("params").GetProperty("dilationRatio").GetDouble());
        Assert.StartsWith("boundary-iou-api", ours.RootElement.GetProperty("conventions").GetProperty("reference").GetString(), StringComparison.Ordinal);
        foreach (var stat in expected.RootElement.GetProperty("stats").EnumerateObject())
        {
            Assert.Equal(stat.Value.GetDouble(), ours.RootElement.GetProperty("stats").GetProperty(stat.Name).GetDouble(), 1e-12);
        }

        var categories = ours.RootElement.GetProperty("categories").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetInt64());
        foreach (var cat in expected.RootElement.GetProperty("per_category").EnumerateArray())
        {
            var mine = categories[cat.GetProperty("category_id").GetInt64()];
            foreach (string key in new[] { "AP", "AP50", "AP75", "AR100" })
            {
                Assert.Equal(cat.GetProperty(key).GetDouble(), mine.GetProperty(key).GetDouble(), 1e-12);
            }
        }
    }

    [Fact]
    public void StateOut_TwoShardsByImage_MergeToTheOneRunsNumbers()
    {
        var (gt, dt, _) = Inputs("corner");
        long[] images = [.. JsonNode.Parse(File.ReadAllText(gt))!["images"]!.AsArray().Select(i => i!["id"]!.GetValue<long>())];
        string[] states = [Path.Combine(dir, "a.state"), Path.Combine(dir, "b.state")];
        for (int part = 0; part < 2; part++)
        {
            string ids = string.Join(",", images.Where((_, i) => i % 2 == part));
            var run = CliHarness.Run(["coco", "--iou-type", "boundary", "--gt", gt, "--dt", dt, "--image-ids", ids, "--state-out", states[part], "-q"]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        }

        string merged = Path.Combine(dir, "merged.json");
        var (code, _, stderr) = CliHarness.Run(["merge", .. states, "--json", merged, "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        using var json = JsonDocument.Parse(File.ReadAllBytes(merged));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Expected("corner")));
        Assert.Equal("boundary", json.RootElement.GetProperty("iouType").GetString());
        foreach (var stat in expected.RootElement.GetProperty("stats").EnumerateObject())
        {
            Assert.Equal(stat.Value.GetDouble(), json.RootElement.GetProperty("stats").GetProperty(stat.Name).GetDouble(), 1e-12);
        }

        // A state of another dilation ratio does not merge with these.
        string other = Path.Combine(dir, "other.state");
        var third = CliHarness.Run(["coco", "--iou-type", "boundary", "--dilation-ratio", "0.05", "--gt", gt, "--dt", dt, "--image-ids", images[0].ToString(System.Globalization.CultureInfo.InvariantCulture), "--state-out", other, "-q"]);
        Assert.True(third.Code == ExitCodes.Ok, third.Stderr);
        var refused = CliHarness.Run(["merge", states[1], other]);
        Assert.Equal(ExitCodes.BadInput, refused.Code);
        Assert.Contains("dilation ratios differ", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_OfTwoBoundaryStates_NamesBoundary_AndItsAPIsTheReferences()
    {
        var (gt, dt, _) = Inputs("corner");
        string state = Path.Combine(dir, "corner.state"), json = Path.Combine(dir, "compare.json");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["coco", "--iou-type", "boundary", "--gt", gt, "--dt", dt, "--state-out", state, "-q"]).Code);
        var (code, stdout, stderr) = CliHarness.Run(["compare", state, state, "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains(", boundary;", stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.Equal("boundary", report.RootElement.GetProperty("iouType").GetString());
        var ap = report.RootElement.GetProperty("stats").GetProperty("AP");
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Expected("corner")));
        Assert.Equal(expected.RootElement.GetProperty("stats").GetProperty("AP").GetDouble(), ap.GetProperty("a").GetDouble(), 1e-12);
        Assert.Equal(0, ap.GetProperty("difference").GetDouble());
    }

    [Fact]
    public void TruthWithoutSegmentation_IsBadInput_OnOneLineNamingTheFile()
    {
        var (gt, dt, _) = Inputs("corner");
        var root = JsonNode.Parse(File.ReadAllText(gt))!.AsObject();
        var first = root["annotations"]!.AsArray()[0]!.AsObject();
        first.Remove("segmentation");
        string broken = Path.Combine(dir, "gt-no-segmentation.json");
        File.WriteAllText(broken, root.ToJsonString());
        string json = Path.Combine(dir, "out.json");
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--iou-type", "boundary", "--gt", broken, "--dt", dt, "--json", json]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.False(File.Exists(json));
        string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains("gt-no-segmentation.json", stderr, StringComparison.Ordinal);
        Assert.Contains($"ground truth {first["id"]}", stderr, StringComparison.Ordinal);
    }

    private static (string Gt, string Dt, double Ratio) Inputs(string name)
    {
        var entry = Case(name);
        return (Folder(entry.GetProperty("gt").GetString()!), Folder(entry.GetProperty("dt").GetString()!), entry.GetProperty("dilation_ratio").GetDouble());
    }

    private static string Expected(string name) => Folder(Case(name).GetProperty("expected").GetString()!);

    private static JsonElement Case(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Folder("cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    private static string Folder(string relative) => Path.GetFullPath(TestData.Path(["reference", "boundary-small", .. relative.Split('/')]));
}
