using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Formats.Coco;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>One-shot == incremental (random order, threads) == merged (random splits, binary round trip), bit for bit.</summary>
public sealed class IncrementalEvaluationTests
{
    public static TheoryData<string, string, string, string> Cases => new()
    {
        { "reference/small", "gt.json", "dt_bbox.json", "bbox" },
        { "reference/small", "gt.json", "dt_segm.json", "segm" },
        { "edge", "gt.json", "dt_bbox.json", "bbox" },
        { "external/cocoapi-val2014-fake100", "instances_val2014_100.json", "instances_val2014_fakebbox100_results.json", "bbox" },
        { "external/cocoapi-val2014-fake100", "instances_val2014_100.json", "instances_val2014_fakesegm100_results.json", "segm" },
        { "external/detectron2-coco-mini", "gt.json", "results.json", "bbox" },
        { "external/torchmetrics-bbox-4img", "gt.json", "results.json", "bbox" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneShot_Incremental_AndMerged_AreBitIdentical(string folder, string gtFile, string dtFile, string iouType)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path([.. folder.Split('/'), gtFile]));
        var dt = CocoReader.ReadResults(TestData.Path([.. folder.Split('/'), dtFile]), gt);
        var options = CocoOptions.Coco(iouType == "segm" ? IouType.Segm : IouType.Bbox);
        AssertOneShotIncrementalAndMergedAgree(gt, dt, options, new Random(folder.Length * 31 + dtFile.Length));
    }

    /// <summary>Evaluates one-shot, incrementally (random order, 4 threads) and merged (3 random 2-8-way splits through the bytes); all must agree.</summary>
    internal static void AssertOneShotIncrementalAndMergedAgree(DetectionDataset gt, DetectionSet dt, CocoOptions options, Random rng)
    {
        var oneShot = CocoEvaluation.Evaluate(gt, dt, options);
        var perImage = PerImage(gt, dt);

        // Incremental: random image order, four threads.
        var incremental = new CocoEvaluator(options, gt.Categories);
        var order = perImage.OrderBy(_ => rng.Next()).ToArray();
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => incremental.Update(x.Image, x.Truths, x.Detections));
        AssertSame(oneShot, incremental.Compute());

        // Merged: a random split into 2-8 parts, each state round-tripped through the binary form.
        for (int trial = 0; trial < 3; trial++)
        {
            int parts = rng.Next(2, 9);
            var shards = Enumerable.Range(0, parts).Select(_ => new CocoEvaluator(options, gt.Categories)).ToArray();
            foreach (var x in perImage)
            {
                shards[rng.Next(parts)].Update(x.Image, x.Truths, x.Detections);
            }

            var merged = new CocoEvaluator(options, gt.Categories);
            foreach (var shard in shards.OrderBy(_ => rng.Next()))
            {
                using var stream = new MemoryStream();
                shard.Snapshot().WriteTo(stream);
                stream.Position = 0;
                merged.Merge(CocoEvaluationState.ReadFrom(stream));
            }

            AssertSame(oneShot, merged.Compute());
        }
    }

    [Fact]
    public void Merge_RejectsAnImageSeenTwice()
    {
        var a = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        var b = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        a.Update(7, [], []);
        b.Update(7, [], []);
        var e = Assert.Throws<InvalidOperationException>(() => a.Merge(b.Snapshot()));
        Assert.Contains("image 7", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => a.Update(7, [], []));
    }

    [Fact]
    public void Merge_RejectsOtherParameters()
    {
        var a = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        var b = new CocoEvaluator(CocoOptions.Coco() with { MaxDetections = [1, 10, 20] }, [1L]);
        var e = Assert.Throws<InvalidOperationException>(() => a.Merge(b.Snapshot()));
        Assert.Contains("max detections", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_IsNonDestructive_AndCachedUntilTheNextUpdate()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        evaluator.Update(1, [0.0, 0, 10, 10], [1L], [0.0, 0, 10, 10], [0.9], [1L]);
        var first = evaluator.Compute();
        Assert.Same(first, evaluator.Compute());
        Assert.Equal(1, first.Stats.AP, 12);
        evaluator.Update(2, [0.0, 0, 10, 10], [1L], [], [], []);
        var second = evaluator.Compute();
        Assert.NotSame(first, second);
        Assert.Equal(0.5, second.Stats.AR100, 12);
        evaluator.Reset();
        Assert.Equal(0, evaluator.ImageCount);
    }

    [Fact]
    public void SpanUpdate_NamesTheBadElement()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        var e = Assert.Throws<ArgumentException>(() => evaluator.Update(1, [], [], [0.0, 0, 10, 10, 5, 5, 1, 1], [0.9, 0.8], [1L, 1L]));
        Assert.Contains("detectionBoxes[1]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => evaluator.Update(1, [], [], [0.0, 0, 10, 10], [double.NaN], [1L]));
        Assert.Contains("detectionScores[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void State_RejectsDamagedBytes()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        evaluator.Update(1, [0.0, 0, 10, 10], [1L], [0.0, 0, 10, 10], [0.9], [1L]);
        using var stream = new MemoryStream();
        evaluator.Snapshot().WriteTo(stream);
        var bytes = stream.ToArray();
        Assert.Throws<DetEvalInputException>(() => CocoEvaluationState.ReadFrom(new MemoryStream(bytes[..^3]), "s.bin"));
        // The last byte is a match flag (0, 1 or 2): an impossible value is refused when read, not met later.
        var flagged = (byte[])bytes.Clone();
        flagged[^1] = 7;
        var damaged = Assert.Throws<DetEvalInputException>(() => CocoEvaluationState.ReadFrom(new MemoryStream(flagged), "s.bin"));
        Assert.Contains("damaged", damaged.Message, StringComparison.Ordinal);
        bytes[0] ^= 0xFF;
        var e = Assert.Throws<DetEvalInputException>(() => CocoEvaluationState.ReadFrom(new MemoryStream(bytes), "s.bin"));
        Assert.Contains("s.bin", e.Message, StringComparison.Ordinal);
    }

    internal static List<(ImageInfo Image, IReadOnlyList<GroundTruth> Truths, Detection[] Detections)> PerImage(DetectionDataset gt, DetectionSet dt)
    {
        var truths = gt.GroundTruths.GroupBy(g => g.ImageId).ToDictionary(g => g.Key, g => (IReadOnlyList<GroundTruth>)[.. g]);
        var dets = dt.AsSpan().ToArray().GroupBy(d => d.ImageId).ToDictionary(g => g.Key, g => g.ToArray());
        return [.. gt.Images.Select(i => (i, truths.GetValueOrDefault(i.Id, []), dets.GetValueOrDefault(i.Id, [])))];
    }

    internal static void AssertSame(CocoResult expected, CocoResult actual)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        Assert.True(expected.Precision.SequenceEqual(actual.Precision), "precision differs");
        Assert.True(expected.Recall.SequenceEqual(actual.Recall), "recall differs");
        Assert.True(expected.Scores.SequenceEqual(actual.Scores), "scores differ");
        Assert.Equal(expected.Stats, actual.Stats);
        Assert.Equal(expected.KeypointStats, actual.KeypointStats);
    }
}
