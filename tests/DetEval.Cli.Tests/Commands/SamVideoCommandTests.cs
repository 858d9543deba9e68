using System.Text.Json;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval sam --mode video</c> end to end on testdata/reference/sav-small and testdata/sav-edge: the JSON the case
/// README asks for (global and per-video J, F, J&amp;F within 1e-12, exactly the expected video names), exit 2 on
/// every refused case with nothing written, <c>--out</c>'s files, and <c>--state-out</c> + <c>merge</c>.
/// </summary>
public sealed class SamVideoCommandTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-sam-video-tests-" + Guid.NewGuid().ToString("N"));

    public SamVideoCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("reference/sav-small", "sav")]
    [InlineData("reference/sav-small", "davis")]
    [InlineData("sav-edge", "sav")]
    [InlineData("sav-edge", "davis")]
    [InlineData("sav-edge", "mixed")]
    public void Video_ReferenceCase_WritesTheExpectedJson(string root, string name)
    {
        string json = Path.Combine(dir, "out.json");
        var run = CliHarness.Run(["sam", "--mode", "video", "--gt", CasePath(root, name, "gt"), "--pred", CasePath(root, name, "pred"), "--json", json]);

        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        var expected = JsonDocument.Parse(File.ReadAllBytes(CasePath(root, $"expected_{name}.json"))).RootElement;
        var actual = JsonDocument.Parse(File.ReadAllBytes(json)).RootElement;
        AssertScores(expected, actual);
        var expectedVideos = expected.GetProperty("videos").EnumerateArray().ToArray();
        var actualVideos = actual.GetProperty("videos").EnumerateArray().ToArray();
        Assert.Equal(expectedVideos.Select(v => v.GetProperty("name").GetString()), actualVideos.Select(v => v.GetProperty("name").GetString()));
        for (int v = 0; v < expectedVideos.Length; v++)
        {
            AssertScores(expectedVideos[v], actualVideos[v]);
        }
    }

    [Theory]
    [InlineData("reference/sav-small", "err-missing-object")]
    [InlineData("reference/sav-small", "err-object-not-in-evaluated-frames")]
    [InlineData("sav-edge", "err-missing-frame")]
    [InlineData("sav-edge", "err-size-mismatch")]
    [InlineData("sav-edge", "err-three-values")]
    [InlineData("sav-edge", "err-two-frames")]
    [InlineData("sav-edge", "err-no-common-video")]
    public void Video_RefusedCase_ExitsTwoWithOneLineAndWritesNothing(string root, string name)
    {
        string json = Path.Combine(dir, "out.json");
        string state = Path.Combine(dir, "out.state");
        var run = CliHarness.Run(["sam", "--mode", "video", "--gt", CasePath(root, name, "gt"), "--pred", CasePath(root, name, "pred"), "--json", json, "--state-out", state]);

        var expected = JsonDocument.Parse(File.ReadAllBytes(CasePath(root, $"expected_{name}.json"))).RootElement;
        Assert.Equal(expected.GetProperty("expected_exit").GetInt32(), run.Code);
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("", run.Stdout);
        Assert.False(File.Exists(json));
        Assert.False(File.Exists(state));
    }

    [Fact]
    public void Video_Out_WritesTheReportTheTablesAndThePlotsOfTheWorstVideos()
    {
        string outDir = Path.Combine(dir, "report");
        var run = CliHarness.Run(["sam", "--mode", "video", "--gt", CasePath("reference/sav-small", "sav", "gt"), "--pred", CasePath("reference/sav-small", "sav", "pred"), "--out", outDir]);

        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "report.json"))).RootElement;
        Assert.Equal(0.7383568905008994, report.GetProperty("J&F").GetDouble(), 1e-12);
        string[] videos = File.ReadAllLines(Path.Combine(outDir, "videos.csv"));
        Assert.Equal("video,layout,objects,J&F,J,F", videos[0]);
        Assert.Equal(5, videos.Length);
        string[] objects = File.ReadAllLines(Path.Combine(outDir, "objects.csv"));
        Assert.Equal(12, objects.Length);
        // Worst first: sav_000002/002 has the lowest J&F (58.7 in the reference's table).
        Assert.StartsWith("sav_000002,002,", objects[1], StringComparison.Ordinal);
        foreach (string video in new[] { "sav_000001", "sav_000002", "sav_000003", "sav_000005" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, $"frames_{video}.png")), video);
        }

        Assert.Contains("sav_000004", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_StatesOfShardsByVideo_MergeIntoTheWholeReport()
    {
        string whole = Path.Combine(dir, "whole.json");
        string gt = CasePath("reference/sav-small", "sav", "gt"), pred = CasePath("reference/sav-small", "sav", "pred");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["sam", "--mode", "video", "--gt", gt, "--pred", pred, "--json", whole]).Code);

        var states = new List<string>();
        string[] videos = ["sav_000001", "sav_000002", "sav_000003", "sav_000005"];
        for (int part = 0; part < 2; part++)
        {
            string shardGt = Path.Combine(dir, $"gt{part}");
            string shardPred = Path.Combine(dir, $"pred{part}");
            foreach (string video in videos.Where((_, i) => i % 2 == part))
            {
                CopyFolder(Path.Combine(gt, video), Path.Combine(shardGt, video));
                CopyFolder(Path.Combine(pred, video), Path.Combine(shardPred, video));
            }

            string state = Path.Combine(dir, $"shard{part}.state");
            var run = CliHarness.Run(["sam", "--mode", "video", "--gt", shardGt, "--pred", shardPred, "--state-out", state, "-q"]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
            states.Add(state);
        }

        string merged = Path.Combine(dir, "merged.json");
        var merge = CliHarness.Run(["merge", .. states, "--json", merged]);

        Assert.True(merge.Code == ExitCodes.Ok, merge.Stderr);
        var a = JsonDocument.Parse(File.ReadAllBytes(whole)).RootElement;
        var b = JsonDocument.Parse(File.ReadAllBytes(merged)).RootElement;
        Assert.Equal(a.GetProperty("J&F").GetDouble(), b.GetProperty("J&F").GetDouble());
        Assert.Equal(a.GetProperty("videos").ToString(), b.GetProperty("videos").ToString());
        Assert.Contains("J&F 73.8", merge.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_SameVideoInTwoStates_IsRefusedByMerge()
    {
        string gt = CasePath("reference/sav-small", "davis", "gt"), pred = CasePath("reference/sav-small", "davis", "pred");
        string state = Path.Combine(dir, "a.state");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["sam", "--mode", "video", "--gt", gt, "--pred", pred, "--state-out", state, "-q"]).Code);

        var merge = CliHarness.Run(["merge", state, state]);

        Assert.Equal(ExitCodes.BadInput, merge.Code);
        Assert.Contains("recorded twice", merge.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--skip-bad")]
    [InlineData("--csv")]
    [InlineData("--score")]
    public void Video_OptionsOfTheOtherModes_AreUsageErrors(string option)
    {
        string[] extra = option switch
        {
            "--csv" => ["--csv", Path.Combine(dir, "x.csv")],
            "--score" => ["--score", "stability"],
            _ => [option],
        };
        var run = CliHarness.Run(["sam", "--mode", "video", "--gt", CasePath("reference/sav-small", "sav", "gt"), "--pred", CasePath("reference/sav-small", "sav", "pred"), .. extra]);

        Assert.Equal(ExitCodes.Usage, run.Code);
    }

    [Fact]
    public void Video_MissingGroundTruthRoot_ExitsTwo()
    {
        var run = CliHarness.Run(["sam", "--mode", "video", "--gt", Path.Combine(dir, "nope"), "--pred", dir]);

        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Contains("nope", run.Stderr, StringComparison.Ordinal);
    }

    private static string CasePath(string root, params string[] parts) => TestData.Path([.. root.Split('/'), .. parts]);

    private static void AssertScores(JsonElement expected, JsonElement actual)
    {
        foreach (string key in new[] { "J&F", "J", "F" })
        {
            Assert.Equal(expected.GetProperty(key).GetDouble(), actual.GetProperty(key).GetDouble(), 1e-12);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string sub in Directory.GetDirectories(from))
        {
            CopyFolder(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }
}
