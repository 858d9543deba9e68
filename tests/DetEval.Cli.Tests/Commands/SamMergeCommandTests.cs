namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval sam --state-out</c> on two shards of testdata/reference/sam-small (ground-truth and prediction files
/// split by image), then <c>deteval merge</c>: the printout and the JSON report equal one run on everything.
/// </summary>
public sealed class SamMergeCommandTests : IDisposable
{
    private static readonly string Root = TestData.Path("reference", "sam-small");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-sam-merge-tests-" + Guid.NewGuid().ToString("N"));

    public SamMergeCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("auto")]
    [InlineData("prompt")]
    public void Merge_ShardStates_EqualsOneRunOnEverything(string mode)
    {
        string pred = mode == "auto" ? Path.Combine(Root, "pred_rle") : Path.Combine(Root, "prompts.json");
        string whole = Path.Combine(dir, "whole.json");
        var direct = CliHarness.Run(["sam", "--mode", mode, "--gt", Path.Combine(Root, "gt_sa1b"), "--dt", pred, "--json", whole]);
        Assert.True(direct.Code == ExitCodes.Ok, direct.Stderr);

        // Shards by image: the GT files split in two; auto: the prediction files likewise; prompt: each shard
        // reads the whole prompt file but only its own images' ground truth, so the other prompts are skipped.
        string[] stems = [.. Directory.GetFiles(Path.Combine(Root, "gt_sa1b")).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];
        var states = new List<string>();
        for (int part = 0; part < 2; part++)
        {
            string gt = Path.Combine(dir, $"gt{part}");
            string dt = Path.Combine(dir, $"dt{part}");
            Directory.CreateDirectory(gt);
            Directory.CreateDirectory(dt);
            foreach (string stem in stems.Where((_, i) => i % 2 == part))
            {
                File.Copy(Path.Combine(Root, "gt_sa1b", stem + ".json"), Path.Combine(gt, stem + ".json"));
            }

            foreach (string file in mode == "auto" ? Directory.GetFiles(pred) : [])
            {
                int index = Array.IndexOf(stems, Path.GetFileNameWithoutExtension(file));
                if (index < 0 ? part == 1 : index % 2 == part)
                {
                    File.Copy(file, Path.Combine(dt, Path.GetFileName(file)));
                }
            }

            string state = Path.Combine(dir, $"shard{part}.state");
            string[] args = ["sam", "--mode", mode, "--gt", gt, "--dt", mode == "auto" ? dt : pred, "--state-out", state, "-q"];
            var run = CliHarness.Run(mode == "auto" ? args : [.. args, "--skip-bad"]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
            states.Add(state);
        }

        if (mode == "prompt")
        {
            // Skipped prompts of the other shard's images would be counted: compare everything but that.
            var merged = CliHarness.Run(["merge", .. states, "-q"]);
            Assert.True(merged.Code == ExitCodes.Ok, merged.Stderr);
            var quiet = CliHarness.Run(["sam", "--mode", mode, "--gt", Path.Combine(Root, "gt_sa1b"), "--dt", pred, "-q"]);
            Assert.Equal(quiet.Stdout, System.Text.RegularExpressions.Regex.Replace(merged.Stdout, @" \(\d+ bad items skipped\)", ""));
            return;
        }

        string mergedJson = Path.Combine(dir, "merged.json");
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--json", mergedJson]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(direct.Stdout, stdout);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(mergedJson));
        Assert.Contains("merged 2 states: ", stderr, StringComparison.Ordinal);
    }
}
