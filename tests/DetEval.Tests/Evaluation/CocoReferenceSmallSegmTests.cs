using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Coco;

namespace DetEval.Tests.Evaluation;

/// <summary>reference/small segm against pycocotools' numbers (expected_segm.json), at 1e-12.</summary>
public sealed class CocoReferenceSmallSegmTests
{
    private const double Tolerance = 1e-12;

    private static readonly Lazy<EvaluationResult> Segm = new(() =>
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("reference", "small", "gt.json"));
        var dt = CocoReader.ReadResults(TestData.Path("reference", "small", "dt_segm.json"), gt);
        return CocoEvaluation.Evaluate(gt, dt, EvaluationOptions.Coco(IouType.Segm));
    });

    private static JsonElement Expected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "small", "expected_segm.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void Segm_TwelveStats_EqualReference()
    {
        var stats = Expected().GetProperty("stats_list");
        var ours = Segm.Value.Stats.ToArray();
        for (int i = 0; i < 12; i++)
        {
            Assert.True(Math.Abs(stats[i].GetDouble() - ours[i]) <= Tolerance, $"{CocoStats.Names[i]}: expected {stats[i].GetDouble():R}, got {ours[i]:R}");
        }
    }

    [Fact]
    public void Segm_PerCategory_EqualReference()
    {
        var result = Segm.Value;
        foreach (var cat in Expected().GetProperty("per_category").EnumerateArray())
        {
            int k = result.CategoryIds.ToList().IndexOf(cat.GetProperty("category_id").GetInt64());
            var ours = result.Categories[k];
            Assert.Equal(cat.GetProperty("AP").GetDouble(), ours.Stats.AP, Tolerance);
            Assert.Equal(cat.GetProperty("AP50").GetDouble(), ours.Stats.AP50, Tolerance);
            Assert.Equal(cat.GetProperty("AP75").GetDouble(), ours.Stats.AP75, Tolerance);
            Assert.Equal(cat.GetProperty("AR100").GetDouble(), ours.Stats.AR100, Tolerance);
            Assert.Equal(cat.GetProperty("num_dt").GetInt32(), ours.NumDetections);
        }
    }

    [Fact]
    public void Segm_PrecisionSliceAndRecall_EqualReference()
    {
        var result = Segm.Value;
        var expected = Expected();
        var slice = expected.GetProperty("precision").GetProperty("area_all_maxdet100");
        var recall = expected.GetProperty("recall").GetProperty("values");
        for (int t = 0; t < 10; t++)
        {
            for (int k = 0; k < 6; k++)
            {
                for (int r = 0; r < 101; r++)
                {
                    Assert.Equal(slice[t][r][k].GetDouble(), result.PrecisionAt(t, r, k, 0, 2), Tolerance);
                }

                for (int a = 0; a < 4; a++)
                {
                    for (int m = 0; m < 3; m++)
                    {
                        Assert.Equal(recall[t][k][a][m].GetDouble(), result.RecallAt(t, k, a, m), Tolerance);
                    }
                }
            }
        }
    }
}
