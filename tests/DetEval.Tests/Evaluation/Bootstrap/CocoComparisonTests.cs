using DetEval.Metrics;

namespace DetEval.Tests.Evaluation.Bootstrap;

/// <summary>
/// <see cref="CocoComparison"/>: the paired interval of B - A equals the one built from from-scratch evaluations of
/// both models on each resample's drawn images, to the last bit; a model compared with itself differs by exactly 0;
/// a clearly better model wins every resample; incompatible results are refused.
/// </summary>
public sealed class CocoComparisonTests
{
    private static DetectionSet Thinned(DetectionSet dt) =>
        new(dt.AsSpan().ToArray().GroupBy(d => d.ImageId).SelectMany(g => g.OrderByDescending(d => d.Score).Take((g.Count() * 2) / 3)));

    [Fact]
    public void PairedInterval_EqualsFromScratchEvaluationsOfBothModelsOnTheSameDraws()
    {
        var (gt, dt) = CocoBootstrapTests.Read("reference/small", 24);
        var dtB = Thinned(dt);
        var options = CocoOptions.Coco();
        var bootstrap = new BootstrapOptions { Resamples = 10, Seed = 77, Confidence = 0.8 };
        var comparison = CocoComparison.Compare(CocoEvaluation.Evaluate(gt, dt, options), CocoEvaluation.Evaluate(gt, dtB, options), bootstrap);

        var byIdOrder = gt.Images.OrderBy(i => i.Id).ToArray();
        int stats = CocoStats.Names.Count;
        int metrics = stats * (1 + comparison.CategoryIds.Count);
        var differences = new double[bootstrap.Resamples * metrics];
        var drawn = new int[byIdOrder.Length];
        for (int r = 0; r < bootstrap.Resamples; r++)
        {
            Resampler.Draw(bootstrap.Seed, r, drawn);
            var weights = new int[gt.Images.Count];
            for (int i = 0; i < byIdOrder.Length; i++)
            {
                weights[gt.IndexOfImage(byIdOrder[i].Id)] = drawn[i];
            }

            var a = CocoBootstrapTests.FromScratch(gt, dt, weights, options);
            var b = CocoBootstrapTests.FromScratch(gt, dtB, weights, options);
            var va = a.Stats.ToArray().Concat(a.Categories.SelectMany(c => c.Stats.ToArray())).ToArray();
            var vb = b.Stats.ToArray().Concat(b.Categories.SelectMany(c => c.Stats.ToArray())).ToArray();
            for (int m = 0; m < metrics; m++)
            {
                differences[(r * metrics) + m] = va[m] == -1 || vb[m] == -1 ? double.NaN : vb[m] - va[m];
            }
        }

        for (int m = 0; m < metrics; m++)
        {
            var expected = Resampler.Interval(differences, metrics, m, bootstrap.Confidence, minusOneUndefined: false);
            var actual = m < stats ? comparison.Stats[m] : comparison.Categories[(m / stats) - 1][m % stats];
            Assert.Equal(expected, actual.Interval);
            int wins = Enumerable.Range(0, bootstrap.Resamples).Count(r => differences[(r * metrics) + m] > 0);
            Assert.Equal(expected.IsDefined ? wins / (double)expected.Resamples : null, actual.ShareBBetter);
        }

        Assert.Contains(comparison.Stats, s => s.Interval is { IsDefined: true } i && i.Low < i.High);
    }

    [Fact]
    public void AModelComparedWithItself_DiffersByExactlyZero()
    {
        var (gt, dt) = CocoBootstrapTests.Read("reference/small", 60);
        var result = CocoEvaluation.Evaluate(gt, dt);
        var comparison = CocoComparison.Compare(result, result, new BootstrapOptions { Resamples = 25, Seed = 1 });
        foreach (var m in comparison.Stats.Concat(comparison.Categories.SelectMany(c => c)).Where(m => m.A != -1))
        {
            Assert.Equal(0, m.Difference);
            Assert.Equal(0, m.Interval!.Value.Low);
            Assert.Equal(0, m.Interval!.Value.High);
            Assert.Equal(0, m.ShareBBetter);
        }
    }

    [Fact]
    public void APerfectModel_BeatsTheOtherInEveryResample()
    {
        var (gt, dt) = CocoBootstrapTests.Read("reference/small", 60);
        var perfect = gt.GroundTruths.Where(t => !t.IsCrowd).Select((t, i) => new Detection(t.ImageId, t.CategoryId, t.Box, 1 - (i * 1e-6), t.Box.Area));
        var comparison = CocoComparison.Compare(CocoEvaluation.Evaluate(gt, dt), CocoEvaluation.Evaluate(gt, new DetectionSet(perfect)), new BootstrapOptions { Resamples = 30 });
        var ap = comparison.Stats[0];
        Assert.Equal("AP", ap.Name);
        Assert.Equal(1.0 - ap.A, ap.Difference, 1e-15);
        Assert.True(ap.Interval!.Value.Low > 0);
        Assert.Equal(1.0, ap.ShareBBetter);
    }

    [Fact]
    public void WithoutBootstrap_OnlyTheDifferencesAreGiven()
    {
        var (gt, dt) = CocoBootstrapTests.Read("reference/small", 60);
        var comparison = CocoComparison.Compare(CocoEvaluation.Evaluate(gt, dt), CocoEvaluation.Evaluate(gt, Thinned(dt)));
        Assert.Null(comparison.Bootstrap);
        Assert.All(comparison.Stats, m => Assert.Null(m.Interval));
        Assert.Equal(comparison.B.Stats.AP - comparison.A.Stats.AP, comparison.Stats[0].Difference);
    }

    [Fact]
    public void IncompatibleResults_AreRefused()
    {
        var (gt, dt) = CocoBootstrapTests.Read("reference/small", 60);
        var a = CocoEvaluation.Evaluate(gt, dt);
        var e = Assert.Throws<ArgumentException>(() => CocoComparison.Compare(a, CocoEvaluation.Evaluate(gt, dt, CocoOptions.Coco() with { MaxDetections = [1, 10, 50] })));
        Assert.Contains("options differ", e.Message, StringComparison.Ordinal);
        var (fewer, fewerDt) = CocoBootstrapTests.Read("reference/small", 30);
        e = Assert.Throws<ArgumentException>(() => CocoComparison.Compare(a, CocoEvaluation.Evaluate(fewer, fewerDt)));
        Assert.Contains("images differ", e.Message, StringComparison.Ordinal);
    }
}
