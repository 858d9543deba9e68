using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Coco;
using DetEval.Plotting;
using DetEval.Reports;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval.Cli.Tests.Commands;

/// <summary>Runs <c>deteval coco --out</c> once on testdata/reference/small for all the tests of the class.</summary>
public sealed class CocoReportFixture : IDisposable
{
    public CocoReportFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "deteval-cli-tests-" + Guid.NewGuid().ToString("N"));
        (Code, Stdout, Stderr) = CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "--out", Directory]);
    }

    public static string Gt { get; } = TestData.Path("reference", "small", "gt.json");

    public static string Dt { get; } = TestData.Path("reference", "small", "dt_bbox.json");

    public string Directory { get; }

    public int Code { get; }

    public string Stdout { get; }

    public string Stderr { get; }

    public string File(string name) => Path.Combine(Directory, name);

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

public class CocoReportEndToEndTests(CocoReportFixture run) : IClassFixture<CocoReportFixture>
{
    [Fact]
    public void Out_WritesEveryFile()
    {
        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        string[] names =
        [
            "report.json", "classes.csv", "pr_curves.csv", "confusion_matrix.csv",
            "pr_curves.png", "pr_curves.svg", "ap_per_class.png", "ap_per_class.svg",
            "confusion_matrix.png", "confusion_matrix.svg",
            "classes/1_person_pr.png", "classes/1_person_pr.svg",
            "classes/1_person_confidence.png", "classes/1_person_confidence.svg",
        ];
        foreach (string name in names)
        {
            Assert.True(File.Exists(run.File(name)), name + " is missing");
        }

        Assert.Empty(Directory.GetFiles(run.Directory, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("pr_curves.png", 800, 600)]
    [InlineData("classes/1_person_pr.png", 800, 600)]
    [InlineData("classes/3_car_confidence.png", 800, 600)]
    public void Png_HasTheSizeAndTheCurveColourInThePlotArea(string name, int width, int height)
    {
        using var image = Image.Load<Rgba32>(run.File(name));
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        var curve = PlotStyle.Palette[0];
        int hits = 0;
        // The central 60% of the image lies inside the data area, away from legend and labels.
        for (int y = height / 5; y < height * 4 / 5; y++)
        {
            for (int x = width / 5; x < width * 4 / 5; x++)
            {
                var p = image[x, y];
                if (p.R == curve.Red && p.G == curve.Green && p.B == curve.Blue)
                {
                    hits++;
                }
            }
        }

        Assert.True(hits > 50, $"{name}: {hits} pixels of the first series colour");
    }

    [Fact]
    public void Png_IsNotBlank()
    {
        using var image = Image.Load<Rgba32>(run.File("confusion_matrix.png"));
        var colours = new HashSet<Rgba32>();
        for (int y = 0; y < image.Height; y += 3)
        {
            for (int x = 0; x < image.Width; x += 3)
            {
                colours.Add(image[x, y]);
            }
        }

        Assert.True(colours.Count > 10, $"{colours.Count} colours");
    }

    [Theory]
    [InlineData("pr_curves.svg")]
    [InlineData("ap_per_class.svg")]
    [InlineData("confusion_matrix.svg")]
    [InlineData("classes/2_bicycle_pr.svg")]
    public void Svg_HoldsText(string name)
    {
        string svg = File.ReadAllText(run.File(name));
        Assert.StartsWith("<?xml", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<text", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassesCsv_ParsesBackToTheNumbersOfReportJson()
    {
        List<ClassReportRow> rows;
        using (var stream = File.OpenRead(run.File("classes.csv")))
        {
            rows = ClassReport.ReadClasses(stream);
        }

        using var json = JsonDocument.Parse(File.ReadAllBytes(run.File("report.json")));
        var categories = json.RootElement.GetProperty("categories").EnumerateArray().ToArray();
        Assert.Equal(categories.Length, rows.Count);
        Assert.Equal(6, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var c = categories[i];
            var row = rows[i];
            Assert.Equal(c.GetProperty("name").GetString(), row.Class);
            Assert.Equal(c.GetProperty("id").GetInt64(), row.CategoryId);
            Assert.Equal(c.GetProperty("AP").GetDouble(), row.AP);
            Assert.Equal(c.GetProperty("AP50").GetDouble(), row.AP50);
            Assert.Equal(c.GetProperty("AP75").GetDouble(), row.AP75);
            Assert.Equal(c.GetProperty("AR100").GetDouble(), row.AR100);
            Assert.Equal(c.GetProperty("numGt").GetInt32(), row.Positives);
            Assert.Equal(c.GetProperty("numDt").GetInt32(), row.Detections);
            var best = c.GetProperty("bestF1");
            Assert.Equal(best.GetProperty("threshold").GetDouble(), row.BestF1Threshold);
            Assert.Equal(best.GetProperty("precision").GetDouble(), row.Precision);
            Assert.Equal(best.GetProperty("recall").GetDouble(), row.Recall);
            Assert.Equal(best.GetProperty("f1").GetDouble(), row.F1);
        }
    }

    [Fact]
    public void ReportJson_HoldsStatsVersionAndConventions()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(run.File("report.json")));
        var root = json.RootElement;
        Assert.Equal("DetEval", root.GetProperty("tool").GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("tool").GetProperty("version").GetString()));
        Assert.Contains("rows = ground-truth class", root.GetProperty("conventions").GetProperty("confusionMatrix").GetString(), StringComparison.Ordinal);
        var result = Evaluate();
        Assert.Equal(result.Stats.AP, root.GetProperty("stats").GetProperty("AP").GetDouble());
        Assert.Equal(result.Stats.ARl, root.GetProperty("stats").GetProperty("ARl").GetDouble());
        Assert.Equal(10, root.GetProperty("params").GetProperty("iouThrs").GetArrayLength());
    }

    [Fact]
    public void PrCurvesCsv_ParsesBackToThe101PointArrays()
    {
        List<PrCurveRow> rows;
        using (var stream = File.OpenRead(run.File("pr_curves.csv")))
        {
            rows = ClassReport.ReadCurves(stream);
        }

        var result = Evaluate();
        var (t, r, k, _, m) = result.Shape;
        Assert.Equal(t * r * k, rows.Count);
        int i = 0;
        for (int categoryIndex = 0; categoryIndex < k; categoryIndex++)
        {
            for (int thresholdIndex = 0; thresholdIndex < t; thresholdIndex++)
            {
                for (int recallIndex = 0; recallIndex < r; recallIndex++, i++)
                {
                    var row = rows[i];
                    Assert.Equal(result.Options.IouThresholds[thresholdIndex], row.Iou);
                    Assert.Equal(result.Options.RecallThresholds[recallIndex], row.Recall);
                    Assert.Equal(result.PrecisionAt(thresholdIndex, recallIndex, categoryIndex, 0, m - 1), row.Precision);
                    Assert.Equal(result.ScoreAt(thresholdIndex, recallIndex, categoryIndex, 0, m - 1), row.Score);
                }
            }
        }

        // The mean of a class's 101 samples at IoU .50 is its AP50 in classes.csv.
        using var classes = File.OpenRead(run.File("classes.csv"));
        var person = ClassReport.ReadClasses(classes)[0];
        double ap50 = rows.Where(x => x.Class == person.Class && x.Iou == 0.5).Average(x => x.Precision);
        Assert.Equal(person.AP50, ap50, 12);
    }

    [Fact]
    public void ConfusionCsv_RowsSumToTheGroundTruthsOfEachClass()
    {
        string[] lines = File.ReadAllLines(run.File("confusion_matrix.csv"));
        Assert.Equal(@"gt\pred,person,bicycle,car,motorcycle,airplane,bus,background", lines[0]);
        using var classes = File.OpenRead(run.File("classes.csv"));
        var rows = ClassReport.ReadClasses(classes);
        for (int g = 0; g < rows.Count; g++)
        {
            string[] cells = lines[g + 1].Split(',');
            Assert.Equal(rows[g].Class, cells[0]);
            Assert.Equal(rows[g].Positives, cells.Skip(1).Sum(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)));
        }

        Assert.StartsWith("background,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void NoPlots_WritesReportsOnly()
    {
        string dir = Path.Combine(Path.GetTempPath(), "deteval-cli-noplots-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, _, stderr) = CliHarness.Run(["coco", "--gt", CocoReportFixture.Gt, "--dt", CocoReportFixture.Dt, "--out", dir, "--no-plots", "-q"]);
            Assert.True(code == ExitCodes.Ok, stderr);
            Assert.True(File.Exists(Path.Combine(dir, "classes.csv")));
            Assert.Empty(Directory.GetFiles(dir, "*.png", SearchOption.AllDirectories));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static CocoResult Evaluate()
    {
        var gt = CocoReader.ReadGroundTruth(CocoReportFixture.Gt);
        var dt = CocoReader.ReadResults(CocoReportFixture.Dt, gt);
        return CocoEvaluation.Evaluate(gt, dt);
    }
}
