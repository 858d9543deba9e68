using System.Text.Json;

namespace DetEval.Tests.Evaluation.Dota;

/// <summary>dota-small against the DOTA devkit's numbers (expected.json), at 1e-12: every run, both AP methods.</summary>
public sealed class DotaReferenceSmallTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string, string> Runs => new()
    {
        { "valset-iou0.5", "11point" }, { "valset-iou0.5", "allpoint" },
        { "valset-iou0.7", "11point" }, { "valset-iou0.7", "allpoint" },
        { "all-iou0.5", "11point" }, { "all-iou0.5", "allpoint" },
        { "all-iou0.7", "11point" }, { "all-iou0.7", "allpoint" },
    };

    internal static string Root => TestData.Path("dota", "dota-small");

    internal static JsonElement Run(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json")));
        return doc.RootElement.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("name").GetString() == name).Clone();
    }

    internal static DotaResult Evaluate(JsonElement run, string ap, OrientedIouMode mode = OrientedIouMode.Devkit)
    {
        string? imageSet = run.GetProperty("image_set").ValueKind == JsonValueKind.Null ? null : Path.Combine(Root, "valset.txt");
        var gt = DotaReader.ReadGroundTruth(Path.Combine(Root, "labelTxt"), imageSet, resultsDirectory: Path.Combine(Root, "results"));
        var dt = DotaReader.ReadResults(Path.Combine(Root, "results"), gt);
        var options = new DotaOptions
        {
            IouThreshold = run.GetProperty("iou").GetDouble(),
            AveragePrecisionMethod = ap == "allpoint" ? AveragePrecisionMethod.AllPoint : AveragePrecisionMethod.ElevenPoint,
            IouMode = mode,
        };
        return DotaEvaluation.Evaluate(gt, dt, options);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void EveryClassAndTheMap_EqualTheDevkitsStableSortValues(string name, string ap)
    {
        var run = Run(name);
        var expected = run.GetProperty("expected_cli").GetProperty(ap);
        var result = Evaluate(run, ap);
        var classes = expected.GetProperty("classes");
        foreach (var e in classes.EnumerateObject())
        {
            var c = result.Classes.Single(r => r.Name == e.Name);
            Assert.True(Math.Abs(e.Value.GetDouble() - c.AveragePrecision) <= Tolerance, $"{name} {ap} {e.Name}: expected {e.Value.GetDouble():R}, got {c.AveragePrecision:R}");
        }

        double map = expected.GetProperty("mAP").GetDouble();
        Assert.True(Math.Abs(map - result.MeanAveragePrecision) <= Tolerance, $"{name} {ap} mAP: expected {map:R}, got {result.MeanAveragePrecision:R}");
        Assert.Equal(classes.EnumerateObject().Count(), result.ClassesAveraged);
        Assert.Equal(run.GetProperty("classes").GetArrayLength(), result.Classes.Count);
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void EveryClass_CountsEqualTheReference(string name, string ap)
    {
        var run = Run(name);
        var result = Evaluate(run, ap);
        foreach (var e in run.GetProperty("per_class").EnumerateObject())
        {
            var c = result.Classes.Single(r => r.Name == e.Name);
            Assert.Equal(e.Value.GetProperty("npos_nondifficult").GetInt64(), c.NumPositives);
            Assert.Equal(e.Value.GetProperty("num_difficult").GetInt32(), c.NumDifficult);
            Assert.Equal(e.Value.GetProperty("num_det").GetInt32(), c.NumDetections);

            // The reference has no outcomes where the devkit crashed (the empty harbor file): there are no detections.
            int Count(string key) => e.Value.TryGetProperty(key, out var v) ? v.GetInt32() : 0;
            Assert.Equal(Count("tp"), c.TruePositives);
            Assert.Equal(Count("fp"), c.FalsePositives);
            Assert.Equal(Count("ignored"), c.Flags.Count(f => f == MatchFlag.Ignored));
        }
    }
}
