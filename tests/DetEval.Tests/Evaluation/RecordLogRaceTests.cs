namespace DetEval.Tests.Evaluation;

/// <summary>
/// Reset, Update and Compute racing on one evaluator never give a stale result: the cache is invalidated by a
/// version counter, so a Reset followed by as many updates as before (the same record count) cannot bring back the
/// previous epoch's result, even when a Compute of that epoch finishes late.
/// </summary>
public sealed class RecordLogRaceTests
{
    [Fact]
    public async Task Coco_ResetAndMergeOfEqualSize_RacingComputes_NeverSeeAStaleResult()
    {
        var epochs = new[] { Epoch(shift: 0), Epoch(shift: 3) };
        var states = epochs.Select(e =>
        {
            var one = new CocoEvaluator(CocoOptions.Coco(), [1L, 2L]);
            Feed(one, e);
            return one.Snapshot();
        }).ToArray();
        var expected = states.Select(s => CocoEvaluator.FromState(s).Compute().Stats.AP).ToArray();
        Assert.NotEqual(expected[0], expected[1]);

        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L, 2L]);
        int stale = await Race(
            () => evaluator.Compute(),
            e =>
            {
                evaluator.Reset();
                evaluator.Merge(states[e]);
            },
            e => evaluator.Compute().Stats.AP.Equals(expected[e]));
        Assert.Equal(0, stale);
    }

    [Fact]
    public async Task Voc_ResetAndMergeOfEqualSize_RacingComputes_NeverSeeAStaleResult()
    {
        var classes = new[] { new Category(1, "a"), new Category(2, "b") };
        var states = new[] { Epoch(shift: 0), Epoch(shift: 3) }.Select(e =>
        {
            var one = new VocEvaluator(VocOptions.Voc2010(), classes);
            Feed(one, e);
            return one.Snapshot();
        }).ToArray();
        var expected = states.Select(s => VocEvaluator.FromState(s).Compute().MeanAveragePrecision).ToArray();
        Assert.NotEqual(expected[0], expected[1]);

        var evaluator = new VocEvaluator(VocOptions.Voc2010(), classes);
        int stale = await Race(
            () => evaluator.Compute(),
            e =>
            {
                evaluator.Reset();
                evaluator.Merge(states[e]);
            },
            e => evaluator.Compute().MeanAveragePrecision.Equals(expected[e]));
        Assert.Equal(0, stale);
    }

    [Fact]
    public void Coco_ResetThenAsManyUpdates_OnThreads_GivesTheNewEpochsResult()
    {
        var epochs = new[] { Epoch(shift: 0), Epoch(shift: 3) };
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L, 2L]);
        double[] expected = [.. epochs.Select(e =>
        {
            var one = new CocoEvaluator(CocoOptions.Coco(), [1L, 2L]);
            Feed(one, e);
            return one.Compute().Stats.AP;
        })];
        for (int round = 0; round < 6; round++)
        {
            evaluator.Reset();
            Parallel.ForEach(epochs[round % 2], new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => evaluator.Update(x.Id, x.Truths, x.TruthLabels, x.Boxes, x.Scores, x.Labels));
            Assert.Equal(expected[round % 2], evaluator.Compute().Stats.AP);
        }
    }

    /// <summary>
    /// Rounds of: load epoch e; give the racer time to start computing it; reset and load the other epoch (as many
    /// records); then check, three times with pauses, that the result is the other epoch's. Returns the stale checks.
    /// </summary>
    private static async Task<int> Race(Action compute, Action<int> load, Func<int, bool> isCurrent)
    {
        using var stop = new CancellationTokenSource();
        // Background computes, started at any moment, finishing at any moment.
        var racer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                compute();
            }
        });

        var rng = new Random(5);
        int stale = 0;
        for (int round = 0; round < 60; round++)
        {
            int e = round % 2;
            load(e);
            Thread.SpinWait(rng.Next(2_000));
            load(1 - e);
            for (int check = 0; check < 3; check++)
            {
                stale += isCurrent(1 - e) ? 0 : 1;
                Thread.SpinWait(rng.Next(50_000));
            }
        }

        await stop.CancelAsync();
        await racer;
        return stale;
    }

    private sealed record Image(long Id, double[] Truths, long[] TruthLabels, double[] Boxes, double[] Scores, long[] Labels);

    private static void Feed(CocoEvaluator evaluator, Image[] images)
    {
        foreach (var x in images)
        {
            evaluator.Update(x.Id, x.Truths, x.TruthLabels, x.Boxes, x.Scores, x.Labels);
        }
    }

    private static void Feed(VocEvaluator evaluator, Image[] images)
    {
        foreach (var x in images)
        {
            evaluator.Update(x.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), x.Truths, x.TruthLabels, [], x.Boxes, x.Scores, x.Labels);
        }
    }

    /// <summary>1,500 seeded images, 6 objects and 20 detections each; <paramref name="shift"/> moves every detection.</summary>
    private static Image[] Epoch(double shift)
    {
        var rng = new Random(21);
        return [.. Enumerable.Range(1, 1500).Select(id =>
        {
            var truths = new List<double>();
            var truthLabels = new List<long>();
            var boxes = new List<double>();
            var scores = new List<double>();
            var labels = new List<long>();
            for (int g = 0; g < 6; g++)
            {
                double x = rng.Next(0, 200), y = rng.Next(0, 200), w = rng.Next(8, 60), h = rng.Next(8, 60);
                truths.AddRange([x, y, x + w, y + h]);
                truthLabels.Add(1 + (g % 2));
                for (int d = 0; d < 3; d++)
                {
                    double dx = rng.Next(-6, 7) + shift, dy = rng.Next(-6, 7) + shift;
                    boxes.AddRange([x + dx, y + dy, x + w + dx, y + h + dy]);
                    scores.Add(Math.Round(rng.NextDouble(), 2));
                    labels.Add(1 + (g % 2));
                }
            }

            return new Image(id, [.. truths], [.. truthLabels], [.. boxes], [.. scores], [.. labels]);
        })];
    }
}
