using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// One test per behaviour of pycocotools listed in testdata/reference/README.upstream.md, on tiny
/// hand-made cases whose expected numbers are worked out in the comments.
/// </summary>
public sealed class ReferenceBehaviourTests
{
    private static readonly Category[] OneCategory = [new(1, "a")];

    private static GroundTruth Gt(long id, Box box, bool crowd = false, bool ignore = false, double? area = null, long image = 1, long category = 1) =>
        new(id, image, category, box, area ?? box.Area, crowd, ignore);

    private static Detection Dt(Box box, double score, long image = 1, long category = 1) => new(image, category, box, score, box.Area);

    private static CocoResult Run(IEnumerable<GroundTruth> gts, IEnumerable<Detection> dts, CocoOptions? options = null, IEnumerable<ImageInfo>? images = null, IEnumerable<Category>? categories = null)
    {
        var dataset = new DetectionDataset(images?.ToList() ?? [new ImageInfo(1, 100, 100)], categories?.ToList() ?? [.. OneCategory], gts.ToList());
        return CocoEvaluation.Evaluate(dataset, new DetectionSet(dts), options ?? CocoOptions.Coco());
    }

    // AP at IoU .50 only, area all, maxDets 100: the mean of the 101 precision samples.
    private static double Ap50(CocoResult r) => r.Stats.AP50;

    [Fact]
    public void Ignore_FieldInJson_HasNoEffect_IgnoreComesFromIsCrowd()
    {
        // One GT flagged ignore=1 (not crowd), no detection: it still counts, so recall is 0, not -1.
        var result = Run([Gt(1, new Box(0, 0, 10, 10), ignore: true)], []);
        Assert.Equal(0, result.Stats.AR100);
        // With the fix, the GT is ignored and the category has no positives: -1.
        var fixedResult = Run([Gt(1, new Box(0, 0, 10, 10), ignore: true)], [], CocoOptions.Coco() with { HonorIgnoreFlag = true });
        Assert.Equal(-1, fixedResult.Stats.AR100);
    }

    [Fact]
    public void AreaRange_GtOutsideRange_IsIgnored()
    {
        // A 10x10 GT (area 100) is small; in "medium" it is ignored, so medium has no positives: -1.
        var result = Run([Gt(1, new Box(0, 0, 10, 10))], [Dt(new Box(0, 0, 10, 10), 0.9)]);
        Assert.Equal(1, result.Stats.APs, 12);
        Assert.Equal(-1, result.Stats.APm);
    }

    [Fact]
    public void AreaRange_UnmatchedDetectionOutsideRange_IsIgnored_AndMatchedToIgnoredGtIsIgnored()
    {
        // Small GT matched by a small detection; a large unmatched detection scores higher. In the
        // "small" range the large false positive is ignored, so APs = 1; in "all" it costs precision.
        var gts = new[] { Gt(1, new Box(0, 0, 10, 10)), Gt(2, new Box(50, 50, 40, 40)) };
        var dts = new[] { Dt(new Box(0, 0, 40, 40), 0.95), Dt(new Box(0, 0, 10, 10), 0.9), Dt(new Box(50, 50, 40, 40), 0.8) };
        var result = Run(gts, dts);
        Assert.Equal(1, result.Stats.APs, 12);
        // The 40x40 detection at (50,50) matches a medium GT, which is ignored in "small": not a FP there.
        Assert.True(result.Stats.AP50 < 1);
    }

    [Fact]
    public void Crowd_IouIsIntersectionOverDetectionArea()
    {
        // Detection 10x10 inside a 100x100 crowd: IoU = 100/100 = 1 (plain IoU would be 0.01).
        // The only other GT is missed, so recall is 0 unless the crowd match is ignored and the
        // detection is not counted: precision stays undefined -> AP 0, and no FP is recorded.
        var gts = new[] { Gt(1, new Box(0, 0, 100, 100), crowd: true), Gt(2, new Box(200, 200, 10, 10)) };
        var result = Run(gts, [Dt(new Box(10, 10, 10, 10), 0.9), Dt(new Box(200, 200, 10, 10), 0.5)], images: [new ImageInfo(1, 300, 300)]);
        // The first detection is absorbed by the crowd (ignored), the second is a TP: AP = 1.
        Assert.Equal(1, Ap50(result), 12);
    }

    [Fact]
    public void Crowd_AbsorbsManyDetections()
    {
        var gts = new[] { Gt(1, new Box(0, 0, 100, 100), crowd: true), Gt(2, new Box(200, 200, 10, 10)) };
        var dts = Enumerable.Range(0, 5).Select(i => Dt(new Box(i * 10, 0, 10, 10), 0.9 - (i * 0.01))).Append(Dt(new Box(200, 200, 10, 10), 0.1));
        var result = Run(gts, dts, images: [new ImageInfo(1, 300, 300)]);
        Assert.Equal(1, Ap50(result), 12);
    }

    [Fact]
    public void Match_NeedsIouGreaterOrEqualThreshold()
    {
        // GT 10x10 at 0; detection 10x5 at 0: IoU = 50/100 = 0.5 exactly -> a match at .50, not at .55.
        var result = Run([Gt(1, new Box(0, 0, 10, 10))], [Dt(new Box(0, 0, 10, 5), 0.9)]);
        Assert.Equal(1, result.RecallAt(0, 0, 0, 2));
        Assert.Equal(0, result.RecallAt(1, 0, 0, 2));
    }

    [Fact]
    public void Match_EqualIou_LastGtWins()
    {
        // Two GTs with IoU 0.5 each with the detection: the later GT (id 5) is taken, so a second,
        // lower detection overlapping only GT 1 can still match it -> both GTs found.
        var gts = new[] { Gt(1, new Box(0, 0, 10, 10)), Gt(5, new Box(10, 0, 10, 10)) };
        var dts = new[] { Dt(new Box(5, 0, 10, 10), 0.9), Dt(new Box(0, 0, 10, 10), 0.8) };
        var result = Run(gts, dts, CocoOptions.Coco() with { IouThresholds = [1.0 / 3.0] });
        // First det: IoU 50/150 = 1/3 with both; it takes GT 5 (the last). Second det: IoU 1 with GT 1 -> TP.
        Assert.Equal(1, result.RecallAt(0, 0, 0, 2));
    }

    [Fact]
    public void Match_NonIgnoredGtsTriedFirst()
    {
        // A crowd GT identical to the detection and a regular GT with IoU 0.6: the regular one wins.
        var gts = new[] { Gt(1, new Box(0, 0, 10, 10), crowd: true), Gt(2, new Box(0, 0, 10, 6)) };
        var result = Run(gts, [Dt(new Box(0, 0, 10, 10), 0.9)]);
        Assert.Equal(1, result.RecallAt(0, 0, 0, 2)); // matched the regular GT at .50
    }

    [Fact]
    public void MaxDets_AppliesPerImageAndCategory_AfterStableSortByScore()
    {
        // Two categories in one image, one detection each: with maxDets=1 per category both count.
        Category[] cats = [new(1, "a"), new(2, "b")];
        var gts = new[] { Gt(1, new Box(0, 0, 10, 10), category: 1), Gt(2, new Box(20, 0, 10, 10), category: 2) };
        var dts = new[] { Dt(new Box(0, 0, 10, 10), 0.9, category: 1), Dt(new Box(20, 0, 10, 10), 0.8, category: 2) };
        var result = Run(gts, dts, categories: cats);
        Assert.Equal(1, result.Stats.AR1, 12);
        // Two tied detections in one category: maxDets=1 keeps the first in file order (the FP).
        var tied = Run([Gt(1, new Box(0, 0, 10, 10))], [Dt(new Box(50, 50, 10, 10), 0.5), Dt(new Box(0, 0, 10, 10), 0.5)]);
        Assert.Equal(0, tied.Stats.AR1);
        Assert.Equal(1, tied.Stats.AR10, 12);
    }

    [Fact]
    public void Pooling_TiesAreBrokenByImageIdThenFileOrder()
    {
        // Equal scores in images 2 (a FP) and 1 (a TP), written image 2 first: image 1 ranks first,
        // so precision at recall 1 is 1 (pycocotools pools images in sorted id order).
        ImageInfo[] images = [new(2, 100, 100), new(1, 100, 100)];
        var gts = new[] { Gt(1, new Box(0, 0, 10, 10), image: 1) };
        var dts = new[] { Dt(new Box(50, 50, 10, 10), 0.5, image: 2), Dt(new Box(0, 0, 10, 10), 0.5, image: 1) };
        var result = Run(gts, dts, images: images);
        Assert.Equal(1, result.PrecisionAt(0, 100, 0, 0, 2), 12);
    }

    [Fact]
    public void Precision_UsesEpsilon_IsMadeMonotone_AndThresholdsBeyondRecallGetZero()
    {
        // Two GTs; detections FP (0.9), TP (0.8). Precision after them: 0, 0.5 -> monotone 0.5, 0.5.
        // Recall reaches 0.5 only: thresholds above 0.5 get 0. AP50 = 51 * 0.5 / 101.
        var gts = new[] { Gt(1, new Box(0, 0, 10, 10)), Gt(2, new Box(40, 40, 10, 10)) };
        var dts = new[] { Dt(new Box(80, 80, 10, 10), 0.9), Dt(new Box(0, 0, 10, 10), 0.8) };
        var result = Run(gts, dts);
        double p = 1.0 / (1.0 + 1.0 + 2.220446049250313e-16);
        Assert.Equal(p, result.PrecisionAt(0, 0, 0, 0, 2));
        Assert.Equal(p, result.PrecisionAt(0, 50, 0, 0, 2));
        Assert.Equal(0, result.PrecisionAt(0, 51, 0, 0, 2));
        Assert.Equal(51 * p / 101, Ap50(result), 15);
    }

    [Fact]
    public void CategoryWithoutGt_IsMinusOne_AndLeftOutOfTheMean()
    {
        Category[] cats = [new(1, "a"), new(2, "b")];
        var result = Run([Gt(1, new Box(0, 0, 10, 10), category: 1)], [Dt(new Box(0, 0, 10, 10), 0.9, category: 1), Dt(new Box(0, 0, 10, 10), 0.9, category: 2)], categories: cats);
        Assert.Equal(-1, result.Categories[1].Stats.AP);
        Assert.Equal(1, result.Stats.AP, 12);
    }

    [Fact]
    public void DetectionsOfUnknownCategory_AreDropped()
    {
        var result = Run([Gt(1, new Box(0, 0, 10, 10))], [Dt(new Box(50, 50, 10, 10), 0.99, category: 42), Dt(new Box(0, 0, 10, 10), 0.5)]);
        Assert.Equal(1, result.Stats.AP, 12);
    }

    [Fact]
    public void Summary_ReadsApAtLiteralMaxDets100_UnlessFixed()
    {
        var options = CocoOptions.Coco() with { MaxDetections = [1, 10, 50] };
        var result = Run([Gt(1, new Box(0, 0, 10, 10))], [Dt(new Box(0, 0, 10, 10), 0.9)], options);
        Assert.Equal(-1, result.Stats.AP);
        Assert.Equal(1, result.Stats.AP50, 12); // maxDets[2] = 50
        var fixedResult = Run([Gt(1, new Box(0, 0, 10, 10))], [Dt(new Box(0, 0, 10, 10), 0.9)], options with { SummaryUsesLastMaxDetections = true });
        Assert.Equal(1, fixedResult.Stats.AP, 12);
    }

    [Fact]
    public void MatchToGtWithIdZero_CountsAsUnmatched()
    {
        // pycocotools stores the matched GT id and tests it for truth: a GT with id 0 never yields a TP.
        var result = Run([Gt(0, new Box(0, 0, 10, 10))], [Dt(new Box(0, 0, 10, 10), 0.9)]);
        Assert.Equal(0, result.Stats.AP50);
    }
}
