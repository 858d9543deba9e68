using System.Text.Json;

namespace DetEval.Cli.Tests;

public class ThreadsOptionTests
{
    private static readonly string Small = TestData.Path("reference", "small");

    [Theory]
    [InlineData("bbox", "1")]
    [InlineData("bbox", "2")]
    [InlineData("segm", "1")]
    [InlineData("segm", "2")]
    public void Coco_WithAnyThreadCount_GivesPycocotoolsNumbers(string iouType, string threads)
    {
        string json = Path.Combine(Path.GetTempPath(), $"deteval-threads-{Guid.NewGuid():N}.json");
        try
        {
            var (code, _, stderr) = CliHarness.Run(["coco", "--gt", Path.Combine(Small, "gt.json"), "--dt", Path.Combine(Small, $"dt_{iouType}.json"),
                "--iou-type", iouType, "--threads", threads, "-q", "--json", json]);
            Assert.True(code == 0, stderr);
            using var got = JsonDocument.Parse(File.ReadAllBytes(json));
            using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Small, $"expected_{iouType}.json")));
            foreach (var stat in expected.RootElement.GetProperty("stats").EnumerateObject())
            {
                Assert.Equal(stat.Value.GetDouble(), got.RootElement.GetProperty("stats").GetProperty(stat.Name).GetDouble(), 1e-12);
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Voc_WithOneThread_GivesTheDevkitsNumbers()
    {
        string json = Path.Combine(Path.GetTempPath(), $"deteval-threads-{Guid.NewGuid():N}.json");
        try
        {
            var (code, _, stderr) = CliHarness.Run(["voc", "--gt", Path.Combine(Small, "voc"), "--dt", Path.Combine(Small, "voc", "results"),
                "--threads", "1", "-q", "--json", json]);
            Assert.True(code == 0, stderr);
            using var got = JsonDocument.Parse(File.ReadAllBytes(json));
            using var expected = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Small, "expected_voc.json")));
            Assert.Equal(expected.RootElement.GetProperty("mAP07").GetDouble(), got.RootElement.GetProperty("mAP").GetDouble(), 1e-12);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    public void Threads_BelowOne_IsAUsageError(string threads)
    {
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--gt", Path.Combine(Small, "gt.json"), "--dt", Path.Combine(Small, "dt_bbox.json"), "--threads", threads]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--threads", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxThreads_BelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.MaxThreads = 0);
    }
}
