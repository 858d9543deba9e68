using DetEval.Evaluation;
using DetEval.Matching;

namespace DetEval.Tests.Matching;

/// <summary>The VOC IoU (+1 and continuous) and the matching rules.</summary>
public sealed class VocMatcherTests
{
    [Fact]
    public void Iou_Inclusive_AddsOnePixelToEverySize()
    {
        // Two 10x10-pixel boxes overlapping in 5 columns: 50 / (100 + 100 - 50).
        var det = new BoxCorners(1, 1, 10, 10);
        var gt = new BoxCorners(6, 1, 15, 10);
        Assert.Equal(50.0 / 150.0, VocMatcher.Iou(det, gt, PixelConvention.Inclusive));
        Assert.Equal(1.0, VocMatcher.Iou(det, det, PixelConvention.Inclusive));
    }

    [Fact]
    public void Iou_Continuous_DropsThePlusOne()
    {
        var det = new BoxCorners(1, 1, 10, 10);
        var gt = new BoxCorners(6, 1, 15, 10);
        Assert.Equal(36.0 / 126.0, VocMatcher.Iou(det, gt, PixelConvention.Continuous));
    }

    [Fact]
    public void Iou_TouchingBoxes_ShareOnePixelColumnOnlyWhenInclusive()
    {
        var det = new BoxCorners(0, 0, 10, 10);
        var gt = new BoxCorners(10, 0, 20, 10);
        Assert.Equal(11.0 / 231.0, VocMatcher.Iou(det, gt, PixelConvention.Inclusive));
        Assert.Equal(0.0, VocMatcher.Iou(det, gt, PixelConvention.Continuous));
    }

    [Fact]
    public void Iou_ZeroWidthInclusiveBox_IsZeroNotNan()
    {
        var det = new BoxCorners(5, 5, 4, 14);
        Assert.Equal(0.0, VocMatcher.Iou(det, new BoxCorners(0, 0, 20, 20), PixelConvention.Inclusive));
    }

    [Fact]
    public void Iou_ZeroUnion_IsNan_AndNeverMatches()
    {
        var point = new BoxCorners(5, 5, 5, 5);
        Assert.True(double.IsNaN(VocMatcher.Iou(point, point, PixelConvention.Continuous)));
        var options = new VocOptions { PixelConvention = PixelConvention.Continuous, IouThreshold = 0 , IouComparison = IouComparison.GreaterOrEqual };
        bool[] taken = [false];
        Assert.Equal(MatchFlag.FalsePositive, VocMatcher.Match(point, [point], [false], taken, options));
    }

    [Fact]
    public void Match_EqualIou_TheFirstGroundTruthWins()
    {
        var det = new BoxCorners(0, 0, 9, 9);
        BoxCorners[] truths = [det, det];
        bool[] taken = [false, false];
        Assert.Equal(MatchFlag.TruePositive, VocMatcher.Match(det, truths, [false, false], taken, new VocOptions()));
        Assert.Equal([true, false], taken);
    }

    [Fact]
    public void Match_BestGroundTruthTaken_IsFalsePositiveWithoutFallBack()
    {
        var det = new BoxCorners(0, 0, 9, 9);
        BoxCorners[] truths = [det, new BoxCorners(1, 0, 10, 9)];
        bool[] taken = [true, false];
        Assert.Equal(MatchFlag.FalsePositive, VocMatcher.Match(det, truths, [false, false], taken, new VocOptions()));
        Assert.Equal([true, false], taken);
    }

    [Fact]
    public void Match_BestGroundTruthDifficult_IsNeither()
    {
        var det = new BoxCorners(0, 0, 9, 9);
        bool[] taken = [false];
        Assert.Equal(MatchFlag.Ignored, VocMatcher.Match(det, [det], [true], taken, new VocOptions()));
        Assert.False(taken[0]);
    }

    [Fact]
    public void Match_IouEqualToThreshold_NeedsGreaterOrEqual()
    {
        // 50 / 100 continuous: exactly 0.5.
        var det = new BoxCorners(0, 0, 10, 10);
        BoxCorners[] truths = [new BoxCorners(0, 0, 10, 20)];
        var gt = new VocOptions { PixelConvention = PixelConvention.Continuous };
        Assert.Equal(MatchFlag.FalsePositive, VocMatcher.Match(det, truths, [false], new bool[1], gt));
        Assert.Equal(MatchFlag.TruePositive, VocMatcher.Match(det, truths, [false], new bool[1], gt with { IouComparison = IouComparison.GreaterOrEqual }));
    }

    [Fact]
    public void Match_NoGroundTruth_IsFalsePositive()
    {
        Assert.Equal(MatchFlag.FalsePositive, VocMatcher.Match(new BoxCorners(0, 0, 9, 9), [], [], [], new VocOptions()));
    }
}
