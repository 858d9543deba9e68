using System.Text.Json;
using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval.Tests.Evaluation.Voc;

/// <summary>mmdetection's <c>eval_map</c> test with ignored boxes (as difficult objects): mAP 7/24.</summary>
public sealed class MmdetEvalMapIgnoreTests
{
    private static (VocDataset Gt, VocDetectionSet Dt) Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("external", "mmdet-eval-map-ignore", "case.json")));
        var image = doc.RootElement.GetProperty("images")[0];
        var truths = new List<GroundTruth>();
        var gtCorners = new List<BoxCorners>();

        void AddTruths(JsonElement group, bool difficult)
        {
            var boxes = group.GetProperty("bboxes").EnumerateArray().ToArray();
            var labels = group.GetProperty("labels").EnumerateArray().ToArray();
            for (int i = 0; i < boxes.Length; i++)
            {
                var c = Corners(boxes[i]);
                truths.Add(new GroundTruth(truths.Count + 1, 0, labels[i].GetInt32() + 1, c.ToBox(), c.ToBox().Area, Difficult: difficult));
                gtCorners.Add(c);
            }
        }

        // mmdet concatenates the ignored boxes after the regular ones.
        AddTruths(image.GetProperty("gt"), false);
        AddTruths(image.GetProperty("gt_ignore"), true);
        var detections = new List<Detection>();
        var dtCorners = new List<BoxCorners>();
        foreach (var cls in image.GetProperty("detections").EnumerateObject())
        {
            foreach (var d in cls.Value.EnumerateArray())
            {
                var c = Corners(d.GetProperty("bbox"));
                detections.Add(new Detection(0, int.Parse(cls.Name, System.Globalization.CultureInfo.InvariantCulture) + 1, c.ToBox(), d.GetProperty("score").GetDouble(), c.ToBox().Area));
                dtCorners.Add(c);
            }
        }

        var dataset = new DetectionDataset([new ImageInfo(0, 0, 0, "img0")], [new Category(1, "0"), new Category(2, "1")], truths);
        return (new VocDataset(dataset, gtCorners), new VocDetectionSet(new DetectionSet(detections), dtCorners));
    }

    private static BoxCorners Corners(JsonElement b) => new(b[0].GetDouble(), b[1].GetDouble(), b[2].GetDouble(), b[3].GetDouble());

    [Theory]
    [InlineData(PixelConvention.Inclusive)]
    [InlineData(PixelConvention.Continuous)]
    public void AllPointMeanAp_IsSevenTwentyFourths(PixelConvention convention)
    {
        var (gt, dt) = Load();
        var options = VocOptions.Voc2010() with { IouComparison = IouComparison.GreaterOrEqual, PixelConvention = convention };
        var result = VocEvaluation.Evaluate(gt, dt, options);
        Assert.Equal(1.0 / 3.0, result.Classes[0].AveragePrecision, 1e-15);
        Assert.Equal(0.25, result.Classes[1].AveragePrecision, 1e-15);
        Assert.Equal(7.0 / 24.0, result.MeanAveragePrecision, 1e-15);
        Assert.InRange(result.MeanAveragePrecision, 0.291, 0.293);
        Assert.Equal(2, result.ClassesAveraged);
    }
}
