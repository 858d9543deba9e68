using System.Text.Json;
using DetEval.Cli.Commands;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval coco --bootstrap</c> and <c>deteval compare</c>: parsing, the JSON they write (checked against the library's
/// own bootstrap and comparison of the same inputs), images.csv in --out, and refused inputs.
/// </summary>
public sealed class BootstrapCompareCommandTests : IDisposable
{
    private static readonly string Gt = TestData.Path("reference", "small", "gt.json");
    private static readonly string Dt = TestData.Path("reference", "small", "dt_bbox.json");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-bootstrap-tests-" + Guid.NewGuid().ToString("N"));

    public BootstrapCompareCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void CocoParse_ReadsTheBootstrapOptions()
    {
        var settings = CocoCommand.Parse(Program.BuildRoot().Parse(["coco", "--gt", "g.json", "--dt", "d.json", "--bootstrap", "250", "--seed", "-7", "--confidence", "0.9"]));
        Assert.Equal(new BootstrapOptions { Resamples = 250, Seed = -7, Confidence = 0.9 }, settings.Bootstrap);
        Assert.Null(CocoCommand.Parse(Program.BuildRoot().Parse(["coco", "--gt", "g.json", "--dt", "d.json"])).Bootstrap);
        Assert.NotEmpty(Program.BuildRoot().Parse(["coco", "--gt", "g.json", "--dt", "d.json", "--bootstrap", "0"]).Errors);
        Assert.NotEmpty(Program.BuildRoot().Parse(["coco", "--gt", "g.json", "--dt", "d.json", "--bootstrap", "5", "--confidence", "1"]).Errors);
    }

    [Fact]
    public void CocoBootstrap_JsonHoldsTheLibrarysIntervals_AndOutWritesImagesCsv()
    {
        string json = Path.Combine(dir, "r.json"), outDir = Path.Combine(dir, "out");
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "-q", "--bootstrap", "40", "--seed", "3", "--json", json, "--out", outDir, "--no-plots"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("bootstrap: 40 resamples of 60 images, seed 3, 95% percentile intervals", stdout, StringComparison.Ordinal);

        var gt = CocoReader.ReadGroundTruth(Gt);
        var result = CocoEvaluation.Evaluate(gt, CocoReader.ReadResults(Dt, gt));
        var expected = result.Bootstrap(new BootstrapOptions { Resamples = 40, Seed = 3 });
        foreach (string file in new[] { json, Path.Combine(outDir, "report.json") })
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(file));
            var root = doc.RootElement;
            foreach (string name in CocoStats.Names)
            {
                var pair = root.GetProperty("intervals").GetProperty(name);
                Assert.Equal(expected.Interval(name).Low, pair[0].GetDouble());
                Assert.Equal(expected.Interval(name).High, pair[1].GetDouble());
            }

            Assert.Equal(expected.CategoryInterval(0, "AP").Low, root.GetProperty("categories")[0].GetProperty("intervals").GetProperty("AP")[0].GetDouble());
            Assert.Equal(40, root.GetProperty("bootstrap").GetProperty("resamples").GetInt32());
            Assert.Equal(3, root.GetProperty("bootstrap").GetProperty("seed").GetInt64());
        }

        using var csv = File.OpenRead(Path.Combine(outDir, "images.csv"));
        var rows = Reports.CocoReport.ReadImages(csv);
        var records = result.ImageRecords();
        Assert.Equal(records.Count, rows.Count);
        Assert.Equal(records.Select(r => (r.ImageId, r.CategoryId, r.TruePositives50, r.AP)), rows.Select(r => (r.ImageId, r.CategoryId, r.TP50, r.AP)));
        Assert.Equal(60, rows.Count(r => r.Class == "all"));
    }

    [Fact]
    public void Compare_TwoResultsFiles_JsonIsTheLibrarysComparison()
    {
        string b = Path.Combine(dir, "b.json"), json = Path.Combine(dir, "c.json"), outDir = Path.Combine(dir, "out");
        var gt = CocoReader.ReadGroundTruth(Gt);
        var dt = CocoReader.ReadResults(Dt, gt);
        var thinned = dt.AsSpan().ToArray().GroupBy(d => d.ImageId).SelectMany(g => g.OrderByDescending(d => d.Score).Take((g.Count() * 2) / 3)).ToArray();
        File.WriteAllText(b, JsonSerializer.Serialize(thinned.Select(d => new { image_id = d.ImageId, category_id = d.CategoryId, bbox = new[] { d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height }, score = d.Score })));
        var (code, stdout, stderr) = CliHarness.Run(["compare", "--gt", Gt, "--dt", Dt, "--dt", b, "--bootstrap", "30", "--json", json, "--out", outDir]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.StartsWith("B (b.json) - A (dt_bbox.json) on 60 images, bbox; 30 paired resamples", stdout, StringComparison.Ordinal);
        Assert.Contains("class AP", stdout, StringComparison.Ordinal);

        var expected = CocoComparison.Compare(CocoEvaluation.Evaluate(gt, dt), CocoEvaluation.Evaluate(gt, CocoReader.ReadResults(b, gt)), new BootstrapOptions { Resamples = 30 });
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var ap = doc.RootElement.GetProperty("stats").GetProperty("AP");
        Assert.Equal(expected.Stats[0].Difference, ap.GetProperty("difference").GetDouble());
        Assert.Equal(expected.Stats[0].Interval!.Value.Low, ap.GetProperty("interval")[0].GetDouble());
        Assert.Equal(expected.Stats[0].ShareBBetter!.Value, ap.GetProperty("shareBBetter").GetDouble());
        Assert.Equal(File.ReadAllText(json), File.ReadAllText(Path.Combine(outDir, "comparison.json")));
        using var csv = File.OpenRead(Path.Combine(outDir, "comparison_classes.csv"));
        var rows = Reports.ComparisonReport.ReadClasses(csv);
        Assert.Equal(expected.Categories.Select(c => c[0].Difference), rows.Select(r => r.Difference!.Value));
    }

    [Fact]
    public void Compare_TwoStates_EqualsComparingTheFiles()
    {
        string a = Path.Combine(dir, "a.state"), fromFiles = Path.Combine(dir, "f.json"), fromStates = Path.Combine(dir, "s.json");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "-q", "--state-out", a]).Code);
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["compare", "--gt", Gt, "--dt", Dt, "--dt", Dt, "--bootstrap", "10", "--json", fromFiles]).Code);
        var (code, _, stderr) = CliHarness.Run(["compare", a, a, "--bootstrap", "10", "--json", fromStates]);
        Assert.True(code == ExitCodes.Ok, stderr);
        using var x = JsonDocument.Parse(File.ReadAllBytes(fromFiles));
        using var y = JsonDocument.Parse(File.ReadAllBytes(fromStates));
        Assert.Equal(x.RootElement.GetProperty("stats").GetRawText(), y.RootElement.GetProperty("stats").GetRawText());
        Assert.Equal(0, y.RootElement.GetProperty("stats").GetProperty("AP").GetProperty("difference").GetDouble());
    }

    [Fact]
    public void Compare_StatesOfDifferentOptions_IsBadInput_AndAHalfCommandLineIsAUsageError()
    {
        string a = Path.Combine(dir, "a.state"), b = Path.Combine(dir, "b.state");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "-q", "--state-out", a]).Code);
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "-q", "--max-dets", "1,10,50", "--state-out", b]).Code);
        var (code, stdout, stderr) = CliHarness.Run(["compare", a, b]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(stdout);
        Assert.Contains("cannot be compared", stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Usage, CliHarness.Run(["compare", "--gt", Gt, "--dt", Dt]).Code);
        Assert.Equal(ExitCodes.Usage, CliHarness.Run(["compare", a]).Code);
    }
}
