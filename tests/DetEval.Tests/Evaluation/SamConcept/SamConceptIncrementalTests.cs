namespace DetEval.Tests.Evaluation.SamConcept;

/// <summary>
/// One-shot == incremental (random pair order, four threads) == merged (random 2-8-way splits, each state through its
/// bytes), bit for bit, on the reference cases; and what merging refuses.
/// </summary>
public sealed class SamConceptIncrementalTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "reference/cgf1-small", "gt.json", "segm" },
        { "reference/cgf1-small", "gt.json gt_b.json gt_c.json", "segm" },
        { "reference/cgf1-small", "gt.json gt_b.json gt_c.json", "bbox" },
        { "reference/cgf1-edge", "gt.json gt_b.json gt_c.json", "segm" },
        { "reference/cgf1-edge", "gt.json", "bbox" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneShot_Incremental_AndMerged_AreBitIdentical(string folder, string gtFiles, string iouType)
    {
        var (annotators, predictions) = Read(folder, gtFiles);
        var options = SamConceptOptions.Reference(iouType == "bbox" ? IouType.Bbox : IouType.Segm);
        var oneShot = SamConceptEvaluation.Evaluate(annotators, predictions, options);
        var byPair = predictions.AsSpan().ToArray().ToLookup(p => p.ImageId);
        var rng = new Random(folder.Length * 31 + gtFiles.Length);

        var incremental = new SamConceptEvaluator(options, annotators);
        var order = incremental.EvaluatedPairIds.OrderBy(_ => rng.Next()).ToArray();
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, id => incremental.Update(id, byPair[id].ToArray()));
        AssertSame(oneShot, incremental.Compute());

        for (int trial = 0; trial < 3; trial++)
        {
            int parts = rng.Next(2, 9);
            var shards = Enumerable.Range(0, parts).Select(_ => new SamConceptEvaluator(options, annotators)).ToArray();
            foreach (long id in incremental.EvaluatedPairIds)
            {
                shards[rng.Next(parts)].Update(id, byPair[id].ToArray());
            }

            var merged = new SamConceptEvaluator(options, annotators);
            foreach (var shard in shards.OrderBy(_ => rng.Next()))
            {
                using var bytes = new MemoryStream(shard.Snapshot().ToArray());
                merged.Merge(SamConceptEvaluationState.ReadFrom(bytes, "shard"));
            }

            AssertSame(oneShot, merged.Compute());
            AssertSame(oneShot, SamConceptEvaluator.FromState(merged.Snapshot()).Compute());
        }
    }

    [Fact]
    public void Compute_IsCached_AndNonDestructive_UntilTheNextUpdate()
    {
        var data = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Prediction(1, 0, 0, 10, 10).Pair(2);
        var evaluator = new SamConceptEvaluator(SamConceptOptions.Reference(IouType.Bbox), data.Dataset());
        evaluator.Update(1, data.Predictions().AsSpan());
        var first = evaluator.Compute();
        Assert.Same(first, evaluator.Compute());
        evaluator.Update(2, []);
        var second = evaluator.Compute();
        Assert.NotSame(first, second);
        Assert.Equal(2, second.PairCount);
        evaluator.Reset();
        Assert.Equal(0, evaluator.Compute().PairCount);
    }

    [Fact]
    public void Snapshot_Bytes_DoNotDependOnTheOrderOfUpdates()
    {
        var (annotators, predictions) = Read("reference/cgf1-small", "gt.json");
        var byPair = predictions.AsSpan().ToArray().ToLookup(p => p.ImageId);
        var options = SamConceptOptions.Reference();
        var forward = new SamConceptEvaluator(options, annotators);
        var backward = new SamConceptEvaluator(options, annotators);
        foreach (long id in forward.EvaluatedPairIds)
        {
            forward.Update(id, byPair[id].ToArray());
        }

        foreach (long id in forward.EvaluatedPairIds.Reverse())
        {
            backward.Update(id, byPair[id].ToArray());
        }

        Assert.Equal(forward.Snapshot().ToArray(), backward.Snapshot().ToArray());
    }

    [Fact]
    public void Merge_RefusesAPairInBothStates()
    {
        var data = new ConceptData().Pair(1).Pair(2);
        var options = SamConceptOptions.Reference(IouType.Bbox);
        var a = new SamConceptEvaluator(options, data.Dataset());
        var b = new SamConceptEvaluator(options, data.Dataset());
        a.Update(1, []);
        b.Update(1, []);
        var e = Assert.Throws<InvalidOperationException>(() => a.Merge(b.Snapshot()));
        Assert.Contains("pair 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_RefusesOtherOptions_AndSaysWhich()
    {
        var data = new ConceptData().Pair(1);
        var segm = new SamConceptEvaluator(SamConceptOptions.Reference(), data.Dataset());
        var bbox = new SamConceptEvaluator(SamConceptOptions.Reference(IouType.Bbox), data.Dataset());
        var cut = new SamConceptEvaluator(SamConceptOptions.Reference() with { ScoreThreshold = 0.3 }, data.Dataset());
        Assert.Contains("IoU types differ", Assert.Throws<InvalidOperationException>(() => segm.Merge(bbox.Snapshot())).Message, StringComparison.Ordinal);
        Assert.Contains("score thresholds differ", Assert.Throws<InvalidOperationException>(() => segm.Merge(cut.Snapshot())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_RefusesTheStateOfAnotherGroundTruth()
    {
        var options = SamConceptOptions.Reference();
        var one = new SamConceptEvaluator(options, new ConceptData().Pair(1).Pair(2).Dataset());
        var other = new SamConceptEvaluator(options, new ConceptData().Pair(1).Pair(3).Dataset());
        var twoFiles = new SamConceptEvaluator(options, [new ConceptData().Pair(1).Pair(2).Dataset(), new ConceptData().Pair(1).Pair(2).Dataset()]);
        var otherCategories = new SamConceptEvaluator(options, new SaCoDataset([.. one.EvaluatedPairIds.Select(id => new SaCoPair(new ImageInfo(id, 100, 100), "thing", true))], [new Category(2, "object")], []));
        Assert.Contains("evaluate other pairs", Assert.Throws<InvalidOperationException>(() => one.Merge(other.Snapshot())).Message, StringComparison.Ordinal);
        Assert.Contains("made with 1 ground-truth files and the other with 2", Assert.Throws<InvalidOperationException>(() => one.Merge(twoFiles.Snapshot())).Message, StringComparison.Ordinal);
        Assert.Contains("other category ids", Assert.Throws<InvalidOperationException>(() => one.Merge(otherCategories.Snapshot())).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEvaluatorRebuiltFromAState_MergesAndComputes_ButCannotUpdate()
    {
        var data = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Prediction(1, 0, 0, 10, 10).Pair(2);
        var options = SamConceptOptions.Reference(IouType.Bbox);
        var whole = new SamConceptEvaluator(options, data.Dataset());
        whole.Update(data.Predictions());
        var left = new SamConceptEvaluator(options, data.Dataset());
        var right = new SamConceptEvaluator(options, data.Dataset());
        left.Update(1, data.Predictions().AsSpan());
        right.Update(2, []);
        var rebuilt = SamConceptEvaluator.FromState(left.Snapshot());
        rebuilt.Merge(right.Snapshot());
        AssertSame(whole.Compute(), rebuilt.Compute());
        Assert.Equal(2, rebuilt.Snapshot().EvaluatedPairCount);
        Assert.Throws<InvalidOperationException>(() => rebuilt.Update(1, []));
    }

    [Fact]
    public void Options_RefuseAnotherIouTypeOrANonFiniteScoreThreshold_WhenSet()
    {
        Assert.Throws<ArgumentException>(() => SamConceptOptions.Reference() with { IouType = (IouType)99 });
        Assert.Throws<ArgumentException>(() => SamConceptOptions.Reference() with { ScoreThreshold = double.NaN });
        Assert.Throws<ArgumentException>(() => new SamConceptOptions { ScoreThreshold = double.PositiveInfinity });
        Assert.Equal(0.25, (SamConceptOptions.Reference() with { ScoreThreshold = 0.25 }).ScoreThreshold);
    }

    internal static (SaCoDataset[] Annotators, DetectionSet Predictions) Read(string folder, string gtFiles)
    {
        string dir = TestData.Path(folder.Split('/'));
        var annotators = gtFiles.Split(' ').Select(f => SaCoReader.ReadGroundTruth(Path.Combine(dir, f))).ToArray();
        return (annotators, SaCoReader.ReadPredictions(Path.Combine(dir, "dt.json")));
    }

    internal static void AssertSame(SamConceptResult expected, SamConceptResult actual)
    {
        foreach (string name in SamConceptResult.MetricNames)
        {
            Assert.True(expected.Metrics[name].Equals(actual.Metrics[name]), $"{name}: {expected.Metrics[name]:R} vs {actual.Metrics[name]:R}");
        }

        foreach (string name in SamConceptResult.InstanceMetricNames)
        {
            Assert.Equal(expected.PerThreshold[name], actual.PerThreshold[name]);
        }

        Assert.Equal(expected.TruePositives, actual.TruePositives);
        Assert.Equal(expected.PositiveMicroFalsePositives, actual.PositiveMicroFalsePositives);
        Assert.Equal(expected.Pairs.Select(Row), actual.Pairs.Select(Row));
        Assert.Equal(expected.Phrases.Select(p => (p.Phrase, p.Pairs, p.Score)), actual.Phrases.Select(p => (p.Phrase, p.Pairs, p.Score)));
    }

    private static string Row(SamConceptPairResult p) =>
        FormattableString.Invariant($"{p.PairId} {p.Outcome} {p.Annotator} {p.Predictions} {p.Truths} {string.Join(",", p.TruePositives)} {p.Score:R} {p.Phrase} {p.FileName}");
}
