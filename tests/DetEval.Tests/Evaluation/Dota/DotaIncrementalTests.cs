namespace DetEval.Tests.Evaluation.Dota;

/// <summary>
/// The DOTA protocol's evaluator contract: one-shot == incremental (random order, four threads) == merged (random
/// 2-8 way splits through the state bytes), bit for bit, and the state's guarded reads.
/// </summary>
public sealed class DotaIncrementalTests
{
    public static TheoryData<string, OrientedIouMode, double> Cases => new()
    {
        { "11point", OrientedIouMode.Devkit, 0.5 },
        { "allpoint", OrientedIouMode.Devkit, 0.5 },
        { "11point", OrientedIouMode.Devkit, 0.7 },
        { "allpoint", OrientedIouMode.Exact, 0.5 },
    };

    private sealed record Image(string Name, double[] TruthQuads, long[] TruthLabels, bool[] Difficult, double[] DetectionQuads, double[] Scores, long[] Labels, int[] Order);

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneShot_Incremental_AndMerged_AreBitIdentical(string ap, OrientedIouMode mode, double iou)
    {
        var (gt, dt) = Load();
        var options = new DotaOptions { IouThreshold = iou, AveragePrecisionMethod = ap == "allpoint" ? AveragePrecisionMethod.AllPoint : AveragePrecisionMethod.ElevenPoint, IouMode = mode };
        var oneShot = DotaEvaluation.Evaluate(gt, dt, options);
        var images = PerImage(gt, dt);
        var rng = new Random(ap.Length * 31 + (int)mode + (int)(iou * 10));

        // With and without an image set: tied scores go by file position first, which every update here gives.
        foreach (bool withImageSet in new[] { true, false })
        {
            var incremental = withImageSet ? new DotaEvaluator(options, gt) : new DotaEvaluator(options, gt.Dataset.Categories);
            Parallel.ForEach(images.OrderBy(_ => rng.Next()), new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => Update(incremental, x, withOrder: true));
            Assert.Equal(gt.Dataset.Images.Count, incremental.ImageCount);
            AssertSame(oneShot, incremental.Compute());
        }

        for (int trial = 0; trial < 3; trial++)
        {
            int parts = rng.Next(2, 9);
            var shards = Enumerable.Range(0, parts).Select(_ => new DotaEvaluator(options, gt)).ToArray();
            foreach (var x in images)
            {
                Update(shards[rng.Next(parts)], x, withOrder: true);
            }

            var merged = new DotaEvaluator(options, gt);
            foreach (var shard in shards.OrderBy(_ => rng.Next()))
            {
                merged.Merge((DotaEvaluationState)EvaluationState.FromBytes(shard.Snapshot().ToArray(), "shard"));
            }

            AssertSame(oneShot, merged.Compute());
            AssertSame(oneShot, DotaEvaluator.FromState(merged.Snapshot()).Compute());
        }
    }

    [Fact]
    public void WithoutFilePositions_IncrementalAndMerged_StillAgreeBitForBit()
    {
        // The documented fall-back: position in the image's list, then image-set position, then rank.
        var (gt, dt) = Load();
        var images = PerImage(gt, dt);
        var rng = new Random(5);
        var incremental = new DotaEvaluator(DotaOptions.Dota(), gt);
        Parallel.ForEach(images.OrderBy(_ => rng.Next()), new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => Update(incremental, x, withOrder: false));
        var shards = Enumerable.Range(0, 3).Select(_ => new DotaEvaluator(DotaOptions.Dota(), gt)).ToArray();
        foreach (var x in images)
        {
            Update(shards[rng.Next(3)], x, withOrder: false);
        }

        var merged = new DotaEvaluator(DotaOptions.Dota(), gt);
        foreach (var s in shards)
        {
            merged.Merge(s.Snapshot());
        }

        AssertSame(incremental.Compute(), merged.Compute());
    }

    [Fact]
    public void Compute_IsCachedUntilTheNextChange_AndReset_ForgetsEveryImage()
    {
        var (gt, dt) = Load();
        var e = new DotaEvaluator(DotaOptions.Dota(), gt);
        e.Update(gt, dt);
        var first = e.Compute();
        Assert.Same(first, e.Compute());
        e.Reset();
        Assert.Equal(0, e.ImageCount);
        Assert.NotSame(first, e.Compute());
        Assert.True(double.IsNaN(e.Compute().MeanAveragePrecision));
    }

    [Fact]
    public void State_RoundTripsThroughTheOneContainer_AsAProtocolDotaState()
    {
        var (gt, dt) = Load();
        var options = new DotaOptions { IouThreshold = 0.7, AveragePrecisionMethod = AveragePrecisionMethod.AllPoint, IouMode = OrientedIouMode.Exact };
        var e = new DotaEvaluator(options, gt);
        e.Update(gt, dt);
        using var stream = new MemoryStream();
        e.Snapshot().WriteTo(stream);
        stream.Position = 0;
        var read = EvaluationState.ReadFrom(stream, "state");
        Assert.Equal(EvaluationProtocol.Dota, read.Protocol);
        var state = Assert.IsType<DotaEvaluationState>(read);
        Assert.Equal(options, state.Options);
        Assert.Equal(gt.Dataset.Images.Count, state.ImageCount);
        Assert.Equal(703, state.DetectionCount);
        AssertSame(e.Compute(), DotaEvaluator.FromState(state).Compute());
    }

    [Fact]
    public void State_EverySingleBitFlip_IsRefusedNamingTheSourceAndByte()
    {
        var e = new DotaEvaluator(DotaOptions.Dota(), [new Category(1, "plane"), new Category(2, "ship")], ["a", "b"]);
        DotaReferenceBehaviourTests.Update(e, "a", [(DotaReferenceBehaviourTests.Square(0, 0, 10), 1, false)], [(DotaReferenceBehaviourTests.Square(1, 0, 10), 1, 0.5)]);
        DotaReferenceBehaviourTests.Update(e, "b", [(DotaReferenceBehaviourTests.Square(0, 0, 10), 2, true)], [(DotaReferenceBehaviourTests.Square(0, 0, 10), 2, 0.25)]);
        byte[] bytes = e.Snapshot().ToArray();
        Assert.IsType<DotaEvaluationState>(EvaluationState.FromBytes(bytes, "ok"));
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            var error = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(damaged, "damaged.state"));
            Assert.Equal("damaged.state", error.File);
            Assert.StartsWith("byte ", error.Location, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Merge_RefusesOtherOptionsOtherClassesAndAnImageSeenTwice_SayingWhy()
    {
        Category[] classes = [new(1, "plane")];
        var a = new DotaEvaluator(DotaOptions.Dota(), classes);
        a.Update("x", [], [], [], [], [], []);
        var exact = new DotaEvaluator(new DotaOptions { IouMode = OrientedIouMode.Exact }, classes);
        Assert.Contains("IoU modes differ", Assert.Throws<InvalidOperationException>(() => exact.Merge(a.Snapshot())).Message, StringComparison.Ordinal);
        var threshold = new DotaEvaluator(new DotaOptions { IouThreshold = 0.7 }, classes);
        Assert.Contains("IoU thresholds differ", Assert.Throws<InvalidOperationException>(() => threshold.Merge(a.Snapshot())).Message, StringComparison.Ordinal);
        var ships = new DotaEvaluator(DotaOptions.Dota(), [new Category(1, "ship")]);
        Assert.Contains("'plane'", Assert.Throws<InvalidOperationException>(() => ships.Merge(a.Snapshot())).Message, StringComparison.Ordinal);
        var again = new DotaEvaluator(DotaOptions.Dota(), classes);
        again.Merge(a.Snapshot());
        Assert.Contains("'x'", Assert.Throws<InvalidOperationException>(() => again.Merge(a.Snapshot())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_RefusesBadSpans_NamingTheElement()
    {
        var e = new DotaEvaluator(DotaOptions.Dota(), [new Category(1, "plane")], ["a"]);
        double[] quad = DotaReferenceBehaviourTests.Flat(DotaReferenceBehaviourTests.Square(0, 0, 1));
        Assert.Contains("8 per quad", Assert.Throws<ArgumentException>(() => e.Update("a", quad.AsSpan(1), [1], [], [], [], [])).Message, StringComparison.Ordinal);
        Assert.Contains("truthLabels[0] = 9", Assert.Throws<ArgumentException>(() => e.Update("a", quad, [9], [], [], [], [])).Message, StringComparison.Ordinal);
        Assert.Contains("not in this evaluator's image set", Assert.Throws<ArgumentException>(() => e.Update("zz", [], [], [], [], [], [])).Message, StringComparison.Ordinal);
        double[] nan = [.. quad];
        nan[3] = double.NaN;
        Assert.Contains("detectionQuads[0]", Assert.Throws<ArgumentException>(() => e.Update("a", [], [], [], nan, [0.5], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("detectionScores[0]", Assert.Throws<ArgumentException>(() => e.Update("a", [], [], [], quad, [double.PositiveInfinity], [1])).Message, StringComparison.Ordinal);
        Assert.Contains("detectionOrder", Assert.Throws<ArgumentException>(() => e.Update("a", [], [], [], quad, [0.5], [1], [1, 2])).Message, StringComparison.Ordinal);
        e.Update("a", [], [], [], [], [], []);
        Assert.Throws<InvalidOperationException>(() => e.Update("a", [], [], [], [], [], []));
    }

    private static (DotaDataset Gt, DotaDetectionSet Dt) Load()
    {
        string root = DotaReferenceSmallTests.Root;
        var gt = DotaReader.ReadGroundTruth(Path.Combine(root, "labelTxt"), Path.Combine(root, "valset.txt"), resultsDirectory: Path.Combine(root, "results"));
        return (gt, DotaReader.ReadResults(Path.Combine(root, "results"), gt));
    }

    private static List<Image> PerImage(DotaDataset gt, DotaDetectionSet dt)
    {
        var data = gt.Dataset;
        var images = new List<Image>();
        foreach (var image in data.Images)
        {
            var truths = Enumerable.Range(0, data.GroundTruths.Count).Where(g => data.GroundTruths[g].ImageId == image.Id).ToArray();
            var dets = Enumerable.Range(0, dt.Detections.Count).Where(d => dt.Detections[d].ImageId == image.Id).ToArray();
            images.Add(new Image(
                image.FileName!,
                DotaReferenceBehaviourTests.Flat([.. truths.Select(g => gt.Quads[g])]),
                [.. truths.Select(g => data.GroundTruths[g].CategoryId)],
                [.. truths.Select(g => data.GroundTruths[g].Difficult)],
                DotaReferenceBehaviourTests.Flat([.. dets.Select(d => dt.Quads[d])]),
                [.. dets.Select(d => dt.Detections[d].Score)],
                [.. dets.Select(d => dt.Detections[d].CategoryId)],
                dets));
        }

        return images;
    }

    private static void Update(DotaEvaluator e, Image x, bool withOrder) =>
        e.Update(x.Name, x.TruthQuads, x.TruthLabels, x.Difficult, x.DetectionQuads, x.Scores, x.Labels, withOrder ? x.Order : default);

    private static void AssertSame(DotaResult expected, DotaResult actual)
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.MeanAveragePrecision), BitConverter.DoubleToInt64Bits(actual.MeanAveragePrecision));
        Assert.Equal(expected.ClassesAveraged, actual.ClassesAveraged);
        Assert.Equal(expected.Classes.Count, actual.Classes.Count);
        for (int k = 0; k < expected.Classes.Count; k++)
        {
            var e = expected.Classes[k];
            var a = actual.Classes[k];
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.AveragePrecision), BitConverter.DoubleToInt64Bits(a.AveragePrecision));
            Assert.Equal(e.Scores, a.Scores);
            Assert.Equal(e.Flags, a.Flags);
            Assert.Equal(e.Recall, a.Recall);
            Assert.Equal(e.Precision, a.Precision);
            Assert.Equal(e.NumPositives, a.NumPositives);
        }
    }
}
