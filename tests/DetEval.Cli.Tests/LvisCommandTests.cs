using System.Text.Json;
using DetEval.Cli.Commands;

namespace DetEval.Cli.Tests;

/// <summary><c>deteval lvis</c>: parsing, the checker's interface end to end, reports, bad input, shards and merge.</summary>
public sealed class LvisCommandTests : IDisposable
{
    private static readonly string Case = TestData.Path("reference", "lvis-small");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-lvis-tests-" + Guid.NewGuid().ToString("N"));

    public LvisCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Parse_ReadsEveryOption()
    {
        var parse = Program.BuildRoot().Parse(["lvis", "--gt", "g.json", "--dt", "d.json", "--iou-type", "bbox", "--max-dets", "100", "--json", "o.json", "--out", "r", "--no-plots", "--state-out", "s.state", "-q"]);
        Assert.Empty(parse.Errors);
        var settings = LvisCommand.Parse(parse);
        Assert.Equal(IouType.Bbox, settings.Options.IouType);
        Assert.Equal(100, settings.Options.MaxDetectionsPerImage);
        Assert.False(settings.Plots);
        Assert.True(settings.Quiet);
        Assert.Equal("s.state", settings.StateOut!.Name);
        Assert.NotEmpty(Program.BuildRoot().Parse(["lvis", "--gt", "g.json", "--dt", "d.json", "--iou-type", "keypoints"]).Errors);
        Assert.NotEmpty(Program.BuildRoot().Parse(["lvis", "--gt", "g.json", "--dt", "d.json", "--max-dets", "-2"]).Errors);
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void Run_TheCheckersCommand_WritesTheThirteenReferenceResults(string iouType)
    {
        string json = Path.Combine(dir, "out.json");
        var (code, stdout, stderr) = CliHarness.Run(["lvis", "--gt", Path.Combine(Case, "gt.json"), "--dt", Path.Combine(Case, $"dt_{iouType}.json"), "--iou-type", iouType, "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        using var ours = JsonDocument.Parse(File.ReadAllBytes(json));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Case, $"expected_{iouType}.json")));
        Assert.Equal(iouType, ours.RootElement.GetProperty("iouType").GetString());
        int n = 0;
        foreach (var stat in expected.RootElement.GetProperty("stats").EnumerateObject())
        {
            Assert.Equal(stat.Value.GetDouble(), ours.RootElement.GetProperty("stats").GetProperty(stat.Name).GetDouble(), 1e-12);
            n++;
        }

        Assert.Equal(13, n);
        // The printout is lvis-api's print_results, line for line.
        var lines = expected.RootElement.GetProperty("print_results").EnumerateArray().Select(l => l.GetString()).ToArray();
        Assert.Equal(lines, stdout.Split('\n').Take(13).ToArray());
    }

    [Fact]
    public void Run_Out_WritesTheReportFilesAndPlots()
    {
        string outDir = Path.Combine(dir, "report");
        var (code, _, stderr) = CliHarness.Run(["lvis", "--gt", Path.Combine(Case, "gt.json"), "--dt", Path.Combine(Case, "dt_bbox.json"), "--iou-type", "bbox", "--out", outDir, "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        foreach (string file in new[] { "report.json", "classes.csv", "pr_curves.csv", "frequency_groups.csv", "pr_curves.png", "ap_per_class.svg" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        string groups = File.ReadAllText(Path.Combine(outDir, "frequency_groups.csv"));
        Assert.StartsWith("group,categories,categories_with_gt,num_gt,num_dt,AP", groups, StringComparison.Ordinal);
        Assert.Contains("r,9,4,", groups, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "report.json")));
        Assert.Equal(30, report.RootElement.GetProperty("categories").GetArrayLength());
    }

    [Fact]
    public void Run_AnImageWithoutItsLvisLists_ExitsTwo_NamingThePlace()
    {
        string gt = Path.Combine(dir, "gt.json");
        File.WriteAllText(gt, """{"images": [{"id": 1, "width": 10, "height": 10, "neg_category_ids": []}], "categories": [{"id": 1, "name": "a", "frequency": "r"}], "annotations": []}""");
        string dt = Path.Combine(dir, "dt.json");
        File.WriteAllText(dt, "[]");
        var (code, stdout, stderr) = CliHarness.Run(["lvis", "--gt", gt, "--dt", dt, "--iou-type", "bbox"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("$.images[0]", stderr, StringComparison.Ordinal);
        Assert.Contains("not_exhaustive_category_ids", stderr, StringComparison.Ordinal);

        File.WriteAllText(gt, """{"images": [], "categories": [{"id": 1, "name": "a", "frequency": "x"}], "annotations": []}""");
        (code, _, stderr) = CliHarness.Run(["lvis", "--gt", gt, "--dt", dt, "--iou-type", "bbox"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("$.categories[0].frequency", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfShardStates_EqualsOneRunOnEverything()
    {
        // Shards by image: each ground-truth shard keeps every category and only its images.
        using var whole = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Case, "gt.json")));
        var results = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Case, "dt_bbox.json"))).RootElement.EnumerateArray().ToArray();
        var images = whole.RootElement.GetProperty("images").EnumerateArray().ToArray();
        var states = new List<string>();
        for (int shard = 0; shard < 3; shard++)
        {
            var ids = images.Where((_, i) => i % 3 == shard).Select(i => i.GetProperty("id").GetInt64()).ToHashSet();
            string gt = Path.Combine(dir, $"gt{shard}.json");
            string dt = Path.Combine(dir, $"dt{shard}.json");
            File.WriteAllText(gt, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["images"] = images.Where(i => ids.Contains(i.GetProperty("id").GetInt64())).ToArray(),
                ["categories"] = whole.RootElement.GetProperty("categories"),
                ["annotations"] = whole.RootElement.GetProperty("annotations").EnumerateArray().Where(a => ids.Contains(a.GetProperty("image_id").GetInt64())).ToArray(),
            }));
            File.WriteAllText(dt, JsonSerializer.Serialize(results.Where(r => ids.Contains(r.GetProperty("image_id").GetInt64())).ToArray()));
            string state = Path.Combine(dir, $"s{shard}.state");
            var run = CliHarness.Run(["lvis", "--gt", gt, "--dt", dt, "--iou-type", "bbox", "--state-out", state, "-q"]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
            states.Add(state);
        }

        string merged = Path.Combine(dir, "merged.json");
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--json", merged, "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        var direct = CliHarness.Run(["lvis", "--gt", Path.Combine(Case, "gt.json"), "--dt", Path.Combine(Case, "dt_bbox.json"), "--iou-type", "bbox", "-q"]);
        Assert.Equal(direct.Stdout, stdout);
        using var m = JsonDocument.Parse(File.ReadAllBytes(merged));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Case, "expected_bbox.json")));
        foreach (var stat in expected.RootElement.GetProperty("stats").EnumerateObject())
        {
            Assert.Equal(stat.Value.GetDouble(), m.RootElement.GetProperty("stats").GetProperty(stat.Name).GetDouble(), 1e-12);
        }
    }
}
