using System.Text.Json;

namespace DetEval.Tests.Evaluation.SamConcept;

/// <summary>
/// SAM 3 concept segmentation against sam3's <c>CGF1Evaluator</c>: every number of every run of the reference cases
/// (testdata/reference/cgf1-*/expected.json; see testdata/README.md) within 1e-12, and the counts behind them exactly.
/// </summary>
public sealed class SamConceptReferenceTests
{
    public static TheoryData<string, string> Runs
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string folder in Folders)
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path([.. folder.Split('/'), "expected.json"])));
                foreach (var run in doc.RootElement.GetProperty("runs").EnumerateArray())
                {
                    data.Add(folder, run.GetProperty("name").GetString()!);
                }
            }

            return data;
        }
    }

    private static string[] Folders => ["reference/cgf1-small", "reference/cgf1-edge", "reference/cgf1-profiles/allneg", "reference/cgf1-profiles/perfect", "reference/cgf1-profiles/nopred"];

    [Theory]
    [MemberData(nameof(Runs))]
    public void Evaluate_GivesEveryNumberOfTheReferenceRun(string folder, string name)
    {
        var (run, result) = Evaluate(folder, name);
        var expected = run.GetProperty("expected");
        Assert.Equal(26, expected.EnumerateObject().Count());
        Assert.Equal(SamConceptResult.MetricNames.Order(StringComparer.Ordinal), expected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var metric in expected.EnumerateObject())
        {
            double want = metric.Value.GetDouble();
            double got = result.Metrics[metric.Name];
            Assert.True(Math.Abs(want - got) <= 1e-12, $"{folder} {name} {metric.Name}: expected {want:R}, got {got:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Runs))]
    public void Evaluate_CountsWhatTheReferenceCounts(string folder, string name)
    {
        var (run, result) = Evaluate(folder, name);
        var details = run.GetProperty("details");
        Assert.Equal(details.GetProperty("num_pairs_evaluated").GetInt32(), result.PairCount);
        Assert.Equal(Longs(details, "TPs"), result.TruePositives);
        Assert.Equal(Longs(details, "FPs"), result.FalsePositives);
        Assert.Equal(Longs(details, "FNs"), result.FalseNegatives);
        Assert.Equal(Longs(details, "positive_micro_FPs"), result.PositiveMicroFalsePositives);
        Assert.Equal(details.GetProperty("IL_TP").GetInt32(), result.TruePositivePairs);
        Assert.Equal(details.GetProperty("IL_FP").GetInt32(), result.FalsePositivePairs);
        Assert.Equal(details.GetProperty("IL_TN").GetInt32(), result.TrueNegativePairs);
        Assert.Equal(details.GetProperty("IL_FN").GetInt32(), result.FalseNegativePairs);
    }

    internal static (JsonElement Run, SamConceptResult Result) Evaluate(string folder, string name)
    {
        string dir = TestData.Path(folder.Split('/'));
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "expected.json")));
        var run = doc.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name).Clone();
        var annotators = run.GetProperty("gt").EnumerateArray().Select(g => SaCoReader.ReadGroundTruth(Path.Combine(dir, g.GetString()!))).ToArray();
        var predictions = SaCoReader.ReadPredictions(Path.Combine(dir, run.GetProperty("dt").GetString()!));
        var options = SamConceptOptions.Reference(run.GetProperty("iou_type").GetString() == "bbox" ? IouType.Bbox : IouType.Segm);
        return (run, SamConceptEvaluation.Evaluate(annotators, predictions, options));
    }

    private static long[] Longs(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetInt64())];
}
