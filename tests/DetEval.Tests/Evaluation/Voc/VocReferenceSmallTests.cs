using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Voc;

namespace DetEval.Tests.Evaluation.Voc;

/// <summary>reference/small/voc against the devkit's numbers (expected_voc.json), at 1e-12.</summary>
public sealed class VocReferenceSmallTests
{
    private const double Tolerance = 1e-12;

    private static readonly Lazy<(VocResult Ap07, VocResult Ap10)> Results = new(() =>
    {
        string root = TestData.Path("reference", "small", "voc");
        var gt = VocReader.ReadGroundTruth(root);
        var dt = VocReader.ReadResults(Path.Combine(root, "results"), gt);
        return (VocEvaluation.Evaluate(gt, dt, VocOptions.Voc2007()), VocEvaluation.Evaluate(gt, dt, VocOptions.Voc2010()));
    });

    private static JsonElement Expected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "small", "expected_voc.json")));
        return doc.RootElement.Clone();
    }

    /// <summary>The expected AP of a class: the stable-sort value where the reference is tie-order sensitive.</summary>
    private static double? ExpectedAp(JsonElement cls, string key)
    {
        if (cls.TryGetProperty(key + "_tie_order_sensitive", out var sensitive) && sensitive.ValueKind == JsonValueKind.True)
        {
            return cls.GetProperty(key + "_stable_sort").GetDouble();
        }

        var value = cls.GetProperty(key);
        return value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
    }

    [Theory]
    [InlineData("ap07")]
    [InlineData("ap10")]
    public void EveryClass_Ap_EqualsReference(string key)
    {
        var expected = Expected().GetProperty("per_class");
        var result = key == "ap07" ? Results.Value.Ap07 : Results.Value.Ap10;
        Assert.Equal(expected.EnumerateObject().Count(), result.Classes.Count);
        foreach (var cls in result.Classes)
        {
            var e = expected.GetProperty(cls.Name);
            double? ap = ExpectedAp(e, key);
            if (ap is double value)
            {
                Assert.True(Math.Abs(value - cls.AveragePrecision) <= Tolerance, $"{cls.Name} {key}: expected {value:R}, got {cls.AveragePrecision:R}");
            }
            else
            {
                Assert.True(double.IsNaN(cls.AveragePrecision) || cls.AveragePrecision == 0, $"{cls.Name} {key}: reference undefined, got {cls.AveragePrecision:R}");
            }
        }
    }

    [Fact]
    public void EveryClass_Counts_EqualReference()
    {
        var expected = Expected().GetProperty("per_class");
        foreach (var cls in Results.Value.Ap07.Classes)
        {
            var e = expected.GetProperty(cls.Name);
            Assert.Equal(e.GetProperty("npos_nondifficult").GetInt64(), cls.NumPositives);
            Assert.Equal(e.GetProperty("num_difficult").GetInt32(), cls.NumDifficult);
            Assert.Equal(e.GetProperty("num_det").GetInt32(), cls.NumDetections);
        }
    }

    [Fact]
    public void BothMeanAps_EqualReference()
    {
        var expected = Expected();
        var (ap07, ap10) = Results.Value;
        Assert.True(Math.Abs(expected.GetProperty("mAP07_over_defined_classes").GetDouble() - ap07.MeanAveragePrecision) <= Tolerance, $"mAP07 {ap07.MeanAveragePrecision:R}");
        Assert.True(Math.Abs(expected.GetProperty("mAP10_over_defined_classes").GetDouble() - ap10.MeanAveragePrecision) <= Tolerance, $"mAP10 {ap10.MeanAveragePrecision:R}");
        Assert.Equal(expected.GetProperty("num_defined_classes_ap07").GetInt32(), ap07.ClassesAveraged);
        Assert.Equal(expected.GetProperty("num_defined_classes_ap10").GetInt32(), ap10.ClassesAveraged);
    }

    [Fact]
    public void ImageIds_AreImageSetIndices_AndCategoryIds_AreClassIndexPlusOne()
    {
        var gt = VocReader.ReadGroundTruth(TestData.Path("reference", "small", "voc"));
        var names = VocReader.ReadImageSet(VocReader.DefaultImageSet(TestData.Path("reference", "small", "voc")));
        Assert.Equal(names.Count, gt.Dataset.Images.Count);
        for (int i = 0; i < names.Count; i++)
        {
            Assert.Equal(i, gt.Dataset.Images[i].Id);
            Assert.Equal(names[i], gt.Dataset.Images[i].FileName);
        }

        for (int k = 0; k < gt.Dataset.Categories.Count; k++)
        {
            Assert.Equal(k + 1, gt.Dataset.Categories[k].Id);
        }
    }
}
