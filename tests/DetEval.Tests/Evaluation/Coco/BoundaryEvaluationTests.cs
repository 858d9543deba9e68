using DetEval.Formats.Coco;
using DetEval.Matching;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// Boundary AP as a COCO protocol option: its preset and checks, the reference's ignore rule (against the reference run
/// with the rule switched off), the matching floor, and its state (the dilation ratio in the options, every bit flip
/// refused, merge refusing another ratio).
/// </summary>
public sealed class BoundaryEvaluationTests
{
    [Fact]
    public void Preset_IsBoundaryIouApis_RatioTwoHundredthsAndTheIgnoreFieldHonoured()
    {
        var options = CocoOptions.Coco(IouType.Boundary);
        Assert.Equal(0.02, options.DilationRatio);
        Assert.True(options.HonorIgnoreFlag);
        Assert.False(CocoOptions.Coco(IouType.Segm).HonorIgnoreFlag);
        Assert.Equal(CocoOptions.CocoIouThresholds, options.IouThresholds);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void DilationRatio_OutsideZeroToOne_IsRefusedWhenSet(double ratio)
    {
        var e = Assert.Throws<ArgumentException>(() => CocoOptions.Coco(IouType.Boundary) with { DilationRatio = ratio });
        Assert.Contains("DilationRatio", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corner")]
    [InlineData("small-r0.012")]
    public void IgnoreFieldOverwritten_GivesTheReferenceRunWithIgnoreOverwritten(string name)
    {
        // Parity: boundary-iou-api keeps the annotation's "ignore" (or-ed with iscrowd); the reference run with it
        // overwritten by iscrowd, as pycocotools does, is in cross_check. In corner it moves AP from 0.4740 to 0.4717.
        var (gtPath, dtPath, ratio) = BoundaryReferenceTests.Inputs(name);
        var (gt, dt) = CocoReader.Read(gtPath, dtPath, readSegmentation: true);
        var options = CocoOptions.Coco(IouType.Boundary) with { DilationRatio = ratio, HonorIgnoreFlag = false };
        var stats = CocoEvaluation.Evaluate(gt, dt, options).Stats.ToArray();
        var expected = BoundaryReferenceTests.Expected(name).GetProperty("cross_check").GetProperty("reference_with_ignore_overwritten_stats");
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(expected.GetProperty(CocoStats.Names[i]).GetDouble(), stats[i], 1e-12);
        }
    }

    [Theory]
    [InlineData("small")]
    [InlineData("small-r0.012")]
    [InlineData("corner")]
    public void MatchingFloor_ChangesNoMatchFlag_OnAnyImage(string name)
    {
        var (gtPath, dtPath, ratio) = BoundaryReferenceTests.Inputs(name);
        var (gt, dt) = CocoReader.Read(gtPath, dtPath, readSegmentation: true);
        var options = CocoOptions.Coco(IouType.Boundary) with { DilationRatio = ratio };
        var categories = gt.Categories.Select(c => c.Id).ToArray();
        var floored = new MatchContext(options, categories, new BoundaryCellIou(ratio, BoundaryCellIou.FloorOf(options.IouThresholds)));
        var exact = new MatchContext(options, categories, new BoundaryCellIou(ratio, floor: 0));
        foreach (var (image, truths, detections) in IncrementalEvaluationTests.PerImage(gt, dt))
        {
            var a = ImageMatcher.Match(floored, image, truths, detections);
            var b = ImageMatcher.Match(exact, image, truths, detections);
            Assert.Equal(b.Flags, a.Flags);
            Assert.Equal(b.PositiveCount, a.PositiveCount);
            Assert.Equal(b.Scores, a.Scores);
        }
    }

    [Fact]
    public void State_KeepsTheDilationRatio_AndMergeRefusesAnother()
    {
        var (gt, dt) = Corner();
        var a = new CocoEvaluator(CocoOptions.Coco(IouType.Boundary) with { DilationRatio = 0.03 }, gt.Categories);
        a.Update(gt, dt);
        var back = CocoEvaluationState.ReadFrom(new MemoryStream(a.Snapshot().ToArray()), "a.state");
        Assert.Equal(0.03, back.Options.DilationRatio);
        Assert.Equal(IouType.Boundary, back.Options.IouType);
        Assert.Equal(a.Compute().Stats, CocoEvaluator.FromState(back).Compute().Stats);

        var b = new CocoEvaluator(CocoOptions.Coco(IouType.Boundary), gt.Categories);
        var e = Assert.Throws<InvalidOperationException>(() => b.Merge(back));
        Assert.Contains("dilation ratios differ", e.Message, StringComparison.Ordinal);
        Assert.NotEqual(b.Snapshot().OptionsFingerprint, back.OptionsFingerprint);
    }

    [Fact]
    public void State_OfOtherIouTypes_DoesNotDependOnTheRatio()
    {
        var a = new CocoEvaluator(CocoOptions.Coco(IouType.Segm), [1L]).Snapshot();
        var b = new CocoEvaluator(CocoOptions.Coco(IouType.Segm) with { DilationRatio = 0.5 }, [1L]).Snapshot();
        Assert.Equal(a.OptionsFingerprint, b.OptionsFingerprint);
    }

    [Fact]
    public void State_EverySingleBitFlip_IsRefused()
    {
        var (gt, dt) = Corner();
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Boundary) with { MaxDetections = [1, 2] }, gt.Categories);
        foreach (var (image, truths, detections) in IncrementalEvaluationTests.PerImage(gt, dt).Take(2))
        {
            evaluator.Update(image, truths, detections);
        }

        byte[] bytes = evaluator.Snapshot().ToArray();
        Assert.True(bytes.Length > 200);
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(bytes, "s.state"));
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.IsType<CocoEvaluationState>(EvaluationState.FromBytes(bytes, "s.state"));
    }

    private static (DetectionDataset Gt, DetectionSet Dt) Corner()
    {
        var (gtPath, dtPath, _) = BoundaryReferenceTests.Inputs("corner");
        return CocoReader.Read(gtPath, dtPath, readSegmentation: true);
    }
}
