using DetEval.Evaluation;
using DetEval.Formats.Sam;

namespace DetEval.Tests.Evaluation.Sam;

/// <summary>
/// SAM's mergeable state on testdata/reference/sam-small: one-shot == merged (random splits by image into 2-5
/// shards, each state round-tripped through the binary form), to the last bit.
/// </summary>
public sealed class SamStateTests
{
    private static string Case(string name) => TestData.Path("reference", "sam-small", name);

    [Theory]
    [InlineData("gt_sa1b", "pred_png")]
    [InlineData("gt_coco.json", "pred_rle")]
    public void Auto_MergedShards_EqualOneShot(string gt, string pred)
    {
        var truth = SamReader.ReadGroundTruth(Case(gt));
        var predictions = SamReader.ReadGeneratorOutput(Case(pred));
        var oneShot = SamAutoEvaluation.Evaluate(truth, predictions, SamScore.Product);
        var rng = new Random(gt.Length + pred.Length);
        for (int trial = 0; trial < 4; trial++)
        {
            int parts = rng.Next(2, 6);
            // Shard by stem: each shard gets its images' ground truth and predictions.
            var shardOf = truth.Select(t => t.Stem).Concat(predictions.Select(p => p.Stem)).Distinct()
                .ToDictionary(s => s, _ => rng.Next(parts));
            var states = Enumerable.Range(0, parts).Select(k =>
            {
                var shard = new SamAutoEvaluator(SamScore.Product);
                shard.Update([.. truth.Where(t => shardOf[t.Stem] == k)], [.. predictions.Where(p => shardOf[p.Stem] == k)]);
                return RoundTrip(shard.Snapshot());
            }).ToArray();
            var mergedEvaluator = new SamAutoEvaluator(SamScore.Product);
            foreach (var state in states.OrderBy(_ => rng.Next()))
            {
                mergedEvaluator.Merge(state);
            }

            var merged = mergedEvaluator.Compute();

            Assert.Equal(oneShot.Stats.ToArray(), merged.Stats.ToArray());
            Coco.IncrementalEvaluationTests.AssertSame(oneShot.Coco, merged.Coco);
            Assert.True(oneShot.MeanBestIou.Equals(merged.MeanBestIou), $"{oneShot.MeanBestIou:R} != {merged.MeanBestIou:R}");
            Assert.Equal(oneShot.RecallAt, merged.RecallAt);
            Assert.Equal(oneShot.Images, merged.Images);
            Assert.Equal(oneShot.UnpairedPredictions, merged.UnpairedPredictions);
            Assert.Equal(oneShot.GroundTruthWithoutPredictions, merged.GroundTruthWithoutPredictions);
            Assert.Equal(
                (oneShot.Paired, oneShot.GroundTruthMasks, oneShot.PredictedMasks, oneShot.GroundTruthImages, oneShot.UnpairedPredictedMasks, oneShot.Score),
                (merged.Paired, merged.GroundTruthMasks, merged.PredictedMasks, merged.GroundTruthImages, merged.UnpairedPredictedMasks, merged.Score));
        }
    }

    [Fact]
    public void Prompt_MergedShards_EqualOneShot()
    {
        var truth = SamReader.ReadGroundTruth(Case("gt_sa1b"));
        var prompts = SamReader.ReadPrompts(Case("prompts.json"));
        var oneShot = SamPromptEvaluation.Evaluate(truth, prompts);
        Assert.True(oneShot.Prompts > 0);
        var rng = new Random(5);
        for (int trial = 0; trial < 4; trial++)
        {
            int parts = rng.Next(2, 6);
            var shardOf = truth.ToDictionary(t => t.Image.Id, _ => rng.Next(parts));
            var states = Enumerable.Range(0, parts).Select(k =>
            {
                var shard = new SamPromptEvaluator();
                shard.Update([.. truth.Where(t => shardOf[t.Image.Id] == k)], prompts with { Prompts = [.. prompts.Prompts.Where(p => shardOf[p.ImageId] == k)] });
                return RoundTrip(shard.Snapshot());
            }).ToArray();
            var mergedEvaluator = new SamPromptEvaluator();
            foreach (var state in states.OrderBy(_ => rng.Next()))
            {
                mergedEvaluator.Merge(state);
            }

            var merged = mergedEvaluator.Compute();

            Assert.Equal(oneShot.Prompts, merged.Prompts);
            Assert.True(oneShot.MeanIou.Equals(merged.MeanIou), $"{oneShot.MeanIou:R} != {merged.MeanIou:R}");
            Assert.True(oneShot.OracleMeanIou.Equals(merged.OracleMeanIou));
            Assert.Equal(oneShot.IouAtLeast, merged.IouAtLeast);
            Assert.True(oneShot.CalibrationMae.Equals(merged.CalibrationMae));
            Assert.True(oneShot.CalibrationPearson.Equals(merged.CalibrationPearson));
            Assert.Equal(oneShot.Outcomes, merged.Outcomes);
        }
    }

    [Fact]
    public void Merge_RejectsAnImageInTwoStates_AndOtherScores_AndTheOtherMode()
    {
        var truth = SamReader.ReadGroundTruth(Case("gt_sa1b"));
        var auto = new SamAutoEvaluator();
        auto.Update(truth, SamReader.ReadGeneratorOutput(Case("pred_rle")));
        var e = Assert.Throws<InvalidOperationException>(() => auto.Merge(auto.Snapshot()));
        Assert.Contains("is in both states", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidOperationException>(() => new SamAutoEvaluator(SamScore.Stability).Merge(auto.Snapshot()));
        Assert.Contains("different scores", e.Message, StringComparison.Ordinal);

        var prompted = new SamPromptEvaluator();
        prompted.Update(truth, SamReader.ReadPrompts(Case("prompts.json")));
        using var stream = new MemoryStream(prompted.Snapshot().ToArray());
        var wrong = Assert.Throws<DetEvalInputException>(() => SamAutoEvaluationState.ReadFrom(stream, "p.state"));
        Assert.Contains("p.state", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("is a SamPrompt state, not a SamAuto state", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void State_RejectsDamagedBytes()
    {
        var truth = SamReader.ReadGroundTruth(Case("gt_sa1b"));
        var evaluator = new SamAutoEvaluator();
        evaluator.Update(truth, SamReader.ReadGeneratorOutput(Case("pred_rle")));
        var bytes = evaluator.Snapshot().ToArray();
        var e = Assert.Throws<DetEvalInputException>(() => SamAutoEvaluationState.ReadFrom(new MemoryStream(bytes[..^5]), "s.bin"));
        Assert.Contains("s.bin", e.Message, StringComparison.Ordinal);
        bytes[0] ^= 0xFF;
        Assert.Throws<DetEvalInputException>(() => SamAutoEvaluationState.ReadFrom(new MemoryStream(bytes), "s.bin"));
    }

    private static T RoundTrip<T>(T state)
        where T : EvaluationState
    {
        using var stream = new MemoryStream();
        state.WriteTo(stream);
        stream.Position = 0;
        var back = (T)EvaluationState.ReadFrom(stream, "shard");
        Assert.Equal(stream.Length, stream.Position);
        return back;
    }
}
