using DetEval.Data;
using DetEval.Matching;

namespace DetEval.Tests.Matching;

/// <summary>The concept matcher's rules (sam3's evaluateImg), on IoU matrices given directly.</summary>
public sealed class ConceptMatcherTests
{
    private static readonly ImageInfo Image = new(1, 100, 100);

    [Fact]
    public void Match_AssignsForTheLargestTotalIou_NotTheMostPairsAboveAThreshold()
    {
        // ious[gt][det]: det 0 fits gt 0 at 0.9, but det0-gt1 + det1-gt0 = 1.2 beats det0-gt0 + det1-gt1 = 0.9.
        var iou = new FixedIou(new double[,] { { 0.9, 0.6 }, { 0.6, 0.0 } });
        var m = ConceptMatcher.Match(Image, Truths(2), [1], Predictions(2), iou, 0.5, CocoOptions.CocoIouThresholds);
        Assert.Equal((2, 2), (m.Predictions, m.Truths));
        // Two assigned pairs of IoU 0.6: both count up to 0.6, none from 0.65 on (a greedy match would keep 0.9).
        Assert.Equal([2, 2, 2, 0, 0, 0, 0, 0, 0, 0], m.TruePositives);
    }

    [Fact]
    public void Match_CountsAnIouEqualToTheThreshold_AsATruePositive()
    {
        double ninety = CocoOptions.CocoIouThresholds[8]; // 0.8999999999999999
        var iou = new FixedIou(new double[,] { { 0.5, 0 }, { 0, ninety } });
        var m = ConceptMatcher.Match(Image, Truths(2), [1], Predictions(2), iou, 0.5, CocoOptions.CocoIouThresholds);
        Assert.Equal([2, 1, 1, 1, 1, 1, 1, 1, 1, 0], m.TruePositives);
    }

    [Fact]
    public void Match_IgnoresCrowdTruthsAndOtherCategories_AndKeepsScoresFromTheCutUp()
    {
        var truths = new[]
        {
            Truth(1, category: 1),
            Truth(2, category: 1, crowd: true),
            Truth(3, category: 7),
        };
        var predictions = new[] { Prediction(0.5, 1), Prediction(0.49999, 1), Prediction(0.9, 7), Prediction(1.0, 1) };
        var iou = new FixedIou(new double[,] { { 0.7, 0.8 } });
        var m = ConceptMatcher.Match(Image, truths, [1], predictions, iou, 0.5, CocoOptions.CocoIouThresholds);
        Assert.Equal((2, 1), (m.Predictions, m.Truths));
        Assert.Equal([0], iou.GtIndices);
        Assert.Equal([0, 3], iou.DetIndices);
        Assert.Equal(1, m.TruePositives[0]);
    }

    [Fact]
    public void Match_ListsObjectsCategoryByCategory_InFileOrderWithinEach()
    {
        var truths = new[] { Truth(1, category: 5), Truth(2, category: 2), Truth(3, category: 5), Truth(4, category: 2) };
        var predictions = new[] { Prediction(0.9, 5), Prediction(0.9, 2), Prediction(0.9, 5) };
        var iou = new FixedIou(new double[4, 3]);
        ConceptMatcher.Match(Image, truths, [2, 5], predictions, iou, 0.5, CocoOptions.CocoIouThresholds);
        Assert.Equal([1, 3, 0, 2], iou.GtIndices);
        Assert.Equal([1, 0, 2], iou.DetIndices);
    }

    [Fact]
    public void Match_WithoutTruthsOrWithoutPredictions_CountsButDoesNotMatch()
    {
        var iou = new FixedIou(new double[0, 0]);
        var negative = ConceptMatcher.Match(Image, [], [1], Predictions(3), iou, 0.5, CocoOptions.CocoIouThresholds);
        Assert.Equal((3, 0), (negative.Predictions, negative.Truths));
        var missed = ConceptMatcher.Match(Image, Truths(2), [1], [], iou, 0.5, CocoOptions.CocoIouThresholds);
        Assert.Equal((0, 2), (missed.Predictions, missed.Truths));
        Assert.All(negative.TruePositives.Concat(missed.TruePositives), tp => Assert.Equal(0, tp));
        Assert.Equal(0, iou.Calls);
    }

    private static GroundTruth[] Truths(int n) => [.. Enumerable.Range(1, n).Select(i => Truth(i))];

    private static Detection[] Predictions(int n) => [.. Enumerable.Range(0, n).Select(_ => Prediction(0.9, 1))];

    private static GroundTruth Truth(long id, long category = 1, bool crowd = false) => new(id, 1, category, new Box(0, 0, 1, 1), 1, crowd);

    private static Detection Prediction(double score, long category) => new(1, category, new Box(0, 0, 1, 1), score, 1);

    /// <summary>A cell IoU that returns a given matrix (<c>[gt, det]</c> of the cell's objects) and records what it was asked.</summary>
    private sealed class FixedIou(double[,] matrix) : CellIou
    {
        public int[] GtIndices { get; private set; } = [];

        public int[] DetIndices { get; private set; } = [];

        public int Calls { get; private set; }

        public override void Compute(ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<int> gtIndices, ReadOnlySpan<Detection> detections, ReadOnlySpan<int> detIndices, Span<double> ious, MatchScratch scratch)
        {
            Calls++;
            GtIndices = gtIndices.ToArray();
            DetIndices = detIndices.ToArray();
            for (int g = 0; g < gtIndices.Length; g++)
            {
                for (int d = 0; d < detIndices.Length; d++)
                {
                    ious[(g * detIndices.Length) + d] = matrix[g, d];
                }
            }
        }
    }
}
