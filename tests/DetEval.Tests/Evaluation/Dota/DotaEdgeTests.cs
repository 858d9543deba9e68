using System.Globalization;
using System.Text.Json;

namespace DetEval.Tests.Evaluation.Dota;

/// <summary>
/// dota-edge (the generator's edge profile: bow-tie point orders, zero-area quads, coordinates near 30000 and below
/// 0, duplicated objects, 9-field lines, difficult '2', header-only files, label files outside the image set, a class
/// without a results file, classes without positives) against the devkit's values, bit for bit.
/// </summary>
public sealed class DotaEdgeTests
{
    private static string Root => TestData.Path("dota", "dota-edge");

    [Theory]
    [InlineData("valset-iou0.5", "ap07")]
    [InlineData("valset-iou0.5", "ap10")]
    [InlineData("valset-iou0.7", "ap07")]
    [InlineData("valset-iou0.7", "ap10")]
    public void EveryClassTheDevkitScores_IsItsValueBitForBit_AndTheRestFollowTheDocumentedChoices(string name, string key)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Root, "expected.json")));
        var run = doc.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("name").GetString() == name);
        var gt = DotaReader.ReadGroundTruth(Path.Combine(Root, "labelTxt"), Path.Combine(Root, "valset.txt"), resultsDirectory: Path.Combine(Root, "results"));
        var dt = DotaReader.ReadResults(Path.Combine(Root, "results"), gt);
        var options = new DotaOptions { IouThreshold = run.GetProperty("iou").GetDouble(), AveragePrecisionMethod = key == "ap07" ? AveragePrecisionMethod.ElevenPoint : AveragePrecisionMethod.AllPoint };
        var result = DotaEvaluation.Evaluate(gt, dt, options);
        var perClass = run.GetProperty("per_class");
        Assert.Equal(perClass.EnumerateObject().Count(), result.Classes.Count);
        int scored = 0;
        foreach (var c in result.Classes)
        {
            string expected = perClass.GetProperty(c.Name).GetProperty(key).GetString()!;
            if (c.NumPositives == 0)
            {
                // The devkit: 0.0 (11-point) or NaN (all-point); the protocol: no AP.
                Assert.True(expected is "0.0" or "nan", $"{c.Name}: {expected}");
                Assert.True(double.IsNaN(c.AveragePrecision));
            }
            else if (expected.StartsWith("error", StringComparison.Ordinal))
            {
                // The devkit crashes on a missing or empty results file; the protocol: AP 0.
                Assert.Equal(0, c.NumDetections);
                Assert.Equal(0.0, c.AveragePrecision);
            }
            else
            {
                scored++;
                Assert.Equal(double.Parse(expected, CultureInfo.InvariantCulture), c.AveragePrecision);
            }
        }

        Assert.True(scored >= 12, $"only {scored} classes scored");
    }
}
