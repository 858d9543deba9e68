using DetEval.Data;
using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

public class ConfusionMatrixTests
{
    private static readonly Category[] Classes = [new(2, "dog"), new(1, "cat")];

    private static DetectionDataset Dataset(params GroundTruth[] truths) =>
        new([new ImageInfo(1, 100, 100), new ImageInfo(2, 100, 100)], Classes, truths);

    private static GroundTruth Truth(long id, long category, double x, bool crowd = false) =>
        new(id, 1, category, new Box(x, 0, 10, 10), 100, IsCrowd: crowd);

    private static Detection Det(long category, double x, double score) =>
        new(1, category, new Box(x, 0, 10, 10), score, 100);

    [Fact]
    public void Compute_OrientsRowsAsTruthAndColumnsAsPrediction_SortedById()
    {
        var m = ConfusionMatrix.Compute(Dataset(Truth(1, 1, 0)), new DetectionSet([Det(2, 0, 0.9)]));
        Assert.Equal(["cat", "dog", "background"], m.Labels);
        Assert.Equal(1, m[0, 1]); // truth cat (row 0) predicted as dog (column 1)
        Assert.Equal(0, m[1, 0]);
        Assert.Equal(3, m.Size);
    }

    [Fact]
    public void Compute_UnmatchedDetectionIsBackgroundRow_MissedTruthIsBackgroundColumn()
    {
        var m = ConfusionMatrix.Compute(Dataset(Truth(1, 1, 0)), new DetectionSet([Det(1, 50, 0.9)]));
        Assert.Equal(1, m[m.BackgroundIndex, 0]);
        Assert.Equal(1, m[0, m.BackgroundIndex]);
        Assert.Equal(0, m[0, 0]);
    }

    [Fact]
    public void Compute_PrefersTheSameClass_AndMatchesEachTruthOnce()
    {
        // Two truths at the same place: a cat and a dog. A dog detection takes the dog, the cat detection the cat,
        // the third detection finds nothing left.
        var m = ConfusionMatrix.Compute(
            Dataset(Truth(1, 1, 0), Truth(2, 2, 0)),
            new DetectionSet([Det(2, 0, 0.9), Det(1, 0, 0.8), Det(1, 0, 0.7)]));
        Assert.Equal(1, m[0, 0]);
        Assert.Equal(1, m[1, 1]);
        Assert.Equal(1, m[m.BackgroundIndex, 0]);
        Assert.Equal(0, m[0, 1] + m[1, 0]);
    }

    [Fact]
    public void Compute_DropsLowScores_AndIgnoresDetectionsOnCrowds()
    {
        var m = ConfusionMatrix.Compute(
            Dataset(Truth(1, 1, 0), Truth(2, 1, 40, crowd: true)),
            new DetectionSet([Det(1, 0, 0.1), Det(1, 40, 0.9)]),
            iouThreshold: 0.5,
            scoreThreshold: 0.25);
        Assert.Equal(1, m[0, m.BackgroundIndex]); // the low-score detection was dropped: the cat is missed
        Assert.Equal(0, m[m.BackgroundIndex, 0]); // the crowd absorbs its detection, and is never missed
    }

    [Fact]
    public void Compute_IouBelowThreshold_DoesNotMatch()
    {
        // Shift by 5 of 10: IoU = 50 / 150 = 1/3.
        var m = ConfusionMatrix.Compute(Dataset(Truth(1, 1, 0)), new DetectionSet([Det(1, 5, 0.9)]), iouThreshold: 0.5);
        Assert.Equal(0, m[0, 0]);
        var loose = ConfusionMatrix.Compute(Dataset(Truth(1, 1, 0)), new DetectionSet([Det(1, 5, 0.9)]), iouThreshold: 0.3);
        Assert.Equal(1, loose[0, 0]);
    }
}
