namespace DetEval.Tests.Evaluation.Sam;

/// <summary>One-shot == incremental (random order, 4 threads) == merged (random splits by video, through the bytes).</summary>
public sealed class SamVideoIncrementalTests
{
    private static readonly SamVideo[] Videos = LoadVideos();

    [Fact]
    public void Update_InRandomOrderOnFourThreads_EqualsOneShot()
    {
        var expected = SamVideoEvaluation.Evaluate(Videos);
        var rng = new Random(16);
        for (int trial = 0; trial < 3; trial++)
        {
            var evaluator = new SamVideoEvaluator();
            var order = Videos.OrderBy(_ => rng.Next()).ToArray();
            Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, evaluator.Update);

            AssertSame(expected, evaluator.Compute());
        }
    }

    [Fact]
    public void Merge_OfRandomSplitsThroughTheBytes_EqualsOneShot()
    {
        var expected = SamVideoEvaluation.Evaluate(Videos);
        var rng = new Random(7);
        for (int trial = 0; trial < 6; trial++)
        {
            int parts = rng.Next(2, 9);
            var shards = Enumerable.Range(0, parts).Select(_ => new SamVideoEvaluator()).ToArray();
            foreach (var video in Videos)
            {
                shards[rng.Next(parts)].Update(video);
            }

            var merged = new SamVideoEvaluator();
            foreach (var shard in shards.OrderBy(_ => rng.Next()))
            {
                byte[] bytes = shard.Snapshot().ToArray();
                merged.Merge((SamVideoEvaluationState)EvaluationState.FromBytes(bytes, "shard"));
            }

            AssertSame(expected, merged.Compute());
            AssertSame(expected, SamVideoEvaluator.FromState(merged.Snapshot()).Compute());
        }
    }

    [Fact]
    public void Snapshot_IsTheSameBytesWhateverTheUpdateOrder()
    {
        var first = new SamVideoEvaluator();
        var second = new SamVideoEvaluator();
        foreach (var video in Videos)
        {
            first.Update(video);
        }

        foreach (var video in Videos.Reverse())
        {
            second.Update(video);
        }

        Assert.Equal(first.Snapshot().ToArray(), second.Snapshot().ToArray());
    }

    [Fact]
    public void Merge_VideoSeenTwice_IsRefused()
    {
        var evaluator = new SamVideoEvaluator();
        evaluator.Update(Videos[0]);
        var other = new SamVideoEvaluator();
        other.Update(Videos[0]);

        var e = Assert.Throws<InvalidOperationException>(() => evaluator.Merge(other.Snapshot()));
        Assert.Contains(Videos[0].Name, e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => evaluator.Update(Videos[0]));
    }

    [Fact]
    public void Merge_OtherOptions_IsRefusedSayingWhichDiffer()
    {
        var evaluator = new SamVideoEvaluator();
        var other = new SamVideoEvaluator(new SamVideoOptions(skipFirstAndLast: false));
        other.Update(Videos[0]);

        var e = Assert.Throws<InvalidOperationException>(() => evaluator.Merge(other.Snapshot()));
        Assert.Contains("skip first and last: yes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_IsCachedUntilTheNextUpdateAndResetForgetsEverything()
    {
        var evaluator = new SamVideoEvaluator();
        evaluator.Update(Videos[0]);
        var once = evaluator.Compute();
        Assert.Same(once, evaluator.Compute());

        evaluator.Update(Videos[1]);
        Assert.NotSame(once, evaluator.Compute());
        Assert.Equal(2, evaluator.ImageCount);

        evaluator.Reset();
        Assert.Equal(0, evaluator.ImageCount);
        Assert.True(double.IsNaN(evaluator.Compute().J));
    }

    internal static void AssertSame(SamVideoResult expected, SamVideoResult actual)
    {
        Assert.Equal(expected.J, actual.J);
        Assert.Equal(expected.F, actual.F);
        Assert.Equal(expected.JAndF, actual.JAndF);
        Assert.Equal(expected.ObjectCount, actual.ObjectCount);
        Assert.Equal(expected.FrameCount, actual.FrameCount);
        Assert.Equal(expected.Videos.Select(v => v.Name), actual.Videos.Select(v => v.Name));
        for (int v = 0; v < expected.Videos.Count; v++)
        {
            var (e, a) = (expected.Videos[v], actual.Videos[v]);
            Assert.Equal((e.J, e.F, e.JAndF, e.Layout), (a.J, a.F, a.JAndF, a.Layout));
            Assert.Equal(e.Objects.Select(o => (o.Id, o.J, o.F, o.JAndF)), a.Objects.Select(o => (o.Id, o.J, o.F, o.JAndF)));
            for (int o = 0; o < e.Objects.Count; o++)
            {
                Assert.Equal(e.Objects[o].Frames, a.Objects[o].Frames);
                Assert.Equal(e.Objects[o].FrameJ, a.Objects[o].FrameJ);
                Assert.Equal(e.Objects[o].FrameF, a.Objects[o].FrameF);
            }
        }
    }

    private static SamVideo[] LoadVideos()
    {
        var roots = new[] { ("reference", "sav-small", "sav"), ("reference", "sav-small", "davis"), ("sav-edge", "sav", ""), ("sav-edge", "davis", "") };
        var videos = new List<SamVideo>();
        foreach (var (a, b, c) in roots)
        {
            string[] parts = c.Length > 0 ? [a, b, c] : [a, b];
            var folders = SamReader.OpenVideoFolders(TestData.Path([.. parts, "gt"]), TestData.Path([.. parts, "pred"]));
            videos.AddRange(folders.Videos.Select(folders.Read));
        }

        return [.. videos];
    }
}
