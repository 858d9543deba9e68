namespace DetEval.Tests.Evaluation.Tide;

/// <summary>
/// The evaluator contract for TIDE on tide/corner (both IoU types) and reference/small: one-shot == incremental
/// (random order, 4 threads) == merged (random 2-8-way splits through the state bytes), to the last bit; states
/// refuse damage, foreign images and other options.
/// </summary>
public sealed class TideIncrementalTests
{
    private static (DetectionDataset Gt, DetectionSet Dt) Read(string[] folder, string results)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path([.. folder, "gt.json"]));
        return (gt, CocoReader.ReadResults(TestData.Path([.. folder, results]), gt));
    }

    public static TheoryData<string, string, IouType> Cases => new()
    {
        { "tide/corner", "dt_bbox.json", IouType.Bbox },
        { "tide/corner", "dt_segm.json", IouType.Segm },
        { "reference/small", "dt_bbox.json", IouType.Bbox },
    };

    internal static void AssertSame(TideResult expected, TideResult actual)
    {
        Assert.Equal(expected.ImageCount, actual.ImageCount);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.AP50), BitConverter.DoubleToInt64Bits(actual.AP50));
        foreach (var type in Enum.GetValues<TideErrorType>())
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.FixedAP50(type)), BitConverter.DoubleToInt64Bits(actual.FixedAP50(type)));
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected.DeltaAP(type)), BitConverter.DoubleToInt64Bits(actual.DeltaAP(type)));
            Assert.Equal(expected.ErrorCount(type), actual.ErrorCount(type));
        }

        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.FalsePositiveDeltaAP), BitConverter.DoubleToInt64Bits(actual.FalsePositiveDeltaAP));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.FalseNegativeDeltaAP), BitConverter.DoubleToInt64Bits(actual.FalseNegativeDeltaAP));
        Assert.Equal(expected.Classes.Count, actual.Classes.Count);
        for (int i = 0; i < expected.Classes.Count; i++)
        {
            var (e, a) = (expected.Classes[i], actual.Classes[i]);
            Assert.Equal((e.CategoryId, e.Name, e.NumGroundTruths, e.NumDetections, e.NumTruePositives, e.AP50), (a.CategoryId, a.Name, a.NumGroundTruths, a.NumDetections, a.NumTruePositives, a.AP50));
            Assert.Equal(e.ErrorCounts, a.ErrorCounts);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Incremental_InRandomOrderOnFourThreads_EqualsOneShot(string folder, string results, IouType iouType)
    {
        var (gt, dt) = Read(folder.Split('/'), results);
        var options = TideOptions.Tide(iouType);
        var oneShot = TideEvaluation.Evaluate(gt, dt, options);
        var byImage = dt.AsSpan().ToArray().GroupBy(d => d.ImageId).ToDictionary(g => g.Key, g => g.ToArray());
        var truths = gt.GroundTruths.GroupBy(t => t.ImageId).ToDictionary(g => g.Key, g => (IReadOnlyList<GroundTruth>)[.. g]);
        var rng = new Random(18);
        var order = gt.Images.OrderBy(_ => rng.Next()).ToArray();
        var evaluator = new TideEvaluator(options, gt);
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, image =>
            evaluator.Update(image, truths.GetValueOrDefault(image.Id, []), byImage.GetValueOrDefault(image.Id, [])));
        AssertSame(oneShot, evaluator.Compute());
        Assert.Same(evaluator.Compute(), evaluator.Compute());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MergedRandomSplitsThroughTheBytes_EqualOneShot(string folder, string results, IouType iouType)
    {
        var (gt, dt) = Read(folder.Split('/'), results);
        var options = TideOptions.Tide(iouType);
        var oneShot = TideEvaluation.Evaluate(gt, dt, options);
        var rng = new Random(iouType == IouType.Bbox ? 7 : 8);
        for (int trial = 0; trial < 3; trial++)
        {
            int parts = rng.Next(2, 9);
            var shardOf = gt.Images.ToDictionary(i => i.Id, _ => rng.Next(parts));
            var merged = new TideEvaluator(options, gt);
            foreach (int k in Enumerable.Range(0, parts).OrderBy(_ => rng.Next()))
            {
                var part = new TideEvaluator(options, gt);
                var images = gt.Images.Where(i => shardOf[i.Id] == k).ToArray();
                var shard = new DetectionDataset(images, gt.Categories, [.. gt.GroundTruths.Where(t => shardOf[t.ImageId] == k)]);
                part.Update(shard, new DetectionSet(dt.AsSpan().ToArray().Where(d => shardOf[d.ImageId] == k)));
                var bytes = part.Snapshot().ToArray();
                merged.Merge((TideEvaluationState)EvaluationState.FromBytes(bytes, $"part{k}.state"));
            }

            AssertSame(oneShot, merged.Compute());
            AssertSame(oneShot, TideEvaluator.FromState(merged.Snapshot()).Compute());
        }
    }

    [Fact]
    public void State_RefusesEverySingleFlippedBit()
    {
        var (gt, dt) = Read(["tide", "corner"], "dt_bbox.json");
        var images = gt.Images.Take(3).ToArray();
        var small = new DetectionDataset(images, gt.Categories, [.. gt.GroundTruths.Where(t => images.Any(i => i.Id == t.ImageId))]);
        var evaluator = new TideEvaluator(TideOptions.Tide(), small);
        evaluator.Update(small, new DetectionSet(dt.AsSpan().ToArray().Where(d => images.Any(i => i.Id == d.ImageId))));
        byte[] bytes = evaluator.Snapshot().ToArray();
        var back = (TideEvaluationState)EvaluationState.FromBytes(bytes, "t.state");
        Assert.Equal(EvaluationProtocol.Tide, back.Protocol);
        Assert.Equal(3, back.ImageCount);
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(bytes, "t.state"));
            Assert.StartsWith("t.state: byte ", e.Message, StringComparison.Ordinal);
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void Merge_RefusesAnImageInBothStates_OtherOptions_AndAnotherDataset()
    {
        var (gt, dt) = Read(["tide", "corner"], "dt_bbox.json");
        var a = new TideEvaluator(TideOptions.Tide(), gt);
        a.Update(gt, dt);
        var e = Assert.Throws<InvalidOperationException>(() => a.Merge(a.Snapshot()));
        Assert.Contains("is in both states", e.Message, StringComparison.Ordinal);

        var other = new TideEvaluator(TideOptions.Tide() with { BackgroundThreshold = 0.2 }, gt);
        e = Assert.Throws<InvalidOperationException>(() => other.Merge(a.Snapshot()));
        Assert.Contains("background thresholds differ", e.Message, StringComparison.Ordinal);

        var fewer = new TideEvaluator(TideOptions.Tide(), gt.Images.Skip(1).Select(i => i.Id), gt.Categories);
        e = Assert.Throws<InvalidOperationException>(() => fewer.Merge(a.Snapshot()));
        Assert.Contains("different image lists", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_RefusesAForeignImage_ATwiceRecordedImage_AndASegmDetectionWithoutMask()
    {
        var (gt, _) = Read(["tide", "corner"], "dt_bbox.json");
        var evaluator = new TideEvaluator(TideOptions.Tide(IouType.Segm), gt);
        Assert.Throws<ArgumentException>(() => evaluator.Update(new ImageInfo(123456789, 10, 10), [], []));
        var image = gt.Images[0];
        var boxOnly = new Detection(image.Id, 1, new Box(1, 1, 5, 5), 0.9, 25);
        var e = Assert.Throws<DetEvalInputException>(() => evaluator.Update(image, [], [boxOnly]));
        Assert.Contains("has no segmentation", e.Message, StringComparison.Ordinal);
        evaluator.Update(image, [], []);
        Assert.Throws<InvalidOperationException>(() => evaluator.Update(image, [], []));
        Assert.Equal(1, evaluator.ImageCount);
        evaluator.Reset();
        Assert.Equal(0, evaluator.ImageCount);
    }
}
