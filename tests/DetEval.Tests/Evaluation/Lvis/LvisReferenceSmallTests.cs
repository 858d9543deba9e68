using System.Text.Json;

namespace DetEval.Tests.Evaluation.Lvis;

/// <summary>reference/lvis-small against lvis-api's 13 results (bbox and segm), at 1e-12.</summary>
public sealed class LvisReferenceSmallTests
{
    private const double Tolerance = 1e-12;

    private static readonly Dictionary<string, Lazy<LvisResult>> Results = new()
    {
        ["bbox"] = new(() => Evaluate("bbox")),
        ["segm"] = new(() => Evaluate("segm")),
    };

    internal static IouType TypeOf(string iouType) => iouType == "segm" ? IouType.Segm : IouType.Bbox;

    internal static (LvisDataset Gt, DetectionSet Dt) Read(string iouType)
    {
        var gt = LvisReader.ReadGroundTruth(TestData.Path("reference", "lvis-small", "gt.json"), readSegmentation: iouType == "segm");
        var dt = LvisReader.ReadResults(TestData.Path("reference", "lvis-small", $"dt_{iouType}.json"), gt);
        return (gt, dt);
    }

    private static LvisResult Evaluate(string iouType)
    {
        var (gt, dt) = Read(iouType);
        return LvisEvaluation.Evaluate(gt, dt, LvisOptions.Lvis(TypeOf(iouType)));
    }

    private static JsonElement Expected(string iouType)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "lvis-small", $"expected_{iouType}.json")));
        return doc.RootElement.Clone();
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void ThirteenResults_EqualReference(string iouType)
    {
        var expected = Expected(iouType).GetProperty("stats");
        var result = Results[iouType].Value;
        var ours = result.Stats.ToArray();
        for (int i = 0; i < ours.Length; i++)
        {
            string name = result.StatNames[i];
            double e = expected.GetProperty(name).GetDouble();
            Assert.True(Math.Abs(e - ours[i]) <= Tolerance, $"{name}: expected {e:R}, got {ours[i]:R}");
        }
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void PerCategory_EqualReference(string iouType)
    {
        var result = Results[iouType].Value;
        foreach (var cat in Expected(iouType).GetProperty("per_category").EnumerateArray())
        {
            int k = result.CategoryIds.ToList().IndexOf(cat.GetProperty("category_id").GetInt64());
            var ours = result.Categories[k];
            Assert.Equal(cat.GetProperty("AP").GetDouble(), ours.AP, Tolerance);
            Assert.Equal(cat.GetProperty("AP50").GetDouble(), ours.AP50, Tolerance);
            Assert.Equal(cat.GetProperty("AP75").GetDouble(), ours.AP75, Tolerance);
            Assert.Equal(cat.GetProperty("AR@300").GetDouble(), ours.AR, Tolerance);
            Assert.Equal(cat.GetProperty("frequency").GetString(), "rcf"[(int)ours.Frequency].ToString());
            Assert.Equal(cat.GetProperty("num_gt_evaluated").GetInt32(), ours.NumGroundTruths);
            Assert.Equal(cat.GetProperty("num_dt_evaluated").GetInt32(), ours.NumDetections);
        }
    }

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void PrecisionAndRecallArrays_EqualReference(string iouType)
    {
        var result = Results[iouType].Value;
        var expected = Expected(iouType);
        var precision = expected.GetProperty("precision");
        var (t, r, k, a) = result.Shape;
        Assert.Equal([t, r, k, a], precision.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        Assert.Equal(precision.GetProperty("count_minus1").GetInt32(), result.Precision.ToArray().Count(v => v == -1));
        Assert.Equal(precision.GetProperty("sum_excluding_minus1").GetDouble(), result.Precision.ToArray().Where(v => v > -1).Sum(), 1e-8);
        var areaAll = precision.GetProperty("area_all");
        for (int ti = 0; ti < t; ti++)
        {
            for (int ri = 0; ri < r; ri++)
            {
                for (int ki = 0; ki < k; ki++)
                {
                    Assert.Equal(areaAll[ti][ri][ki].GetDouble(), result.PrecisionAt(ti, ri, ki, 0), Tolerance);
                }
            }
        }

        var recall = expected.GetProperty("recall").GetProperty("values");
        for (int ti = 0; ti < t; ti++)
        {
            for (int ki = 0; ki < k; ki++)
            {
                for (int ai = 0; ai < a; ai++)
                {
                    Assert.Equal(recall[ti][ki][ai].GetDouble(), result.RecallAt(ti, ki, ai), Tolerance);
                }
            }
        }
    }

    [Fact]
    public void FrequencyGroups_EqualReference()
    {
        var result = Results["bbox"].Value;
        var expected = Expected("bbox").GetProperty("freq_groups");
        foreach (var (name, frequency) in new[] { ("r", LvisFrequency.Rare), ("c", LvisFrequency.Common), ("f", LvisFrequency.Frequent) })
        {
            var ids = result.FrequencyGroup(frequency).Select(k => result.CategoryIds[k]).ToArray();
            Assert.Equal(expected.GetProperty(name).EnumerateArray().Select(x => x.GetInt64()).ToArray(), ids);
        }
    }

    [Fact]
    public void EvaluatedCounts_EqualReference()
    {
        var result = Results["bbox"].Value;
        var counts = Expected("bbox").GetProperty("counts");
        Assert.Equal(counts.GetProperty("dt_evaluated").GetInt32(), result.Categories.Sum(c => c.NumDetections));
        Assert.Equal(counts.GetProperty("gt_evaluated").GetInt32(), result.Categories.Sum(c => c.NumGroundTruths));
        Assert.Equal(counts.GetProperty("images").GetInt32(), result.ImageCount);
    }
}
