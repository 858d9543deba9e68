using System.Text.Json;
using DetEval.Cli.Commands;
using DetEval.Reports;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval dota</c>: argument parsing, the checker's runs on dota-small (with and without --image-set, IoU 0.5 and
/// 0.7, both AP methods, the defaults) against expected.json at 1e-12, --out, bad input (exit 2, one line, nothing
/// written), --state-out with merge, and YOLO-OBB input.
/// </summary>
public sealed class DotaCommandTests : IDisposable
{
    private static readonly string Root = TestData.Path("dota", "dota-small");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-dota-cli-" + Guid.NewGuid().ToString("N"));

    public DotaCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Labels => Path.Combine(Root, "labelTxt");

    private static string Results => Path.Combine(Root, "results");

    public static TheoryData<bool, string, string> CheckerRuns => new()
    {
        { true, "0.5", "11point" }, { true, "0.5", "allpoint" }, { true, "0.7", "11point" }, { true, "0.7", "allpoint" },
        { false, "0.5", "11point" }, { false, "0.5", "allpoint" }, { false, "0.7", "11point" }, { false, "0.7", "allpoint" },
    };

    [Fact]
    public void Parse_Defaults_AreTheDevkits()
    {
        var settings = DotaCommand.Parse(Program.BuildRoot().Parse(["dota", "--gt", Labels, "--dt", Results]));
        Assert.Equal(DotaOptions.Dota(), settings.Options);
        Assert.False(settings.YoloObb);
        Assert.Null(settings.ImageSet);
        Assert.Null(settings.Classes);
        Assert.False(settings.SkipUnlistedImages);
        Assert.True(settings.Plots);
    }

    [Fact]
    public void Parse_EveryOption_LandsInTheSettings()
    {
        var settings = DotaCommand.Parse(Program.BuildRoot().Parse([
            "dota", "--gt", Labels, "--dt", Results, "--image-set", "set.txt", "--ap", "allpoint", "--iou", "0.7", "--iou-mode", "exact",
            "--format", "yolo-obb", "--image-sizes", "sizes.txt", "--classes", "plane, ship", "--json", "r.json", "--out", "o",
            "--state-out", "s.state", "--skip-unlisted-images", "--no-plots", "-q"]));
        Assert.Equal(new DotaOptions { IouThreshold = 0.7, AveragePrecisionMethod = AveragePrecisionMethod.AllPoint, IouMode = OrientedIouMode.Exact }, settings.Options);
        Assert.True(settings.YoloObb);
        Assert.Equal("set.txt", settings.ImageSet!.Name);
        Assert.Equal("sizes.txt", settings.ImageSizes!.Name);
        Assert.Equal(["plane", "ship"], settings.Classes);
        Assert.Equal("r.json", settings.Json!.Name);
        Assert.Equal("o", settings.Out!.Name);
        Assert.Equal("s.state", settings.StateOut!.Name);
        Assert.True(settings.SkipUnlistedImages);
        Assert.False(settings.Plots);
        Assert.True(settings.Quiet);
    }

    [Theory]
    [InlineData("--ap", "101point", "'101point'")]
    [InlineData("--iou", "1.5", "--iou")]
    [InlineData("--iou-mode", "float", "'float'")]
    [InlineData("--format", "voc", "'voc'")]
    [InlineData("--classes", " , ", "--classes")]
    public void Usage_BadOptionValue_IsExitOne(string option, string value, string named)
    {
        var (code, _, stderr) = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, option, value]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_YoloObbWithoutImageSizes_IsExitOne()
    {
        var (code, _, stderr) = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--format", "yolo-obb"]);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--image-sizes", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CheckerRuns))]
    public void Json_EqualsTheDevkitsNumbers_OnTheCheckersRuns(bool withImageSet, string iou, string ap)
    {
        string json = Path.Combine(dir, "out.json");
        string[] imageSet = withImageSet ? ["--image-set", Path.Combine(Root, "valset.txt")] : [];
        var (code, stdout, stderr) = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, .. imageSet, "--iou", iou, "--ap", ap, "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Contains("mAP = ", stdout, StringComparison.Ordinal);
        AssertMatchesExpected(json, (withImageSet ? "valset-iou" : "all-iou") + iou, ap);
    }

    [Fact]
    public void Json_WithTheDefaults_IsTheDevkitsMainRun()
    {
        string json = Path.Combine(dir, "out.json");
        var (code, stdout, stderr) = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        AssertMatchesExpected(json, "all-iou0.5", "11point");
        Assert.Contains("conventions: 11-point AP", stdout, StringComparison.Ordinal);
        Assert.Contains("ties in score keep results-file order", stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.Equal("devkit", report.RootElement.GetProperty("iouMode").GetString());
        var harbor = report.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "harbor");
        Assert.Equal(0.0, harbor.GetProperty("AP").GetDouble());
        foreach (string key in new[] { "numPositives", "numDetections", "tp", "fp" })
        {
            Assert.True(harbor.TryGetProperty(key, out _), key);
        }
    }

    [Fact]
    public void ExactMode_ChangesOnlyThePlaneAtOneHalf()
    {
        string json = Path.Combine(dir, "exact.json");
        var (code, _, stderr) = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--iou-mode", "exact", "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        var plane = report.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "plane");
        Assert.Equal(0.642825572028875, plane.GetProperty("AP").GetDouble(), 1e-12);
        Assert.Equal("exact", report.RootElement.GetProperty("iouMode").GetString());
    }

    [Fact]
    public void ClassWithoutPositives_IsNullInTheJson_AndLeftOutOfTheMap()
    {
        string root = CopyOf(Root);
        File.WriteAllText(Path.Combine(root, "results", "Task1_helicopter.txt"), "P0003 0.5 1 1 5 1 5 5 1 5\n");
        string json = Path.Combine(dir, "heli.json");
        var (code, stdout, stderr) = CliHarness.Run(["dota", "--gt", Path.Combine(root, "labelTxt"), "--dt", Path.Combine(root, "results"), "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);
        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        var heli = report.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "helicopter");
        Assert.Equal(JsonValueKind.Null, heli.GetProperty("AP").ValueKind);
        Assert.Equal(0.5878938606505821, report.RootElement.GetProperty("mAP").GetDouble(), 1e-12);
        Assert.Contains("over 7 of 8 classes", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_WritesTheVocReportsAndPlots_WithTheDotaJson()
    {
        string outDir = Path.Combine(dir, "out");
        var (code, _, stderr) = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--ap", "allpoint", "--out", outDir]);
        Assert.True(code == ExitCodes.Ok, stderr);
        foreach (string file in new[] { "report.json", "classes.csv", "pr_curves.csv" })
        {
            Assert.True(File.Exists(Path.Combine(outDir, file)), file);
        }

        // One plot pair per class with positives and detections (harbor has none).
        Assert.Equal(12, Directory.GetFiles(Path.Combine(outDir, "classes")).Length);
        AssertMatchesExpected(Path.Combine(outDir, "report.json"), "all-iou0.5", "allpoint");
        List<VocClassRow> rows;
        using (var csv = File.OpenRead(Path.Combine(outDir, "classes.csv")))
        {
            rows = VocReport.ReadClasses(csv);
        }

        Assert.Equal(0.7033679501196093, rows.Single(r => r.Class == "plane").AP!.Value, 1e-12);
        var noPlots = Path.Combine(dir, "noplots");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--out", noPlots, "--no-plots"]).Code);
        Assert.False(Directory.Exists(Path.Combine(noPlots, "classes")));
    }

    [Theory]
    [InlineData("unknown-image", "line 2", "image 'P0000' is not in the image set")]
    [InlineData("missing-label", "", "label file not found")]
    [InlineData("eleven-fields", "line 3", "expected 9 or 10 fields")]
    [InlineData("listed-twice", "line 42", "listed twice")]
    public void BadInput_IsExitTwo_WithOneLineNamingFileAndPlace_AndNothingWritten(string kind, string location, string says)
    {
        string root = CopyOf(Root);
        string set = Path.Combine(root, "valset.txt");
        string file;
        switch (kind)
        {
            case "unknown-image":
                file = Path.Combine(root, "results", "Task1_ship.txt");
                var lines = File.ReadAllLines(file).ToList();
                lines.Insert(1, "P0000 0.5 1 1 5 1 5 5 1 5");
                File.WriteAllLines(file, lines);
                break;
            case "missing-label":
                file = Path.Combine(root, "labelTxt", "P0003.txt");
                File.Delete(file);
                break;
            case "eleven-fields":
                file = Path.Combine(root, "labelTxt", "P0003.txt");
                var label = File.ReadAllLines(file).ToList();
                label[2] += " extra";
                File.WriteAllLines(file, label);
                break;
            default:
                file = set;
                File.AppendAllText(set, "P0003\n");
                break;
        }

        string json = Path.Combine(dir, "bad.json");
        string state = Path.Combine(dir, "bad.state");
        var (code, stdout, stderr) = CliHarness.Run(["dota", "--gt", Path.Combine(root, "labelTxt"), "--dt", Path.Combine(root, "results"), "--image-set", set, "--json", json, "--state-out", state]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        string message = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(file, message, StringComparison.Ordinal);
        Assert.Contains(location, message, StringComparison.Ordinal);
        Assert.Contains(says, message, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
        Assert.False(File.Exists(state));
    }

    [Theory]
    [InlineData("11point", 2)]
    [InlineData("allpoint", 3)]
    public void Merge_ShardsOfOneResultsFolder_EqualOneRunOnEverything(string ap, int parts)
    {
        string whole = Path.Combine(dir, "whole.json");
        var direct = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--image-set", Path.Combine(Root, "valset.txt"), "--ap", ap, "--json", whole]);
        Assert.True(direct.Code == ExitCodes.Ok, direct.Stderr);
        string classes = "bridge,harbor,large-vehicle,plane,ship,small-vehicle,storage-tank";
        string[] names = File.ReadAllLines(Path.Combine(Root, "valset.txt"));
        var states = new List<string>();
        for (int part = 0; part < parts; part++)
        {
            string set = Path.Combine(dir, $"shard{part}.txt");
            File.WriteAllLines(set, names.Where((_, i) => i % parts == part));
            string state = Path.Combine(dir, $"shard{part}.state");
            var run = CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--image-set", set, "--skip-unlisted-images", "--classes", classes, "--ap", ap, "--state-out", state, "-q"]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
            states.Add(state);
        }

        string merged = Path.Combine(dir, "merged.json");
        var (code, stdout, stderr) = CliHarness.Run(["merge", .. states, "--json", merged]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(direct.Stdout, stdout);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(merged));
    }

    [Fact]
    public void Merge_DotaStatesOfOtherIouModes_IsBadInputSayingWhy()
    {
        string a = Path.Combine(dir, "a.state"), b = Path.Combine(dir, "b.state");
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--state-out", a, "-q"]).Code);
        Assert.Equal(ExitCodes.Ok, CliHarness.Run(["dota", "--gt", Labels, "--dt", Results, "--state-out", b, "--iou-mode", "exact", "-q"]).Code);
        var (code, _, stderr) = CliHarness.Run(["merge", a, b]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("IoU modes differ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void YoloObb_OfTheSameBoxes_GivesTheSameNumbersAsDota()
    {
        // dota-small written as YOLO-OBB, normalised by a 4096 x 4096 canvas (a power of two, so the corners come back
        // exactly), with class names.
        string yolo = Path.Combine(dir, "yolo");
        var gt = DotaReader.ReadGroundTruth(Labels, resultsDirectory: Results);
        var dt = DotaReader.ReadResults(Results, gt);
        string labels = Path.Combine(yolo, "labels"), preds = Path.Combine(yolo, "pred");
        Directory.CreateDirectory(labels);
        Directory.CreateDirectory(preds);
        const double size = 4096;
        string Norm(Quad q) => string.Join(' ', new[] { q.X1, q.Y1, q.X2, q.Y2, q.X3, q.Y3, q.X4, q.Y4 }.Select(v => (v / size).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        var names = gt.Dataset.Categories.Select(c => c.Name).ToArray();
        foreach (var image in gt.Dataset.Images)
        {
            var objects = Enumerable.Range(0, gt.Quads.Count).Where(g => gt.Dataset.GroundTruths[g].ImageId == image.Id && !gt.Dataset.GroundTruths[g].Difficult);
            File.WriteAllLines(Path.Combine(labels, image.FileName + ".txt"), objects.Select(g => $"{gt.Dataset.GroundTruths[g].CategoryId - 1} {Norm(gt.Quads[g])}"));
            var dets = Enumerable.Range(0, dt.Quads.Count).Where(d => dt.Detections[d].ImageId == image.Id).ToArray();
            if (dets.Length > 0)
            {
                File.WriteAllLines(Path.Combine(preds, image.FileName + ".txt"), dets.Select(d => $"{dt.Detections[d].CategoryId - 1} {Norm(dt.Quads[d])} {dt.Detections[d].Score.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));
            }
        }

        string sizes = Path.Combine(yolo, "sizes.txt");
        File.WriteAllLines(sizes, gt.Dataset.Images.Select(i => $"{i.FileName} 4096 4096"));
        string json = Path.Combine(dir, "yolo.json");
        var (code, _, stderr) = CliHarness.Run(["dota", "--format", "yolo-obb", "--gt", labels, "--dt", preds, "--image-sizes", sizes, "--classes", string.Join(',', names), "--json", json]);
        Assert.True(code == ExitCodes.Ok, stderr);

        // Difficult objects are dropped from the YOLO labels (the format has no such flag), so compare with the
        // same evaluation in code: the devkit's rules on the same pixels, ties by image then line.
        var yoloGt = YoloObbReader.ReadGroundTruth(labels, PerImageTextReader.ReadImageSizes(sizes), classes: names);
        var yoloDt = YoloObbReader.ReadDetections(preds, yoloGt, PerImageTextReader.ReadImageSizes(sizes), names);
        Assert.Equal(gt.Quads.Where((_, g) => !gt.Dataset.GroundTruths[g].Difficult), yoloGt.Quads);
        var expected = DotaEvaluation.Evaluate(yoloGt, yoloDt, DotaOptions.Dota());
        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.Equal(expected.MeanAveragePrecision, report.RootElement.GetProperty("mAP").GetDouble());
    }

    private static void AssertMatchesExpected(string json, string run, string ap)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json")));
        var expected = doc.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == run).GetProperty("expected_cli").GetProperty(ap);
        using var report = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.True(Math.Abs(expected.GetProperty("mAP").GetDouble() - report.RootElement.GetProperty("mAP").GetDouble()) <= 1e-12, $"{run} {ap} mAP");
        var classes = report.RootElement.GetProperty("classes").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        foreach (var e in expected.GetProperty("classes").EnumerateObject())
        {
            double actual = classes[e.Name].GetProperty("AP").GetDouble();
            Assert.True(Math.Abs(e.Value.GetDouble() - actual) <= 1e-12, $"{run} {ap} {e.Name}: expected {e.Value.GetDouble():R}, got {actual:R}");
        }
    }

    private string CopyOf(string source)
    {
        string target = Path.Combine(dir, "copy-" + Guid.NewGuid().ToString("N"));
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        return target;
    }
}
