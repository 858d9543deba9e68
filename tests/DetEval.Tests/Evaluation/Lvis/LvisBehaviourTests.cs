namespace DetEval.Tests.Evaluation.Lvis;

/// <summary>One test per federated rule of lvis-api (lvis-small README, "Reference behaviours").</summary>
public sealed class LvisBehaviourTests
{
    private static readonly LvisCategory[] Categories =
    [
        new(1, "a", LvisFrequency.Rare),
        new(2, "b", LvisFrequency.Common),
        new(3, "c", LvisFrequency.Frequent),
    ];

    private static readonly ImageInfo Image = new(1, 640, 480);

    private static GroundTruth Truth(long id, long category, double x, bool ignore = false, bool crowd = false, double? area = null) =>
        new(id, 1, category, new Box(x, 0, 10, 10), area ?? 100, crowd, ignore);

    private static Detection Result(long category, double x, double score, double w = 10) =>
        new(1, category, new Box(x, 0, w, 10), score, w * 10);

    private static LvisResult Run(IReadOnlyList<GroundTruth> truths, Detection[] detections, LvisImageLabels? labels = null, int cap = 300)
    {
        var evaluator = new LvisEvaluator(LvisOptions.Lvis(IouType.Bbox) with { MaxDetectionsPerImage = cap }, Categories);
        evaluator.Update(Image, truths, detections, labels ?? LvisImageLabels.None);
        return evaluator.Compute();
    }

    [Fact]
    public void Cap_KeepsTheBestResultsOfTheImage_OverAllCategories_BeforeAnyFilter()
    {
        // Two results: the cap of 1 keeps the better one, a result of a category unknown to the evaluation (99).
        var result = Run([Truth(1, 1, 0)], [Result(99, 0, 0.9), Result(1, 0, 0.5)], cap: 1);
        Assert.Equal(0, result.Stats.AR);
        Assert.Equal(1, Run([Truth(1, 1, 0)], [Result(99, 0, 0.9), Result(1, 0, 0.5)], cap: 2).Stats.AR);
    }

    [Fact]
    public void Cap_KeepsTheEarlierResult_AmongEqualScores()
    {
        // Equal scores at the cap: the earlier result in the file wins (a stable sort).
        Assert.Equal(1, Run([Truth(1, 1, 0)], [Result(1, 0, 0.5), Result(1, 200, 0.5)], cap: 1).Stats.AR);
        Assert.Equal(0, Run([Truth(1, 1, 0)], [Result(1, 200, 0.5), Result(1, 0, 0.5)], cap: 1).Stats.AR);
    }

    [Fact]
    public void FederatedFilter_DropsResultsOfCategoriesNeitherPositiveNorNegative()
    {
        // A better-scored false positive of category 3 (no truth, not negative) is dropped: AP stays 1.
        var dropped = Run([Truth(1, 1, 0), Truth(2, 2, 100)], [Result(2, 100, 0.4), Result(1, 0, 0.5), Result(3, 300, 0.9)]);
        Assert.Equal(1, dropped.Stats.AP, 12);
        // Listed negative, category 3's result counts, but there is no truth of it: it has no AP of its own, APf is -1.
        var negative = Run([Truth(1, 1, 0)], [Result(1, 0, 0.5), Result(3, 300, 0.9)], new LvisImageLabels([3], []));
        Assert.Equal(-1, negative.Stats.APf);
        Assert.Equal(1, negative.Categories[2].NumDetections);
    }

    [Fact]
    public void NotExhaustiveCategory_IgnoresItsUnmatchedResults_AndKeepsItsMatchedOnes()
    {
        var labels = new LvisImageLabels([], [1]);
        // A better-scored false positive of a not-exhaustive category is ignored: AP 1.
        Assert.Equal(1, Run([Truth(1, 1, 0)], [Result(1, 300, 0.9), Result(1, 0, 0.5)], labels).Stats.AP, 12);
        // Without the list it costs precision.
        Assert.True(Run([Truth(1, 1, 0)], [Result(1, 300, 0.9), Result(1, 0, 0.5)]).Stats.AP < 1);
    }

    [Fact]
    public void IgnoreField_IsHonoured_AndIscrowdIsNotRead()
    {
        // An ignored truth: its category has no non-ignored truth, AP -1.
        Assert.Equal(-1, Run([Truth(1, 1, 0, ignore: true)], [Result(1, 0, 0.5)]).Stats.AP);
        // A crowd flag is not read: the truth is not ignored (AR 1) and absorbs no duplicate (the second exact
        // result is a false positive, so precision at the end is 1/2).
        var crowd = Run([Truth(1, 1, 0, crowd: true)], [Result(1, 0, 0.9), Result(1, 0, 0.8)]);
        Assert.Equal(1, crowd.Stats.AR);
        var curve = crowd.Coco.GetCurve(0, 0);
        Assert.Equal([true, false], curve.TruePositive);
    }

    [Fact]
    public void ZeroAreas_AreDropped_AndDoNotMakeACategoryPositive()
    {
        // A zero-area result is no false positive.
        Assert.Equal(1, Run([Truth(1, 1, 0)], [Result(1, 300, 0.9, w: 0), Result(1, 0, 0.5)]).Stats.AP, 12);
        // A zero-area truth does not count and does not make category 2 positive: its results are dropped.
        var result = Run([Truth(1, 1, 0), Truth(2, 2, 100, area: 0)], [Result(1, 0, 0.5), Result(2, 100, 0.9)]);
        Assert.Equal(0, result.Categories[1].NumGroundTruths);
        Assert.Equal(0, result.Categories[1].NumDetections);
    }

    [Fact]
    public void FrequencyGroup_WithoutGroundTruth_IsMinusOne()
    {
        var result = Run([Truth(1, 1, 0)], [Result(1, 0, 0.5)]);
        Assert.Equal(1, result.Stats.APr, 12);
        Assert.Equal(-1, result.Stats.APc);
        Assert.Equal(-1, result.Stats.APf);
        Assert.Equal([0], result.FrequencyGroup(LvisFrequency.Rare));
    }

    [Fact]
    public void Reader_DecidesTheAreaBranch_OnTheFirstResultAfterTheCap()
    {
        (long, double)[] keys = [(5, 0.1), (5, 0.9), (5, 0.9), (6, 1.0)];
        Assert.Equal(0, LvisReader.FirstAfterCap(keys, 3));
        Assert.Equal(1, LvisReader.FirstAfterCap(keys, 2));
        Assert.Equal(0, LvisReader.FirstAfterCap(keys, -1));
    }

    [Fact]
    public void Names_FollowTheCap()
    {
        Assert.Equal("AR@300", LvisStats.NamesFor(300)[9]);
        Assert.Equal("ARl@100", LvisStats.NamesFor(100)[12]);
        Assert.Equal(13, LvisStats.NamesFor().Count);
    }
}
