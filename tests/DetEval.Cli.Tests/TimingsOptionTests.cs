using System.Text.RegularExpressions;

namespace DetEval.Cli.Tests;

/// <summary>
/// <c>--timings</c> names each stage on stderr with its time, CPU, collections, allocation, heap and peak resident
/// memory (the figures the performance notes quote), and leaves the numbers on stdout as they are.
/// </summary>
public sealed partial class TimingsOptionTests
{
    private static readonly string Small = TestData.Path("reference", "small");

    [GeneratedRegex(@"^(?<stage>[a-z ]+): \d+\.\d{3} s \(cpu \d+\.\d{3} s; GCs so far \d+/\d+/\d+, paused \d+ ms, allocated \d+ MB; heap \d+ MB, peak RSS (?<rss>\d+) MB\)$")]
    private static partial Regex StageLine();

    [Fact]
    public void Coco_PrintsEveryStage_WithItsMemory()
    {
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--gt", Path.Combine(Small, "gt.json"), "--dt", Path.Combine(Small, "dt_bbox.json"), "--timings"]);
        Assert.True(code == 0, stderr);
        var stages = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => StageLine().Match(line)).Where(m => m.Success).ToList();
        // Streamed: the ground truth first, then each image's results read and matched at once.
        Assert.Equal(["read ground truth", "read and match results", "accumulate"], stages.Select(m => m.Groups["stage"].Value));
        // A process holds some memory, and its peak never falls.
        var rss = stages.Select(m => int.Parse(m.Groups["rss"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(rss[0] > 0 && rss.Zip(rss.Skip(1)).All(p => p.First <= p.Second), string.Join(", ", rss));
        Assert.Contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.383", stdout);
    }

    [Fact]
    public void Coco_ResultsListingImagesApart_AreReadWhole_WithTheSameNumbers()
    {
        // The sample's results ordered by score (images apart): not streamed, read whole, and the numbers unchanged
        // (the evaluation ranks by score with ties in file order, which a stable sort keeps within each image).
        string dir = Directory.CreateTempSubdirectory("deteval-scattered-").FullName;
        try
        {
            var results = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(Small, "dt_bbox.json")))!.AsArray();
            var byScore = new System.Text.Json.Nodes.JsonArray([.. results.OrderByDescending(r => (double)r!["score"]!).Select(r => r!.DeepClone())]);
            string scattered = Path.Combine(dir, "dt.json");
            File.WriteAllText(scattered, byScore.ToJsonString());
            string streamedJson = Path.Combine(dir, "streamed.json"), wholeJson = Path.Combine(dir, "whole.json");
            var (code, _, stderr) = CliHarness.Run(["coco", "--gt", Path.Combine(Small, "gt.json"), "--dt", scattered, "--timings", "--json", wholeJson, "-q"]);
            Assert.True(code == 0, stderr);
            Assert.Contains("read results whole: ", stderr, StringComparison.Ordinal);
            (code, _, stderr) = CliHarness.Run(["coco", "--gt", Path.Combine(Small, "gt.json"), "--dt", Path.Combine(Small, "dt_bbox.json"), "--timings", "--json", streamedJson, "-q"]);
            Assert.True(code == 0, stderr);
            Assert.Contains("read and match results", stderr, StringComparison.Ordinal);
            static string Stats(string path) => System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!["stats"]!.ToJsonString();
            Assert.Equal(Stats(streamedJson), Stats(wholeJson));
            Assert.Contains("\"AP\":0.3834556281964702", Stats(streamedJson), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
