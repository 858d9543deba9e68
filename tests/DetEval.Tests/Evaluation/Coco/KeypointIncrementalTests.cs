
namespace DetEval.Tests.Evaluation.Coco;

/// <summary>Keypoints are the COCO protocol with other options: one-shot == incremental == merged, as for bbox.</summary>
public sealed class KeypointIncrementalTests
{
    [Theory]
    [InlineData("person", "")]
    [InlineData("animal", "")]
    [InlineData("animal", "_with_bbox")]
    public void OneShot_Incremental_AndMerged_AreBitIdentical(string profile, string variant)
    {
        var (gt, dt) = KeypointReferenceSmallTests.Read(profile, variant);
        var options = KeypointReferenceSmallTests.OptionsFor(profile);
        IncrementalEvaluationTests.AssertOneShotIncrementalAndMergedAgree(gt, dt, options, new Random(profile.Length * 131 + variant.Length));
    }

    [Fact]
    public void State_KeepsTheSigmas_AndMergeRefusesOtherSigmas()
    {
        var options = CocoOptions.Coco(IouType.Keypoints) with
        {
            KeypointSigmas = KeypointReferenceSmallTests.AnimalSigmas,
            KeypointSigmasByCategory = new Dictionary<long, IReadOnlyList<double>> { [5] = [0.1, 0.1, 0.1, 0.1, 0.1] },
        };
        var evaluator = new CocoEvaluator(options, [2L, 5L]);
        using var stream = new MemoryStream();
        evaluator.Snapshot().WriteTo(stream);
        stream.Position = 0;
        var back = CocoEvaluationState.ReadFrom(stream);
        Assert.Equal(KeypointReferenceSmallTests.AnimalSigmas, back.Options.KeypointSigmas);
        Assert.Equal([0.1, 0.1, 0.1, 0.1, 0.1], back.Options.SigmasFor(5));

        var other = new CocoEvaluator(options with { KeypointSigmasByCategory = null }, [2L, 5L]);
        var e = Assert.Throws<InvalidOperationException>(() => other.Merge(back));
        Assert.Contains("sigmas", e.Message, StringComparison.Ordinal);
    }
}
