using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Coco;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>reference/small against pycocotools' numbers (expected_bbox.json, expected_segm.json), at 1e-12.</summary>
public sealed class CocoReferenceSmallTests
{
    private const double Tolerance = 1e-12;

    private static readonly Dictionary<string, Lazy<CocoResult>> Results = new()
    {
        ["bbox"] = new(() => Evaluate("dt_bbox.json", IouType.Bbox)),
        ["segm"] = new(() => Evaluate("dt_segm.json", IouType.Segm)),
    };

    private static CocoResult Evaluate(string results, IouType iouType)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("reference", "small", "gt.json"));
        var dt = CocoReader.ReadResults(TestData.Path("reference", "small", results), gt);
        return CocoEvaluation.Evaluate(gt, dt, CocoOptions.Coco(iouType));
    }

    private static JsonElement Expected(string iouType)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "small", $"expected_{iouType}.json")));
        return doc.RootElement.Clone();
    }

    [Fact]
    public void IouThresholds_AreTheReferenceDoubles()
    {
        var expected = Expected("bbox").GetProperty("params").GetProperty("iouThrs");
        var ours = CocoOptions.CocoIouThresholds;
        Assert.Equal(expected.GetArrayLength(), ours.Count);
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i].GetDouble()), BitConverter.DoubleToInt64Bits(ours[i]));
        }
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void TwelveStats_EqualReference(string iouType)
    {
        var stats = Expected(iouType).GetProperty("stats_list");
        var ours = Results[iouType].Value.Stats.ToArray();
        for (int i = 0; i < 12; i++)
        {
            Assert.True(Math.Abs(stats[i].GetDouble() - ours[i]) <= Tolerance, $"{CocoStats.Names[i]}: expected {stats[i].GetDouble():R}, got {ours[i]:R}");
        }
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void PerCategory_EqualReference(string iouType)
    {
        ExpectedPerCategory.AssertEqual(Expected(iouType).GetProperty("per_category"), Results[iouType].Value, Tolerance);
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void PrecisionSliceAndRecallArray_EqualReference(string iouType)
    {
        var result = Results[iouType].Value;
        var expected = Expected(iouType);
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

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void PrecisionAndScoreChecksums_EqualReference(string iouType)
    {
        var result = Results[iouType].Value;
        var expected = Expected(iouType);
        var precision = expected.GetProperty("precision");
        int minus1 = 0;
        double sum = 0;
        foreach (double p in result.Precision)
        {
            if (p == -1)
            {
                minus1++;
            }
            else
            {
                sum += p;
            }
        }

        Assert.Equal(precision.GetProperty("count_minus1").GetInt32(), minus1);
        Assert.Equal(precision.GetProperty("count_total").GetInt32(), result.Precision.Length);
        Assert.Equal(precision.GetProperty("sum_excluding_minus1").GetDouble(), sum, 1e-8);
        double scoreSum = 0;
        foreach (double s in result.Scores)
        {
            scoreSum += s > -1 ? s : 0;
        }

        Assert.Equal(expected.GetProperty("scores").GetProperty("sum_excluding_minus1").GetDouble(), scoreSum, 1e-4);
    }
}
