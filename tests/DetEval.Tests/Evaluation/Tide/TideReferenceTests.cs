using System.Text.Json;

namespace DetEval.Tests.Evaluation.Tide;

/// <summary>
/// TIDE against tidecv 1.0.1's own numbers: reference/tide-small (the shared reference, on reference/small) and
/// tide/corner (the hand-made corner cases of gen_tide_corner.py, numbers from the same tidecv run; see testdata/README.md).
/// </summary>
public sealed class TideReferenceTests
{
    private const double Tolerance = 1e-12;

    private static readonly string[] MainNames = ["Cls", "Loc", "Both", "Dupe", "Bkg", "Missed"];

    private static readonly Dictionary<string, Lazy<TideResult>> Results = new()
    {
        ["small/bbox"] = new(() => Evaluate(["reference", "small"], "dt_bbox.json", IouType.Bbox)),
        ["small/segm"] = new(() => Evaluate(["reference", "small"], "dt_segm.json", IouType.Segm)),
        ["corner/bbox"] = new(() => Evaluate(["tide", "corner"], "dt_bbox.json", IouType.Bbox)),
        ["corner/segm"] = new(() => Evaluate(["tide", "corner"], "dt_segm.json", IouType.Segm)),
    };

    internal static TideResult Evaluate(string[] folder, string results, IouType iouType)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path([.. folder, "gt.json"]));
        var dt = CocoReader.ReadResults(TestData.Path([.. folder, results]), gt);
        return TideEvaluation.Evaluate(gt, dt, TideOptions.Tide(iouType));
    }

    private static JsonElement Expected(string key)
    {
        string[] parts = key.Split('/');
        string[] path = parts[0] == "small"
            ? ["reference", "tide-small", $"expected_{parts[1]}.json"]
            : ["tide", "corner", $"expected_{parts[1]}.json"];
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path(path)));
        return doc.RootElement.Clone();
    }

    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance, $"{what}: expected {expected:R}, got {actual:R}");

    public static TheoryData<string> Cases => ["small/bbox", "small/segm", "corner/bbox", "corner/segm"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void AP50_EqualsTidecv(string key) => Near(Expected(key).GetProperty("AP50").GetDouble(), Results[key].Value.AP50, "AP50");

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryMainDeltaAP_EqualsTidecv(string key)
    {
        var expected = Expected(key).GetProperty("mainErrors");
        var result = Results[key].Value;
        for (int t = 0; t < MainNames.Length; t++)
        {
            Near(expected.GetProperty(MainNames[t]).GetDouble(), result.DeltaAP((TideErrorType)t), MainNames[t]);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SpecialDeltaAPs_EqualTidecv(string key)
    {
        var expected = Expected(key).GetProperty("specialErrors");
        var result = Results[key].Value;
        Near(expected.GetProperty("FalsePos").GetDouble(), result.FalsePositiveDeltaAP, "FalsePos");
        Near(expected.GetProperty("FalseNeg").GetDouble(), result.FalseNegativeDeltaAP, "FalseNeg");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryNumber_IsTidecvsToTheLastBit(string key)
    {
        // tidecv computes in percent; its values divided by 100 are the expected files' values, and ours equal them exactly.
        var expected = Expected(key);
        var result = Results[key].Value;
        Assert.Equal(expected.GetProperty("AP50").GetDouble(), result.AP50);
        for (int t = 0; t < MainNames.Length; t++)
        {
            Assert.Equal(expected.GetProperty("mainErrors").GetProperty(MainNames[t]).GetDouble(), result.DeltaAP((TideErrorType)t));
        }

        Assert.Equal(expected.GetProperty("specialErrors").GetProperty("FalsePos").GetDouble(), result.FalsePositiveDeltaAP);
        Assert.Equal(expected.GetProperty("specialErrors").GetProperty("FalseNeg").GetDouble(), result.FalseNegativeDeltaAP);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ErrorCounts_EqualTidecv(string key)
    {
        var expected = Expected(key).GetProperty("errorCounts");
        var result = Results[key].Value;
        for (int t = 0; t < MainNames.Length; t++)
        {
            Assert.Equal(expected.GetProperty(MainNames[t]).GetInt32(), result.ErrorCount((TideErrorType)t));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerClassRows_EqualTidecv(string key)
    {
        var expected = Expected(key).GetProperty("perClass").EnumerateArray().OrderBy(e => e.GetProperty("class").GetInt64()).ToArray();
        var rows = Results[key].Value.Classes;
        Assert.Equal(expected.Length, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("class").GetInt64(), rows[i].CategoryId);
            Assert.Equal(expected[i].GetProperty("numGt").GetInt64(), rows[i].NumGroundTruths);
            Assert.Equal(expected[i].GetProperty("numDetections").GetInt32(), rows[i].NumDetections);
            Assert.Equal(expected[i].GetProperty("numTP").GetInt32(), rows[i].NumTruePositives);
            Near(expected[i].GetProperty("AP50").GetDouble(), rows[i].AP50, $"class {rows[i].CategoryId} AP50");
        }
    }
}
