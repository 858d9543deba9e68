using DetEval.Matching;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>One test per keypoint rule of the reference (keypoints-small README, "Reference behaviours").</summary>
public sealed class KeypointBehaviourTests
{
    private static readonly double[] Sigmas = [0.05, 0.06, 0.10];

    private static CocoOptions Options => CocoOptions.Coco(IouType.Keypoints) with { KeypointSigmas = Sigmas };

    private static GroundTruth Truth(long id, double[] keypoints, double area = 2000, bool crowd = false, int? numKeypoints = null) =>
        new(id, 1, 1, new Box(10, 10, 40, 50), area, crowd) { Keypoints = new DetEval.Keypoints(keypoints), NumKeypoints = numKeypoints };

    private static Detection Result(double score, double[] keypoints) =>
        new(1, 1, new Box(0, 0, 100, 100), score, 5000) { Keypoints = new DetEval.Keypoints(keypoints) };

    private static double Oks(GroundTruth gt, double[] detection)
    {
        var variances = new OksCellIou(Options).VariancesFor(1);
        return OksCellIou.Similarity(gt, new DetEval.Keypoints(detection), variances, new double[variances.Length]);
    }

    [Fact]
    public void Oks_OfExactKeypoints_IsOne_AndUnlabelledKeypointsDoNotCount()
    {
        var gt = Truth(1, [20, 20, 2, 30, 30, 1, 0, 0, 0]);
        // The third keypoint (v = 0) is far off and does not count; v = 1 and v = 2 count alike.
        Assert.Equal(1.0, Oks(gt, [20, 20, 0.3, 30, 30, 0.9, 400, 400, 1]));
    }

    [Fact]
    public void Oks_FollowsTheReferenceFormula_WithTheAreaField()
    {
        var gt = Truth(1, [20, 20, 2, 30, 30, 2, 40, 40, 2], area: 900);
        double[] det = [23, 24, 1, 30, 31, 1, 35, 40, 1];
        double Term(double dx, double dy, double s) => Math.Exp(-((((dx * dx) + (dy * dy)) / ((s * 2) * (s * 2))) / (900 + 2.220446049250313e-16) / 2));
        double expected = (((0.0 + Term(3, 4, 0.05)) + Term(0, 1, 0.06)) + Term(-5, 0, 0.10)) / 3;
        Assert.Equal(expected, Oks(gt, det));
    }

    [Fact]
    public void Oks_WithoutLabelledKeypoints_MeasuresToTheWidenedBox()
    {
        // Box [10, 10, 40, 50] widened by its size: x in [-30, 90], y in [-40, 110].
        var gt = Truth(1, [0, 0, 0, 0, 0, 0, 0, 0, 0], numKeypoints: 2);
        Assert.Equal(1.0, Oks(gt, [-30, -40, 1, 90, 110, 1, 0, 0, 1]));
        Assert.True(Oks(gt, [-31, -40, 1, 90, 110, 1, 0, 0, 1]) < 1.0);
    }

    [Fact]
    public void GroundTruth_WithNumKeypointsZero_OrCrowd_IsIgnored()
    {
        double[] kp = [20, 20, 2, 30, 30, 2, 40, 40, 2];
        var evaluator = new CocoEvaluator(Options, [1L]);
        // A labelled truth whose num_keypoints field says 0 is ignored: the exact detection is neither TP nor FP.
        evaluator.Update(1, [Truth(1, kp, numKeypoints: 0)], [Result(0.9, kp)]);
        Assert.Equal(-1, evaluator.Compute().KeypointStats!.AP);

        var crowd = new CocoEvaluator(Options, [1L]);
        crowd.Update(1, [Truth(1, kp), Truth(2, kp, crowd: true)], [Result(0.9, kp), Result(0.8, kp), Result(0.7, kp)]);
        // The crowd truth absorbs both duplicates: precision stays 1.
        Assert.Equal(1, crowd.Compute().KeypointStats!.AP, 12);
    }

    [Fact]
    public void MaxDetections_Is20PerImageAndCategory_AfterAStableSortByScore()
    {
        double[] kp = [20, 20, 2, 30, 30, 2, 40, 40, 2];
        var dets = Enumerable.Range(0, 20).Select(i => Result(0.9, [400, 400, 1, 400, 400, 1, 400, 400, 1])).Append(Result(0.1, kp)).ToArray();
        var evaluator = new CocoEvaluator(Options, [1L]);
        evaluator.Update(1, [Truth(1, kp)], dets);
        // The good match is 21st by score and is cut: nothing is found.
        Assert.Equal(0, evaluator.Compute().KeypointStats!.AR);
    }

    [Fact]
    public void Update_RefusesAKeypointCountOtherThanTheSigmas()
    {
        var evaluator = new CocoEvaluator(Options, [1L]);
        var e = Assert.Throws<ArgumentException>(() => evaluator.Update(1, [Truth(1, [1, 1, 2, 2, 2, 2])], []));
        Assert.Contains("truths[0].keypoints has 2 keypoints", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => evaluator.Update(2, [], [Result(0.5, [1, 1, 1])]));
        Assert.Contains("detections[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reader_TakesTheExtentOfAllKeypointsAsArea_WhenTheFirstResultHasNoBox()
    {
        var (gt, dt) = KeypointReferenceSmallTests.Read("animal", "");
        var first = dt[0];
        var k = first.Keypoints!;
        double x0 = Enumerable.Range(0, k.Count).Min(k.X), x1 = Enumerable.Range(0, k.Count).Max(k.X);
        double y0 = Enumerable.Range(0, k.Count).Min(k.Y), y1 = Enumerable.Range(0, k.Count).Max(k.Y);
        Assert.Equal((x1 - x0) * (y1 - y0), first.Area);
        var (_, withBox) = KeypointReferenceSmallTests.Read("animal", "_with_bbox");
        Assert.Equal(withBox[0].Box.Width * withBox[0].Box.Height, withBox[0].Area);
        Assert.Equal(5, gt.Categories[0].KeypointNames!.Count);
    }

    [Fact]
    public void Sigmas_DefaultToTheReferenceQuotients()
    {
        Assert.Equal(17, CocoOptions.CocoKeypointSigmas.Count);
        Assert.Equal(0.026000000000000002, CocoOptions.CocoKeypointSigmas[0]);
        Assert.Equal(0.034999999999999996, CocoOptions.CocoKeypointSigmas[3]);
        Assert.Equal(0.10700000000000001, CocoOptions.CocoKeypointSigmas[11]);
        Assert.Equal([20], CocoOptions.Coco(IouType.Keypoints).MaxDetections);
        Assert.Equal(["all", "medium", "large"], CocoOptions.Coco(IouType.Keypoints).AreaRanges.Select(a => a.Label));
    }

    [Fact]
    public void KeypointErrors_CountOnlyLabelledKeypointsOfTruePositives()
    {
        var (gt, dt) = KeypointReferenceSmallTests.Read("animal", "");
        var rows = KeypointErrors.Compute(KeypointReferenceSmallTests.OptionsFor("animal"), gt, dt);
        Assert.Equal(10, rows.Count);
        Assert.All(rows, r => Assert.True(r.Count > 0 && r.Similarity is > 0 and <= 1 && Math.Abs(r.Error!.Value - (1 - r.Similarity.Value)) < 1e-15));
        Assert.Equal("beak", rows[0].Name);
    }
}
