using System.Text.Json;
using DetEval.Cli.Commands;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval tide</c>: parsing, the end-to-end run on testdata/reference/small against tidecv's numbers and printout
/// (reference/tide-small), the files of --out, --state-out with <c>deteval merge</c>, <c>coco --tide</c>, and bad input.
/// </summary>
public sealed class TideCommandTests : IDisposable
{
    private static readonly string Gt = TestData.Path("reference", "small", "gt.json");
    private static readonly string DtBbox = TestData.Path("reference", "small", "dt_bbox.json");
    private static readonly string DtSegm = TestData.Path("reference", "small", "dt_segm.json");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-tide-tests-" + Guid.NewGuid().ToString("N"));

    public TideCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static JsonElement Expected(string iouType)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "tide-small", $"expected_{iouType}.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Parse_ReadsEveryOption()
    {
        var parse = Program.BuildRoot().Parse(["tide", "--gt", "g.json", "--dt", "d.json", "--iou-type", "segm", "--json", "o.json", "--out", "od", "--no-plots", "--state-out", "s.state", "-q"]);
        Assert.Empty(parse.Errors);
        var settings = TideCommand.Parse(parse);
        Assert.Equal("g.json", settings.GroundTruth.Name);
        Assert.Equal("d.json", settings.Results.Name);
        Assert.Equal(TideOptions.Tide(IouType.Segm), settings.Options);
        Assert.Equal("o.json", settings.Json!.Name);
        Assert.Equal("od", settings.Out!.Name);
        Assert.False(settings.Plots);
        Assert.Equal("s.state", settings.StateOut!.Name);
        Assert.True(settings.Quiet);

        var defaults = TideCommand.Parse(Program.BuildRoot().Parse(["tide", "--gt", "g.json", "--dt", "d.json"]));
        Assert.Equal(TideOptions.Tide(IouType.Bbox), defaults.Options);
        Assert.True(defaults.Plots);
        Assert.Null(defaults.Json);
    }

    [Fact]
    public void Parse_UnknownIouType_IsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run(["tide", "--gt", Gt, "--dt", DtBbox, "--iou-type", "keypoints"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("keypoints", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void Run_JsonAndPrintout_AreTidecvs(string iouType)
    {
        string json = Path.Combine(dir, "tide.json");
        var (code, stdout, stderr) = CliHarness.Run(["tide", "--gt", Gt, "--dt", iouType == "bbox" ? DtBbox : DtSegm, "--iou-type", iouType, "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        var expected = Expected(iouType);

        // summarize()'s printout after its "-- name --" line, blank lines and trailing spaces left out.
        string[] printed = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(expected.GetProperty("summaryText").EnumerateArray().Skip(1).Select(l => l.GetString()!), printed);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var root = doc.RootElement;
        Assert.Equal(expected.GetProperty("AP50").GetDouble(), root.GetProperty("AP50").GetDouble());
        foreach (var group in new[] { "mainErrors", "specialErrors", "errorCounts", "mainErrorsUnclipped" })
        {
            foreach (var p in expected.GetProperty(group).EnumerateObject())
            {
                Assert.True(p.Value.GetDouble() == root.GetProperty(group).GetProperty(p.Name).GetDouble(), $"{group}.{p.Name}");
            }
        }

        Assert.Equal(expected.GetProperty("perClass").GetArrayLength(), root.GetProperty("classes").GetArrayLength());
        Assert.Equal(60, root.GetProperty("numImages").GetInt32());
    }

    [Fact]
    public void Run_Out_WritesJsonCsvAndBothPlots()
    {
        string outDir = Path.Combine(dir, "out");
        var (code, _, stderr) = CliHarness.Run(["tide", "--gt", Gt, "--dt", DtBbox, "--out", outDir]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("wrote 6 files", stderr, StringComparison.Ordinal);
        PngAssert.IsDrawnPlot(Path.Combine(outDir, "tide_main_errors.png"));
        PngAssert.IsDrawnPlot(Path.Combine(outDir, "tide_special_errors.png"));
        Assert.True(File.Exists(Path.Combine(outDir, "tide_main_errors.svg")));
        using var csv = File.OpenRead(Path.Combine(outDir, "tide_classes.csv"));
        var rows = Reports.TideReport.ReadClasses(csv);
        var expected = Expected("bbox").GetProperty("perClass").EnumerateArray().OrderBy(e => e.GetProperty("class").GetInt64()).ToArray();
        Assert.Equal(expected.Select(e => e.GetProperty("class").GetInt64()), rows.Select(r => r.CategoryId));
        Assert.Equal(expected.Select(e => e.GetProperty("numTP").GetInt32()), rows.Select(r => r.TP));
        Assert.Equal(Expected("bbox").GetProperty("errorCounts").GetProperty("Bkg").GetInt32(), rows.Sum(r => r.Bkg));
    }

    [Fact]
    public void CocoWithTide_WritesTheSameTideFilesBesideTheCocoReport()
    {
        string tideOut = Path.Combine(dir, "tide"), cocoOut = Path.Combine(dir, "coco");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["tide", "--gt", Gt, "--dt", DtBbox, "--out", tideOut, "--no-plots"]).Code);
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--gt", Gt, "--dt", DtBbox, "--out", cocoOut, "--tide"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("bbox AP @ 50: 61.70", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(cocoOut, "report.json")));
        Assert.True(File.Exists(Path.Combine(cocoOut, "tide_main_errors.png")));
        Assert.Equal(File.ReadAllText(Path.Combine(tideOut, "tide.json")), File.ReadAllText(Path.Combine(cocoOut, "tide.json")));
    }

    [Fact]
    public void StateOut_ThenMerge_PrintsTheSameBreakdown()
    {
        // Shards made through the library, each for the dataset's whole image list and its own images; merged by the CLI.
        var gt = CocoReader.ReadGroundTruth(Gt);
        var dt = CocoReader.ReadResults(DtBbox, gt);
        var states = new List<string>();
        for (int k = 0; k < 3; k++)
        {
            var images = gt.Images.Where((_, i) => i % 3 == k).ToArray();
            var shard = new DetectionDataset(images, gt.Categories, [.. gt.GroundTruths.Where(t => images.Any(i => i.Id == t.ImageId))]);
            var evaluator = new TideEvaluator(TideOptions.Tide(), gt.Images.Select(i => i.Id), gt.Categories);
            evaluator.Update(shard, new DetectionSet(dt.AsSpan().ToArray().Where(d => images.Any(i => i.Id == d.ImageId))));
            string path = Path.Combine(dir, $"part{k}.state");
            File.WriteAllBytes(path, evaluator.Snapshot().ToArray());
            states.Add(path);
        }

        string whole = Path.Combine(dir, "whole.json"), merged = Path.Combine(dir, "merged.json");
        var direct = CliHarness.Run(["tide", "--gt", Gt, "--dt", DtBbox, "--json", whole, "--state-out", Path.Combine(dir, "whole.state")]);
        Assert.True(direct.Code == ExitCodes.Ok, direct.Stderr);
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--json", merged]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(direct.Stdout, stdout);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(merged));
        Assert.Contains("merged 3 states: 60 images", stderr, StringComparison.Ordinal);

        var twice = CliHarness.Run(["merge", states[0], states[0]]);
        Assert.Equal(ExitCodes.BadInput, twice.Code);
        Assert.Contains("is in both states", twice.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SegmRunOnBoxResults_IsBadInputNamingTheResultsFile()
    {
        string json = Path.Combine(dir, "never.json");
        var (code, stdout, stderr) = CliHarness.Run(["tide", "--gt", Gt, "--dt", DtBbox, "--iou-type", "segm", "--json", json]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.StartsWith("error: " + Path.GetFullPath(DtBbox) + ": image ", stderr, StringComparison.Ordinal);
        Assert.Contains("has no segmentation", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void MissingGroundTruth_IsBadInput()
    {
        var (code, stdout, stderr) = CliHarness.Run(["tide", "--gt", Path.Combine(dir, "nope.json"), "--dt", DtBbox]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("nope.json", stderr, StringComparison.Ordinal);
    }
}
