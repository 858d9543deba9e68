namespace DetEval.Tests.Evaluation.Lvis;

/// <summary>LVIS on the evaluator contract: one-shot == incremental (random order, 4 threads) == merged (random splits through the bytes).</summary>
public sealed class LvisIncrementalTests
{
    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void OneShot_Incremental_AndMerged_AreBitIdentical(string iouType)
    {
        var (gt, dt) = LvisReferenceSmallTests.Read(iouType);
        var options = LvisOptions.Lvis(LvisReferenceSmallTests.TypeOf(iouType));
        var oneShot = LvisEvaluation.Evaluate(gt, dt, options);
        var perImage = PerImage(gt, dt);
        var rng = new Random(iouType.Length * 17);

        var incremental = new LvisEvaluator(options, gt.Categories);
        Parallel.ForEach(perImage.OrderBy(_ => rng.Next()).ToArray(), new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => incremental.Update(x.Image, x.Truths, x.Detections, x.Labels));
        AssertSame(oneShot, incremental.Compute());

        for (int trial = 0; trial < 3; trial++)
        {
            int parts = rng.Next(2, 9);
            var shards = Enumerable.Range(0, parts).Select(_ => new LvisEvaluator(options, gt.Categories)).ToArray();
            foreach (var x in perImage)
            {
                shards[rng.Next(parts)].Update(x.Image, x.Truths, x.Detections, x.Labels);
            }

            var merged = new LvisEvaluator(options, gt.Categories);
            foreach (var shard in shards.OrderBy(_ => rng.Next()))
            {
                var state = (LvisEvaluationState)EvaluationState.FromBytes(shard.Snapshot().ToArray(), "shard");
                merged.Merge(state);
            }

            AssertSame(oneShot, merged.Compute());
            AssertSame(oneShot, LvisEvaluator.FromState(merged.Snapshot()).Compute());
        }
    }

    [Fact]
    public void State_RefusesEverySingleBitFlip()
    {
        var (gt, dt) = LvisReferenceSmallTests.Read("bbox");
        var evaluator = new LvisEvaluator(LvisOptions.Lvis(IouType.Bbox), gt.Categories.Take(3));
        var perImage = PerImage(gt, dt);
        foreach (var x in perImage.Take(2))
        {
            evaluator.Update(x.Image, x.Truths, x.Detections, x.Labels);
        }

        byte[] bytes = evaluator.Snapshot().ToArray();
        Assert.IsType<LvisEvaluationState>(EvaluationState.FromBytes(bytes, "s.state"));
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(damaged, "s.state"));
            Assert.Contains("s.state", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Merge_RefusesAnImageSeenTwice_AndOtherOptions()
    {
        var (gt, dt) = LvisReferenceSmallTests.Read("bbox");
        var x = PerImage(gt, dt)[0];
        var a = new LvisEvaluator(LvisOptions.Lvis(IouType.Bbox), gt.Categories);
        var b = new LvisEvaluator(LvisOptions.Lvis(IouType.Bbox), gt.Categories);
        a.Update(x.Image, x.Truths, x.Detections, x.Labels);
        b.Update(x.Image, x.Truths, x.Detections, x.Labels);
        var twice = Assert.Throws<InvalidOperationException>(() => a.Merge(b.Snapshot()));
        Assert.Contains($"image {x.Image.Id}", twice.Message, StringComparison.Ordinal);

        var capped = new LvisEvaluator(LvisOptions.Lvis(IouType.Bbox) with { MaxDetectionsPerImage = 100 }, gt.Categories);
        var other = Assert.Throws<InvalidOperationException>(() => capped.Merge(b.Snapshot()));
        Assert.Contains("cap", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_IsCachedUntilTheNextUpdate_AndResetForgets()
    {
        var (gt, dt) = LvisReferenceSmallTests.Read("bbox");
        var images = PerImage(gt, dt);
        var evaluator = new LvisEvaluator(LvisOptions.Lvis(IouType.Bbox), gt.Categories);
        evaluator.Update(images[0].Image, images[0].Truths, images[0].Detections, images[0].Labels);
        var first = evaluator.Compute();
        Assert.Same(first, evaluator.Compute());
        evaluator.Update(images[1].Image, images[1].Truths, images[1].Detections, images[1].Labels);
        Assert.NotSame(first, evaluator.Compute());
        evaluator.Reset();
        Assert.Equal(0, evaluator.ImageCount);
    }

    internal static List<(ImageInfo Image, IReadOnlyList<GroundTruth> Truths, Detection[] Detections, LvisImageLabels Labels)> PerImage(LvisDataset gt, DetectionSet dt)
    {
        var truths = gt.Dataset.GroundTruths.GroupBy(g => g.ImageId).ToDictionary(g => g.Key, g => (IReadOnlyList<GroundTruth>)[.. g]);
        var dets = dt.AsSpan().ToArray().GroupBy(d => d.ImageId).ToDictionary(g => g.Key, g => g.ToArray());
        return [.. gt.Dataset.Images.Select((i, index) => (i, truths.GetValueOrDefault(i.Id, []), dets.GetValueOrDefault(i.Id, []), gt.LabelsAt(index)))];
    }

    private static void AssertSame(LvisResult expected, LvisResult actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.True(expected.Precision.SequenceEqual(actual.Precision), "precision differs");
        Assert.True(expected.Recall.SequenceEqual(actual.Recall), "recall differs");
        Assert.Equal(expected.Stats, actual.Stats);
        Assert.Equal(expected.Categories, actual.Categories);
    }
}
