using System.Text.Json.Nodes;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>--shard i/N</c> on every evaluating command over the reference cases in testdata/reference: the states of
/// shards 0..N-1 (N = 1, 3, 7), merged with <c>deteval merge FOLDER --expect N</c>, give the report of one process on
/// everything, byte for byte (the printout, and the JSON of merging the one process's own state); the JSON also equals
/// the one process's <c>--json</c> but for what only a run on the files knows (COCO's input warnings, the videos one
/// root lacks).
/// </summary>
public sealed class ShardedRunTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-shard-tests-" + Guid.NewGuid().ToString("N"));

    public ShardedRunTests() => Directory.CreateDirectory(dir);

    /// <summary>Each protocol's command line on a reference case, without --shard, --state-out and --json.</summary>
    public static readonly Dictionary<string, string[]> Cases = new()
    {
        ["coco-bbox"] = ["coco", "--gt", Ref("small", "gt.json"), "--dt", Ref("small", "dt_bbox.json")],
        ["coco-segm"] = ["coco", "--gt", Ref("small", "gt.json"), "--dt", Ref("small", "dt_segm.json"), "--iou-type", "segm"],
        ["coco-keypoints"] = ["coco", "--gt", Ref("keypoints-small", "person", "gt.json"), "--dt", Ref("keypoints-small", "person", "dt.json"), "--iou-type", "keypoints"],
        ["voc"] = ["voc", "--gt", Ref("small", "voc"), "--dt", Ref("small", "voc", "results")],
        ["voc-allpoint"] = ["voc", "--gt", Ref("small", "voc"), "--dt", Ref("small", "voc", "results"), "--ap", "allpoint"],
        ["lvis-segm"] = ["lvis", "--gt", Ref("lvis-small", "gt.json"), "--dt", Ref("lvis-small", "dt_segm.json")],
        ["lvis-bbox"] = ["lvis", "--gt", Ref("lvis-small", "gt.json"), "--dt", Ref("lvis-small", "dt_bbox.json"), "--iou-type", "bbox"],
        ["sam-auto-png"] = ["sam", "--mode", "auto", "--gt", Ref("sam-small", "gt_sa1b"), "--dt", Ref("sam-small", "pred_png")],
        ["sam-auto-rle-coco-gt"] = ["sam", "--mode", "auto", "--gt", Ref("sam-small", "gt_coco.json"), "--dt", Ref("sam-small", "pred_rle")],
        ["sam-prompt"] = ["sam", "--mode", "prompt", "--gt", Ref("sam-small", "gt_sa1b"), "--dt", Ref("sam-small", "prompts.json")],
        ["sam-video"] = ["sam", "--mode", "video", "--gt", Ref("sav-small", "sav", "gt"), "--pred", Ref("sav-small", "sav", "pred")],
        ["tide-bbox"] = ["tide", "--gt", Ref("small", "gt.json"), "--dt", Ref("small", "dt_bbox.json")],
        ["tide-segm"] = ["tide", "--gt", Ref("small", "gt.json"), "--dt", Ref("small", "dt_segm.json"), "--iou-type", "segm"],
        ["dota"] = ["dota", "--gt", TestData.Path("dota", "dota-small", "labelTxt"), "--dt", TestData.Path("dota", "dota-small", "results")],
        ["dota-valset-allpoint"] = ["dota", "--gt", TestData.Path("dota", "dota-small", "labelTxt"), "--dt", TestData.Path("dota", "dota-small", "results"), "--image-set", TestData.Path("dota", "dota-small", "valset.txt"), "--ap", "allpoint"],
        ["dota-edge"] = ["dota", "--gt", TestData.Path("dota", "dota-edge", "labelTxt"), "--dt", TestData.Path("dota", "dota-edge", "results"), "--image-set", TestData.Path("dota", "dota-edge", "valset.txt"), "--skip-unlisted-images"],
        ["coco-boundary"] = ["coco", "--gt", Ref("small", "gt.json"), "--dt", Ref("small", "dt_segm.json"), "--iou-type", "boundary"],
        ["sam-concept-oracle"] = ["sam", "--mode", "concept", "--gt", Ref("cgf1-small", "gt.json"), "--gt", Ref("cgf1-small", "gt_b.json"), "--gt", Ref("cgf1-small", "gt_c.json"), "--dt", Ref("cgf1-small", "dt.json")],
        ["sam-concept-bbox"] = ["sam", "--mode", "concept", "--gt", Ref("cgf1-small", "gt.json"), "--dt", Ref("cgf1-small", "dt.json"), "--iou-type", "bbox"],
        ["sam-video-davis"] = ["sam", "--mode", "video", "--gt", Ref("sav-small", "davis", "gt"), "--pred", Ref("sav-small", "davis", "pred")],
    };

    public static TheoryData<string, int> CasesAndShardCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (string name in Cases.Keys)
        {
            foreach (int n in new[] { 1, 3, 7 })
            {
                data.Add(name, n);
            }
        }

        return data;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [MemberData(nameof(CasesAndShardCounts))]
    public void MergedShards_EqualOneProcess_ByteForByte(string name, int count)
    {
        string[] args = Cases[name];
        string wholeJson = Path.Combine(dir, "whole.json"), wholeState = Path.Combine(dir, "whole.bin");
        var whole = CliHarness.Run([.. args, "--json", wholeJson, "--state-out", wholeState]);
        Assert.True(whole.Code == ExitCodes.Ok, whole.Stderr);

        string shards = Path.Combine(dir, "shards");
        Directory.CreateDirectory(shards);
        for (int i = 0; i < count; i++)
        {
            var run = CliHarness.Run([.. args, "--shard", $"{i}/{count}", "--state-out", Path.Combine(shards, $"shard-{i}.state"), "-q"]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        }

        string mergedJson = Path.Combine(dir, "merged.json"), oneJson = Path.Combine(dir, "one.json");
        var merged = CliHarness.Run(["merge", shards, "--expect", $"{count}", "--json", mergedJson]);
        Assert.True(merged.Code == ExitCodes.Ok, merged.Stderr);
        var one = CliHarness.Run(["merge", wholeState, "--json", oneJson]);
        Assert.True(one.Code == ExitCodes.Ok, one.Stderr);

        // Video mode also lists the videos one root has and the other lacks: a fact about the folders, not in any state.
        string[] folderLines = ["  ground-truth videos without predictions", "  prediction videos without ground truth"];
        string printout = string.Concat(whole.Stdout.Split('\n').Where(l => !folderLines.Any(l.StartsWith)).Select(l => l + "\n"))[..^1];
        // VOC also names the layout it detected in --gt first on its conventions line: a fact about the folder too.
        printout = printout.Replace("conventions: input VOC root (Annotations/*.xml); ", "conventions: ", StringComparison.Ordinal);
        Assert.Equal(printout, merged.Stdout);
        Assert.Equal(File.ReadAllBytes(oneJson), File.ReadAllBytes(mergedJson));
        var direct = JsonNode.Parse(File.ReadAllText(wholeJson))!.AsObject();
        var fromShards = JsonNode.Parse(File.ReadAllText(mergedJson))!.AsObject();
        foreach (string fromFiles in new[] { "warnings", "skippedVideos" })
        {
            direct.Remove(fromFiles);
            fromShards.Remove(fromFiles);
        }

        Assert.Equal(direct.ToJsonString(), fromShards.ToJsonString());
    }

    [Fact]
    public void Shards_PartitionTheImages_EachImageInExactlyOneShard()
    {
        // The shards' image counts add up to the whole (an image in two shards would also be refused by merge).
        int total = 0;
        for (int i = 0; i < 7; i++)
        {
            string state = Path.Combine(dir, $"s{i}.state");
            Assert.Equal(ExitCodes.Ok, CliHarness.Run([.. Cases["coco-bbox"], "--shard", $"{i}/7", "--state-out", state, "-q"]).Code);
            total += EvaluationState.ReadFrom(state).ImageCount;
            Assert.Equal(new Shard(i, 7), EvaluationState.ReadFrom(state).Shard);
        }

        Assert.Equal(60, total);
    }

    [Fact]
    public void Expect_MissingShard_IsBadInputNamingIt()
    {
        string shards = WriteShards("coco-bbox", 4, skip: 2);
        var (code, stdout, stderr) = CliHarness.Run(["merge", shards, "--expect", "4"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("--expect 4: shard 2/4 missing", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Expect_DuplicatedShard_IsBadInputNamingBothFiles()
    {
        string shards = WriteShards("voc", 3);
        File.Copy(Path.Combine(shards, "shard-1.state"), Path.Combine(shards, "shard-1-again.state"));
        var (code, stdout, stderr) = CliHarness.Run(["merge", shards, "--expect", "3"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("shard 1/3 is given twice", stderr, StringComparison.Ordinal);
        Assert.Contains("shard-1.state", stderr, StringComparison.Ordinal);
        Assert.Contains("shard-1-again.state", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coco-bbox", 3, "--shard 1/2", "foreign shard: is shard 1/2 of a 2-shard run, not of 3")]
    [InlineData("coco-bbox", 3, "--shard 1/3 --max-dets 1,10,50", "foreign shard: is from another run than", "max detections differ")]
    [InlineData("coco-bbox", 2, "", "foreign shard: is not a shard (it was written without --shard)")]
    [InlineData("lvis-bbox", 2, "--shard 1/2 --max-dets 100", "foreign shard: is from another run than")]
    public void Expect_ForeignShard_IsBadInputNamingIt(string name, int count, string args, params string[] expected)
    {
        // Shard 1 comes from another run: another shard count, other options, no --shard at all.
        string shards = WriteShards(name, count, skip: 1);
        string[] extra = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ExitCodes.Ok, CliHarness.Run([.. Cases[name], .. extra, "--state-out", Path.Combine(shards, "other.state"), "-q"]).Code);
        var (code, stdout, stderr) = CliHarness.Run(["merge", shards, "--expect", $"{count}"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("other.state", stderr, StringComparison.Ordinal);
        foreach (string part in expected)
        {
            Assert.Contains(part, stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Expect_ShardOfAnotherDataset_IsForeign()
    {
        // VOC's dataset fingerprint is its class names: a shard evaluated on other classes is from other inputs.
        string shards = WriteShards("voc", 2, skip: 1);
        string classes = string.Join(",", VocClasses().Take(3));
        Assert.Equal(ExitCodes.Ok, CliHarness.Run([.. Cases["voc"], "--classes", classes, "--shard", "1/2", "--state-out", Path.Combine(shards, "other.state"), "-q"]).Code);
        var (code, _, stderr) = CliHarness.Run(["merge", shards, "--expect", "2"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("other.state", stderr, StringComparison.Ordinal);
        Assert.Contains("foreign shard: is from another run than", stderr, StringComparison.Ordinal);
        Assert.Contains("classes", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Expect_ShardOfAnotherDetEvalVersion_IsForeign()
    {
        string shards = WriteShards("coco-bbox", 2);
        // Rewrite shard 1's writer version (at byte 44, after its 4-byte length) and its CRC-64, as another release would write it.
        string file = Path.Combine(shards, "shard-1.state");
        byte[] bytes = File.ReadAllBytes(file);
        int length = BitConverter.ToInt32(bytes, 40);
        bytes[44 + length - 1] = (byte)(bytes[44 + length - 1] == (byte)'9' ? '8' : '9');
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), System.IO.Hashing.Crc64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));
        File.WriteAllBytes(file, bytes);

        var (code, _, stderr) = CliHarness.Run(["merge", shards, "--expect", "2"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("shard-1.state", stderr, StringComparison.Ordinal);
        Assert.Contains("foreign shard: was written by DetEval", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("1")]
    [InlineData("a/3")]
    public void Shard_NotAShard_IsAUsageError(string value)
    {
        var (code, _, stderr) = CliHarness.Run([.. Cases["coco-bbox"], "--shard", value]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--shard: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpectWithoutAShardCount_IsAUsageError()
    {
        var (code, _, stderr) = CliHarness.Run(["merge", dir, "--expect", "0"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--expect: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void MergeOfAFolderWithoutStates_IsBadInput()
    {
        var (code, _, stderr) = CliHarness.Run(["merge", dir]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no *.state files in this folder", stderr, StringComparison.Ordinal);
    }

    private string WriteShards(string name, int count, int skip = -1)
    {
        string shards = Path.Combine(dir, name + "-" + count);
        Directory.CreateDirectory(shards);
        for (int i = 0; i < count; i++)
        {
            if (i != skip)
            {
                var run = CliHarness.Run([.. Cases[name], "--shard", $"{i}/{count}", "--state-out", Path.Combine(shards, $"shard-{i}.state"), "-q"]);
                Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
            }
        }

        return shards;
    }

    private IEnumerable<string> VocClasses()
    {
        string json = Path.Combine(dir, "voc-classes.json");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run([.. Cases["voc"], "--json", json, "-q"]).Code);
        return JsonNode.Parse(File.ReadAllText(json))!["classes"]!.AsArray().Select(c => c!["name"]!.GetValue<string>());
    }

    private static string Ref(params string[] parts) => TestData.Path(["reference", .. parts]);
}
