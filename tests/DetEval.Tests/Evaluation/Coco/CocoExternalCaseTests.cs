using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Coco;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>Public COCO cases of other projects (testdata/external), at the precision each README gives.</summary>
public sealed class CocoExternalCaseTests
{
    private static readonly string[] ExpectedNames = ["AP", "AP50", "AP75", "APsmall", "APmedium", "APlarge", "AR1", "AR10", "AR100", "ARsmall", "ARmedium", "ARlarge"];

    public static TheoryData<string, string, string, string, string, double> Cases => new()
    {
        // case folder, gt, results, iou type, JSON path to the expected stats, tolerance
        { "cocoapi-val2014-fake100", "instances_val2014_100.json", "instances_val2014_fakebbox100_results.json", "bbox", "bbox.full_precision", 1e-10 },
        { "cocoapi-val2014-fake100", "instances_val2014_100.json", "instances_val2014_fakesegm100_results.json", "segm", "segm.full_precision", 1e-10 },
        { "review-odm-coco-sampled100", "sampled_gts_bbox_area.json", "cocoapi_results.json", "bbox", "bbox", 1e-6 },
        { "detectron2-coco-mini", "gt.json", "results.json", "bbox", "bbox", 1e-12 },
        { "detectron2-coco-mini", "gt.json", "results.json", "segm", "segm", 1e-12 },
        { "mmdet-dummy-coco-perfect", "gt.json", "results.json", "bbox", "bbox", 5e-5 },
        { "mmdet-dummy-coco-perfect", "gt.json", "results.json", "segm", "segm", 5e-5 },
        { "torchmetrics-bbox-4img", "gt.json", "results.json", "bbox", "bbox", 5e-4 },
        { "torchmetrics-mask-rle-2img", "gt.json", "results.json", "segm", "segm", 5e-4 },
        // Its README: the results' bbox is dropped so that loadRes takes the area from the mask.
        { "faster-coco-eval-segm-small", "gt_dataset.json", "dt_dataset.json", "segm", "segm", 1e-10 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExternalCase_Stats_EqualPublishedValues(string folder, string gtFile, string dtFile, string iouType, string expectedPath, double tolerance)
    {
        var result = Evaluate(folder, gtFile, dtFile, iouType, null);
        var expected = Navigate(Load(folder), expectedPath);
        var ours = result.Stats.ToArray();
        int compared = 0;
        for (int i = 0; i < 12; i++)
        {
            if (expected.TryGetProperty(ExpectedNames[i], out var value) || expected.TryGetProperty(CocoStats.Names[i], out value))
            {
                Assert.True(Math.Abs(value.GetDouble() - ours[i]) <= tolerance, $"{folder} {iouType} {CocoStats.Names[i]}: expected {value.GetDouble():R}, got {ours[i]:R}");
                compared++;
            }
        }

        Assert.True(compared >= 6, "the case lists at least six stats");
    }

    [Theory]
    [InlineData("torchmetrics-bbox-4img", "gt.json", "results.json", "bbox")]
    [InlineData("torchmetrics-mask-rle-2img", "gt.json", "results.json", "segm")]
    public void ExternalCase_PerClass_EqualPublishedValues(string folder, string gtFile, string dtFile, string iouType)
    {
        var perClass = Load(folder).GetProperty("per_class");
        foreach (var entry in perClass.GetProperty("map_per_class").EnumerateObject())
        {
            long categoryId = long.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture);
            // The README: per-class values come from an evaluation restricted to that one class.
            var result = Evaluate(folder, gtFile, dtFile, iouType, [categoryId]);
            Assert.Equal(entry.Value.GetDouble(), result.Stats.AP, 5e-4);
            double ar = perClass.GetProperty("mar_100_per_class").GetProperty(entry.Name).GetDouble();
            Assert.Equal(ar, result.Stats.AR100, 5e-4);
        }
    }

    [Fact]
    public void MmdetPerfect_AR1_IsTwoThirds_AsPycocotoolsSemanticsGive()
    {
        var result = Evaluate("mmdet-dummy-coco-perfect", "gt.json", "results.json", "bbox", null);
        Assert.Equal(2.0 / 3.0, result.Stats.AR1, 1e-10);
    }

    private static CocoResult Evaluate(string folder, string gtFile, string dtFile, string iouType, long[]? categories)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("external", folder, gtFile));
        var readOptions = new CocoResultsOptions { AreaSource = folder == "faster-coco-eval-segm-small" ? ResultAreaSource.Mask : ResultAreaSource.Reference };
        var dt = CocoReader.ReadResults(TestData.Path("external", folder, dtFile), gt, readOptions);
        var options = CocoOptions.Coco(iouType == "segm" ? IouType.Segm : IouType.Bbox) with { CategoryIds = categories };
        return CocoEvaluation.Evaluate(gt, dt, options);
    }

    private static JsonElement Load(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("external", folder, "expected.json")));
        return doc.RootElement.Clone();
    }

    private static JsonElement Navigate(JsonElement root, string path)
    {
        foreach (string part in path.Split('.'))
        {
            root = root.GetProperty(part);
        }

        return root;
    }
}
