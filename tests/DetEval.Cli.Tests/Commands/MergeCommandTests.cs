using System.Text.Json;
using System.Text.Json.Nodes;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval coco --state-out</c> on three shards of testdata/reference/small (split by image, each
/// ground-truth shard with all categories), then <c>deteval merge</c>: the report equals one run on everything.
/// </summary>
public sealed class MergeCommandTests : IDisposable
{
    private static readonly string Gt = TestData.Path("reference", "small", "gt.json");
    private static readonly string Dt = TestData.Path("reference", "small", "dt_bbox.json");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-merge-tests-" + Guid.NewGuid().ToString("N"));

    public MergeCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Merge_ThreeShardStates_EqualsOneRunOnEverything()
    {
        string[] states = WriteShardStates(3);
        string merged = Path.Combine(dir, "merged.json");
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--json", merged]);
        Assert.True(code == ExitCodes.Ok, stderr);

        string whole = Path.Combine(dir, "whole.json");
        var direct = CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "--json", whole]);
        Assert.True(direct.Code == ExitCodes.Ok, direct.Stderr);

        // The same printout (12 summary lines and per-category table) and the same stats, bit for bit.
        Assert.Equal(direct.Stdout, stdout);
        var expected = Stats(whole);
        var actual = Stats(merged);
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, value) in expected)
        {
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(actual[key]), $"{key}: {value:R} != {actual[key]:R}");
        }

        // The whole report is the same too, but for the input warnings that only a run on the files can give.
        var wholeJson = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(whole))!.AsObject();
        wholeJson.Remove("warnings");
        Assert.Equal(wholeJson.ToJsonString(), System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(merged))!.ToJsonString());
        Assert.Contains("merged 3 states: 60 images", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_SameStateTwice_IsBadInputNamingTheImage()
    {
        string[] states = WriteShardStates(2);
        var (code, _, stderr) = CliHarness.Run(["merge", states[0], states[0]]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("is in both states", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentParameters_IsBadInput()
    {
        string[] states = WriteShardStates(2);
        var shard = Shard(1, 2);
        string other = Path.Combine(dir, "other.state");
        var run = CliHarness.Run(["coco", "--gt", shard.Gt, "--dt", shard.Dt, "--max-dets", "1,10,50", "--state-out", other, "-q"]);
        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        var (code, _, stderr) = CliHarness.Run(["merge", states[0], other]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("max detections differ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_NotAState_IsBadInput()
    {
        string bogus = Path.Combine(dir, "bogus.state");
        File.WriteAllText(bogus, "not a state at all");
        var (code, _, stderr) = CliHarness.Run(["merge", bogus]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_MissingFileOrFolder_IsBadInputNamingTheFile()
    {
        // As every command: exit 2 and one line naming the file, not exit 1 with the help text.
        string missing = Path.Combine(dir, "missing.state");
        var (code, stdout, stderr) = CliHarness.Run(["merge", missing]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Equal($"error: {missing}: file not found" + Environment.NewLine, stderr);

        // A folder stands for its *.state files (sharded runs); one without any is bad input naming it.
        (code, _, stderr) = CliHarness.Run(["merge", dir]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal($"error: {Path.GetFullPath(dir)}: no *.state files in this folder" + Environment.NewLine, stderr);
    }

    [Fact]
    public void Merge_Quiet_PrintsOnlyTheSummary()
    {
        string[] states = WriteShardStates(2);
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--quiet"]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(12, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Empty(stderr);
    }

    private string[] WriteShardStates(int parts)
    {
        var states = new string[parts];
        for (int part = 0; part < parts; part++)
        {
            var shard = Shard(part, parts);
            states[part] = Path.Combine(dir, $"shard{part}.state");
            var (code, _, stderr) = CliHarness.Run(["coco", "--gt", shard.Gt, "--dt", shard.Dt, "--state-out", states[part], "-q"]);
            Assert.True(code == ExitCodes.Ok, stderr);
            Assert.True(File.Exists(states[part]));
        }

        return states;
    }

    /// <summary>Writes shard <paramref name="part"/> of <paramref name="parts"/> (images by position, round robin) as a GT and a results file.</summary>
    private (string Gt, string Dt) Shard(int part, int parts)
    {
        var gt = JsonNode.Parse(File.ReadAllText(Gt))!.AsObject();
        var images = gt["images"]!.AsArray().Where((_, i) => i % parts == part).ToArray();
        var ids = images.Select(i => i!["id"]!.GetValue<long>()).ToHashSet();
        var shard = new JsonObject
        {
            ["images"] = new JsonArray([.. images.Select(i => i!.DeepClone())]),
            ["annotations"] = new JsonArray([.. gt["annotations"]!.AsArray().Where(a => ids.Contains(a!["image_id"]!.GetValue<long>())).Select(a => a!.DeepClone())]),
            ["categories"] = gt["categories"]!.DeepClone(),
        };
        var results = JsonNode.Parse(File.ReadAllText(Dt))!.AsArray();
        var shardResults = new JsonArray([.. results.Where(r => ids.Contains(r!["image_id"]!.GetValue<long>())).Select(r => r!.DeepClone())]);
        string gtPath = Path.Combine(dir, $"gt{part}of{parts}.json");
        string dtPath = Path.Combine(dir, $"dt{part}of{parts}.json");
        File.WriteAllText(gtPath, shard.ToJsonString());
        File.WriteAllText(dtPath, shardResults.ToJsonString());
        return (gtPath, dtPath);
    }

    private static Dictionary<string, double> Stats(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(path));
        return json.RootElement.GetProperty("stats").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}
