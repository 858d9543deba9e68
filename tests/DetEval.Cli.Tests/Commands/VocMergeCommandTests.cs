using System.Text.Json;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval voc --state-out</c> on shards of testdata/reference/small/voc (an image-set file and a results folder
/// per shard, the same <c>--classes</c>), then <c>deteval merge</c>: the report equals one run on everything.
/// </summary>
public sealed class VocMergeCommandTests : IDisposable
{
    private static readonly string Root = TestData.Path("reference", "small", "voc");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-voc-merge-tests-" + Guid.NewGuid().ToString("N"));

    public VocMergeCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("11point", 2)]
    [InlineData("allpoint", 3)]
    public void Merge_ShardStates_EqualsOneRunOnEverything(string ap, int parts)
    {
        string whole = Path.Combine(dir, "whole.json");
        var direct = CliHarness.Run(["voc", "--gt", Root, "--dt", Path.Combine(Root, "results"), "--ap", ap, "--json", whole]);
        Assert.True(direct.Code == ExitCodes.Ok, direct.Stderr);
        string classes = string.Join(",", ClassNames(whole));

        string[] states = WriteShardStates(parts, ap, classes);
        string merged = Path.Combine(dir, "merged.json");
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--json", merged]);
        Assert.True(code == ExitCodes.Ok, stderr);

        // The same table and the same report, bit for bit (the JSON numbers are written round-trip); only the direct
        // run says how its --gt folder was laid out (merge reads states, not folders).
        Assert.Equal(direct.Stdout.Replace("conventions: input VOC root (Annotations/*.xml); ", "conventions: ", StringComparison.Ordinal), stdout);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(merged));
        Assert.Contains($"merged {parts} states: ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11point")]
    [InlineData("allpoint")]
    public void TieHeavyData_VocAndMergeOfItsOwnState_PrintTheSameNumbers_TheLibrarysOneShotValues(string ap)
    {
        // testdata/edge/voc: tied scores on different images with different outcomes. One run with --state-out,
        // then merge of that state: the same table and JSON, and both carry the one-shot values, which
        // VocTieHeavyTests proves equal to the devkit with a stable sort, bit for bit.
        string root = TestData.Path("edge", "voc");
        string json = Path.Combine(dir, "voc.json"), state = Path.Combine(dir, "voc.state"), merged = Path.Combine(dir, "merged.json");
        var direct = CliHarness.Run(["voc", "--gt", root, "--dt", Path.Combine(root, "results"), "--ap", ap, "--json", json, "--state-out", state]);
        Assert.True(direct.Code == ExitCodes.Ok, direct.Stderr);
        var (code, stdout, stderr) = CliHarness.Run(["merge", state, "--json", merged]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(direct.Stdout.Replace("conventions: input VOC root (Annotations/*.xml); ", "conventions: ", StringComparison.Ordinal), stdout);
        Assert.Equal(File.ReadAllText(json), File.ReadAllText(merged));

        var gt = VocReader.ReadGroundTruth(root);
        var oneShot = VocEvaluation.Evaluate(gt, VocReader.ReadResults(Path.Combine(root, "results"), gt), ap == "11point" ? VocOptions.Voc2007() : VocOptions.Voc2010());
        using var doc = JsonDocument.Parse(File.ReadAllBytes(merged));
        var classes = doc.RootElement.GetProperty("classes").EnumerateArray().ToArray();
        Assert.Equal(oneShot.Classes.Count, classes.Length);
        for (int k = 0; k < classes.Length; k++)
        {
            var value = classes[k].GetProperty("AP");
            double expected = oneShot.Classes[k].AveragePrecision;
            Assert.True(double.IsNaN(expected) ? value.ValueKind == JsonValueKind.Null : value.GetDouble().Equals(expected), $"{oneShot.Classes[k].Name}: {value} != {expected:R}");
        }
    }

    [Fact]
    public void Merge_VocWithCocoState_IsBadInput()
    {
        string[] states = WriteShardStates(2, "11point", null);
        string coco = Path.Combine(dir, "coco.state");
        var run = CliHarness.Run(["coco", "--gt", TestData.Path("reference", "small", "gt.json"), "--dt", TestData.Path("reference", "small", "dt_bbox.json"), "--state-out", coco, "-q"]);
        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        var (code, _, stderr) = CliHarness.Run(["merge", states[0], coco]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("cannot be merged", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DifferentAp_IsBadInput()
    {
        string[] a = WriteShardStates(2, "11point", null);
        string[] b = WriteShardStates(2, "allpoint", null);
        var (code, _, stderr) = CliHarness.Run(["merge", a[0], b[1]]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("AP methods differ", stderr, StringComparison.Ordinal);
    }

    private static string[] ClassNames(string reportPath)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(reportPath));
        return [.. json.RootElement.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()!)];
    }

    /// <summary>Splits the image set round robin and writes, per shard, an image-set file, a results folder and a state.</summary>
    private string[] WriteShardStates(int parts, string ap, string? classes)
    {
        string[] names = File.ReadAllLines(Path.Combine(Root, "ImageSets", "Main", "test.txt")).Where(l => l.Trim().Length > 0).ToArray();
        var states = new string[parts];
        for (int part = 0; part < parts; part++)
        {
            var mine = names.Where((_, i) => i % parts == part).Select(n => n.Trim()).ToHashSet(StringComparer.Ordinal);
            string shardDir = Path.Combine(dir, $"{ap}-shard{part}of{parts}");
            string results = Path.Combine(shardDir, "results");
            Directory.CreateDirectory(results);
            string imageSet = Path.Combine(shardDir, "test.txt");
            File.WriteAllLines(imageSet, names.Where(n => mine.Contains(n.Trim())));
            foreach (string file in Directory.GetFiles(Path.Combine(Root, "results")))
            {
                File.WriteAllLines(Path.Combine(results, Path.GetFileName(file)),
                    File.ReadAllLines(file).Where(l => l.Trim().Length > 0 && mine.Contains(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])));
            }

            states[part] = Path.Combine(shardDir, "shard.state");
            string[] args = ["voc", "--gt", Root, "--image-set", imageSet, "--dt", results, "--ap", ap, "--state-out", states[part], "-q"];
            var (code, _, stderr) = CliHarness.Run(classes is null ? args : [.. args, "--classes", classes]);
            Assert.True(code == ExitCodes.Ok, stderr);
            Assert.True(File.Exists(states[part]));
        }

        return states;
    }
}
