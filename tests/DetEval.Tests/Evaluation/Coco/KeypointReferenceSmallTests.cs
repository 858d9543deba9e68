using System.Text.Json;
using DetEval.Matching;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// reference/keypoints-small against pycocotools' keypoint numbers (person with the default sigmas, animal with
/// custom sigmas; results with and without <c>bbox</c>), at 1e-12.
/// </summary>
public sealed class KeypointReferenceSmallTests
{
    private const double Tolerance = 1e-12;

    internal static readonly double[] AnimalSigmas = [0.05, 0.06, 0.10, 0.10, 0.08];

    public static TheoryData<string, string> Cases => new()
    {
        { "person", "" },
        { "person", "_with_bbox" },
        { "animal", "" },
        { "animal", "_with_bbox" },
    };

    internal static CocoOptions OptionsFor(string profile) => profile == "animal"
        ? CocoOptions.Coco(IouType.Keypoints) with { KeypointSigmas = AnimalSigmas }
        : CocoOptions.Coco(IouType.Keypoints);

    internal static (DetectionDataset Gt, DetectionSet Dt) Read(string profile, string variant)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("reference", "keypoints-small", profile, "gt.json"), readSegmentation: false);
        var dt = CocoReader.ReadResults(TestData.Path("reference", "keypoints-small", profile, $"dt{variant}.json"), gt);
        return (gt, dt);
    }

    private static CocoResult Evaluate(string profile, string variant)
    {
        var (gt, dt) = Read(profile, variant);
        return CocoEvaluation.Evaluate(gt, dt, OptionsFor(profile));
    }

    private static JsonElement Expected(string profile, string variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "keypoints-small", profile, $"expected{variant}.json")));
        return doc.RootElement.Clone();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TenStats_EqualReference(string profile, string variant)
    {
        var expected = Expected(profile, variant).GetProperty("stats");
        var ours = Evaluate(profile, variant).KeypointStats!.ToArray();
        for (int i = 0; i < CocoKeypointStats.Names.Count; i++)
        {
            double e = expected.GetProperty(CocoKeypointStats.Names[i]).GetDouble();
            Assert.True(Math.Abs(e - ours[i]) <= Tolerance, $"{CocoKeypointStats.Names[i]}: expected {e:R}, got {ours[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerCategory_EqualReference(string profile, string variant)
    {
        var result = Evaluate(profile, variant);
        foreach (var cat in Expected(profile, variant).GetProperty("per_category").EnumerateArray())
        {
            int k = result.CategoryIds.ToList().IndexOf(cat.GetProperty("category_id").GetInt64());
            var ours = result.Categories[k];
            Assert.Equal(cat.GetProperty("AP").GetDouble(), ours.KeypointStats!.AP, Tolerance);
            Assert.Equal(cat.GetProperty("AP50").GetDouble(), ours.KeypointStats.AP50, Tolerance);
            Assert.Equal(cat.GetProperty("AP75").GetDouble(), ours.KeypointStats.AP75, Tolerance);
            Assert.Equal(cat.GetProperty("AR").GetDouble(), ours.KeypointStats.AR, Tolerance);
            Assert.Equal(cat.GetProperty("num_gt").GetInt32(), ours.NumGroundTruths + ours.NumCrowd);
            Assert.Equal(cat.GetProperty("num_dt").GetInt32(), ours.NumDetections);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PrecisionAndRecallArrays_EqualReference(string profile, string variant)
    {
        var result = Evaluate(profile, variant);
        var expected = Expected(profile, variant);
        var precision = expected.GetProperty("precision");
        var (t, r, k, a, m) = result.Shape;
        Assert.Equal([t, r, k, a, m], precision.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray());
        Assert.Equal(precision.GetProperty("count_minus1").GetInt32(), result.Precision.ToArray().Count(v => v == -1));
        double sum = result.Precision.ToArray().Where(v => v > -1).Sum();
        Assert.Equal(precision.GetProperty("sum_excluding_minus1").GetDouble(), sum, 1e-9);
        var areaAll = precision.GetProperty("area_all");
        for (int ti = 0; ti < t; ti++)
        {
            for (int ri = 0; ri < r; ri++)
            {
                for (int ki = 0; ki < k; ki++)
                {
                    Assert.Equal(areaAll[ti][ri][ki].GetDouble(), result.PrecisionAt(ti, ri, ki, 0, 0), Tolerance);
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
                    Assert.Equal(recall[ti][ki][ai][0].GetDouble(), result.RecallAt(ti, ki, ai, 0), Tolerance);
                }
            }
        }
    }

    [Theory]
    [InlineData("person")]
    [InlineData("animal")]
    public void Sigmas_AreTheReferenceDoubles(string profile)
    {
        var expected = Expected(profile, "").GetProperty("kpt_oks_sigmas").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        var ours = OptionsFor(profile).KeypointSigmas;
        Assert.Equal(expected.Length, ours.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(ours[i]));
        }
    }

    [Theory]
    [InlineData("person")]
    [InlineData("animal")]
    public void OksMatrices_EqualReferenceToTheLastUlpsOfExp(string profile)
    {
        // The reference's exp is numpy's SIMD routine, which may differ from the C library's by an ulp per term.
        var (gt, dt) = Read(profile, "");
        var options = OptionsFor(profile);
        var oks = new OksCellIou(options);
        var truths = gt.GroundTruths.ToDictionary(g => g.Id);
        int pairs = 0, bitEqual = 0;
        foreach (var cell in Expected(profile, "").GetProperty("oks").EnumerateArray())
        {
            long category = cell.GetProperty("category_id").GetInt64();
            var variances = oks.VariancesFor(category);
            var terms = new double[variances.Length];
            var dtIds = cell.GetProperty("dt_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            var gtIds = cell.GetProperty("gt_ids").EnumerateArray().Select(x => x.GetInt64()).ToArray();
            var matrix = cell.GetProperty("oks");
            for (int d = 0; d < dtIds.Length; d++)
            {
                for (int g = 0; g < gtIds.Length; g++)
                {
                    double expected = matrix[d][g].GetDouble();
                    double ours = OksCellIou.Similarity(truths[gtIds[g]], dt[dtIds[d] - 1].Keypoints!, variances, terms);
                    // A few ulps of the sum (each term's exp may be off by one), or below the normal range.
                    Assert.True(
                        Math.Abs(expected - ours) <= (2e-15 * Math.Abs(expected)) + 1e-300,
                        $"image {cell.GetProperty("image_id")}, dt {dtIds[d]}, gt {gtIds[g]}: expected {expected:R}, got {ours:R}");
                    pairs++;
                    bitEqual += expected == ours ? 1 : 0;
                }
            }
        }

        Assert.True(pairs > 100, $"only {pairs} pairs compared");
        // Same formula, same order of operations: most pairs agree to the bit despite the two exps.
        Assert.True(bitEqual * 2 > pairs, $"only {bitEqual} of {pairs} OKS values are bit-equal");
    }
}
