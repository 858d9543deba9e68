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
        Assert.Equal(["read ground truth and results", "match", "accumulate"], stages.Select(m => m.Groups["stage"].Value));
        // A process holds some memory, and its peak never falls.
        var rss = stages.Select(m => int.Parse(m.Groups["rss"].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(rss[0] > 0 && rss.Zip(rss.Skip(1)).All(p => p.First <= p.Second), string.Join(", ", rss));
        Assert.Contains("Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.383", stdout);
    }
}
