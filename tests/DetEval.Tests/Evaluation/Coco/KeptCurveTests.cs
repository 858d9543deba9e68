using DetEval.Evaluation;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// The ranked curves a report asks for, made while accumulating (<see cref="CocoEvaluator.KeepCurveAt"/>), equal the
/// ones a result makes on demand from its records, value for value, for every category, box and mask.
/// </summary>
public sealed class KeptCurveTests
{
    [Theory]
    [InlineData("dt_bbox.json", IouType.Bbox, 0.5)]
    [InlineData("dt_segm.json", IouType.Segm, 0.5)]
    [InlineData("dt_bbox.json", IouType.Bbox, 0.75)]
    public void KeptCurves_EqualCurvesMadeOnDemand(string results, IouType iouType, double iou)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("reference", "small", "gt.json"));
        var dt = CocoReader.ReadResults(TestData.Path("reference", "small", results), gt);
        var options = CocoOptions.Coco(iouType);
        var plain = new CocoEvaluator(options, gt.Categories);
        plain.Update(gt, dt);
        var onDemand = plain.Compute();
        var keeping = new CocoEvaluator(options, gt.Categories) { KeepCurveAt = iou };
        keeping.Update(gt, dt);
        var kept = keeping.Compute();

        int threshold = onDemand.IouThresholdIndex(iou), last = options.MaxDetections.Count - 1;
        // Made while accumulating only when asked for.
        Assert.False(onDemand.CurvesReady(threshold, 0, last));
        Assert.True(kept.CurvesReady(threshold, 0, last));
        Assert.False(kept.CurvesReady(threshold, 1, last));
        int points = 0;
        for (int k = 0; k < onDemand.Categories.Count; k++)
        {
            var (a, b) = (onDemand.GetCurve(k, threshold), kept.GetCurve(k, threshold));
            Assert.Equal(a.Positives, b.Positives);
            Assert.Equal(a.Scores, b.Scores);
            Assert.Equal(a.Precision, b.Precision);
            Assert.Equal(a.Recall, b.Recall);
            Assert.Equal(a.TruePositive, b.TruePositive);
            points += a.Scores.Length;
        }

        Assert.True(points > 100, $"{points} points");
    }
}
