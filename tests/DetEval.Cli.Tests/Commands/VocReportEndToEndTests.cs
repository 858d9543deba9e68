using System.Text.Json;
using DetEval.Plotting;
using DetEval.Reports;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval voc --out DIR</c> on testdata/reference/small/voc (all-point AP): every file is written, the CSVs read
/// back to the devkit's numbers (expected_voc.json) and to report.json, and the plots are drawn.
/// </summary>
public sealed class VocReportEndToEndTests : IDisposable
{
    private static readonly string Root = TestData.Path("reference", "small", "voc");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-voc-out-" + Guid.NewGuid().ToString("N"));

    public VocReportEndToEndTests()
    {
        var (code, _, stderr) = CliHarness.Run(["voc", "--gt", Root, "--dt", Path.Combine(Root, "results"), "--ap", "allpoint", "--out", dir]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("wrote ", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ClassesCsv_HasTheDevkitNumbers_AndReportJsonAgrees()
    {
        using var expected = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "small", "expected_voc.json")));
        using var report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "report.json")));
        List<VocClassRow> rows;
        using (var csv = File.OpenRead(Path.Combine(dir, "classes.csv")))
        {
            rows = VocReport.ReadClasses(csv);
        }

        var jsonClasses = report.RootElement.GetProperty("classes").EnumerateArray().ToArray();
        Assert.Equal(expected.RootElement.GetProperty("per_class").EnumerateObject().Count(), rows.Count);
        Assert.Equal(jsonClasses.Length, rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            var row = rows[k];
            var e = expected.RootElement.GetProperty("per_class").GetProperty(row.Class);
            Assert.Equal(e.GetProperty("ap10").GetDouble(), row.AP!.Value, 1e-12);
            Assert.Equal(e.GetProperty("npos_nondifficult").GetInt64(), row.Positives);
            Assert.Equal(e.GetProperty("num_difficult").GetInt32(), row.Difficult);
            Assert.Equal(e.GetProperty("num_det").GetInt32(), row.Detections);
            Assert.Equal(jsonClasses[k].GetProperty("name").GetString(), row.Class);
            Assert.Equal(jsonClasses[k].GetProperty("AP").GetDouble(), row.AP.Value);
            Assert.Equal(jsonClasses[k].GetProperty("tp").GetInt32(), row.TP);
            Assert.Equal(jsonClasses[k].GetProperty("fp").GetInt32(), row.FP);
        }
    }

    [Fact]
    public void PrCurvesCsv_HasEveryRankedDetection_AndEndsAtTheClassCounts()
    {
        List<VocClassRow> classes;
        List<VocCurveRow> curves;
        using (var csv = File.OpenRead(Path.Combine(dir, "classes.csv")))
        {
            classes = VocReport.ReadClasses(csv);
        }

        using (var csv = File.OpenRead(Path.Combine(dir, "pr_curves.csv")))
        {
            curves = VocReport.ReadCurves(csv);
        }

        foreach (var c in classes)
        {
            var mine = curves.Where(r => r.Class == c.Class).ToArray();
            Assert.Equal(c.Detections, mine.Length);
            Assert.Equal(Enumerable.Range(0, mine.Length), mine.Select(r => r.Rank));
            Assert.True(mine.Zip(mine.Skip(1)).All(p => p.First.Score >= p.Second.Score), $"{c.Class}: scores not descending");
            Assert.Equal(c.TP, mine.Count(r => r.Outcome == "tp"));
            Assert.Equal(c.FP, mine.Count(r => r.Outcome == "fp"));
            Assert.Equal(c.Detections - c.TP - c.FP, mine.Count(r => r.Outcome == "ignored"));
            Assert.Equal((double)c.TP / c.Positives, mine[^1].Recall!.Value);
        }
    }

    [Fact]
    public void ApPlots_AreDrawnForEveryClass()
    {
        string[] pngs = Directory.GetFiles(Path.Combine(dir, PlotReport.ClassesDirectory), "*_ap.png");
        Assert.Equal(6, pngs.Length);
        Assert.Equal(6, Directory.GetFiles(Path.Combine(dir, PlotReport.ClassesDirectory), "*_ap.svg").Length);
        PngAssert.IsDrawnPlot(pngs[0]);
    }

    [Fact]
    public void NoPlots_WritesOnlyTheReports()
    {
        string other = dir + "-np";
        try
        {
            var (code, _, stderr) = CliHarness.Run(["voc", "--gt", Root, "--dt", Path.Combine(Root, "results"), "--out", other, "--no-plots", "-q"]);
            Assert.True(code == ExitCodes.Ok, stderr);
            Assert.Equal(["classes.csv", "pr_curves.csv", "report.json"], Directory.GetFiles(other).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.False(Directory.Exists(Path.Combine(other, PlotReport.ClassesDirectory)));
        }
        finally
        {
            if (Directory.Exists(other))
            {
                Directory.Delete(other, recursive: true);
            }
        }
    }
}
