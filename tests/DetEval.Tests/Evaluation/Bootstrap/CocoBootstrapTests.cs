using DetEval.Metrics;

namespace DetEval.Tests.Evaluation.Bootstrap;

/// <summary>
/// <see cref="CocoResult.Bootstrap"/>: every resample equals, to the last bit, a from-scratch one-shot evaluation of a
/// dataset holding the drawn images as copies; a resample-invariant number has a point interval; the same seed gives
/// the same intervals on 1 and 2 threads.
/// </summary>
public sealed class CocoBootstrapTests
{
    internal static (DetectionDataset Gt, DetectionSet Dt) Read(string folder, int images)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path(folder, "gt.json"));
        var dt = CocoReader.ReadResults(TestData.Path(folder, "dt_bbox.json"), gt);
        var kept = gt.Images.Take(images).ToArray();
        var ids = kept.Select(i => i.Id).ToHashSet();
        return (new DetectionDataset(kept, gt.Categories, [.. gt.GroundTruths.Where(t => ids.Contains(t.ImageId))]),
            new DetectionSet(dt.AsSpan().ToArray().Where(d => ids.Contains(d.ImageId))));
    }

    /// <summary>
    /// The slow reference: the resample as a dataset of its own. The drawn images, in ascending original id and each
    /// copy beside the others, get new ids 1, 2, ...; their ground truths and detections are copied with them.
    /// </summary>
    internal static CocoResult FromScratch(DetectionDataset gt, DetectionSet dt, int[] weights, CocoOptions options)
    {
        var byId = gt.Images.Select((image, index) => (image, index)).OrderBy(x => x.image.Id).ToArray();
        var images = new List<ImageInfo>();
        var truths = new List<GroundTruth>();
        var detections = new List<Detection>();
        var all = dt.AsSpan().ToArray();
        long nextTruth = 1;
        foreach (var (image, index) in byId)
        {
            for (int copy = 0; copy < weights[index]; copy++)
            {
                long id = images.Count + 1;
                images.Add(image with { Id = id });
                foreach (var t in gt.GroundTruths.Where(t => t.ImageId == image.Id))
                {
                    truths.Add(t with { Id = nextTruth++, ImageId = id });
                }

                detections.AddRange(all.Where(d => d.ImageId == image.Id).Select(d => d with { ImageId = id }));
            }
        }

        return CocoEvaluation.Evaluate(new DetectionDataset(images, gt.Categories, truths), new DetectionSet(detections), options);
    }

    [Theory]
    [InlineData("edge", 40, 11L)]
    [InlineData("reference/small", 20, 5L)]
    public void EveryResample_EqualsAFromScratchEvaluationOfTheDrawnImages(string folder, int imageCount, long seed)
    {
        var (gt, dt) = Read(folder, imageCount);
        var options = CocoOptions.Coco();
        // The records are ordered by image id; the resampler's weights index them in that order.
        var byIdOrder = gt.Images.OrderBy(i => i.Id).ToArray();
        var result = CocoEvaluation.Evaluate(gt, dt, options);
        var bootstrap = result.Bootstrap(new BootstrapOptions { Resamples = 12, Seed = seed });
        int stats = CocoStats.Names.Count;
        var weightsById = new int[byIdOrder.Length];
        for (int r = 0; r < 12; r++)
        {
            Resampler.Draw(seed, r, weightsById);
            var weights = new int[gt.Images.Count];
            for (int i = 0; i < byIdOrder.Length; i++)
            {
                weights[gt.IndexOfImage(byIdOrder[i].Id)] = weightsById[i];
            }

            var slow = FromScratch(gt, dt, weights, options);
            var expected = slow.Stats.ToArray().Concat(slow.Categories.SelectMany(c => c.Stats.ToArray())).ToArray();
            Assert.Equal(bootstrap.MetricCount, expected.Length);
            for (int m = 0; m < expected.Length; m++)
            {
                double fast = bootstrap.AllSamples[(r * bootstrap.MetricCount) + m];
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected[m]) == BitConverter.DoubleToInt64Bits(fast),
                    $"resample {r}, metric {m} ({(m < stats ? "" : $"category {result.CategoryIds[(m / stats) - 1]} ")}{CocoStats.Names[m % stats]}): slow {expected[m]:R}, fast {fast:R}");
            }
        }
    }

    [Fact]
    public void ANumberNoResampleCanChange_HasAPointInterval()
    {
        // Every image is the same scene: any draw of N images is N copies of it, so every stat is invariant.
        var (gt, dt) = Read("reference/small", 1);
        var image = gt.Images[0];
        var images = Enumerable.Range(1, 25).Select(i => image with { Id = i }).ToArray();
        var truths = images.SelectMany(im => gt.GroundTruths.Select((t, g) => t with { Id = (im.Id * 1000) + g + 1, ImageId = im.Id })).ToArray();
        var detections = images.SelectMany(im => dt.AsSpan().ToArray().Select(d => d with { ImageId = im.Id })).ToArray();
        var result = CocoEvaluation.Evaluate(new DetectionDataset(images, gt.Categories, truths), new DetectionSet(detections));
        var bootstrap = result.Bootstrap(new BootstrapOptions { Resamples = 40, Seed = 3 });
        var stats = result.Stats.ToArray();
        int defined = 0;
        for (int s = 0; s < stats.Length; s++)
        {
            var interval = bootstrap.Interval(CocoStats.Names[s]);
            if (stats[s] == -1)
            {
                Assert.False(interval.IsDefined);
                continue;
            }

            defined++;
            Assert.Equal(40, interval.Resamples);
            Assert.Equal(BitConverter.DoubleToInt64Bits(stats[s]), BitConverter.DoubleToInt64Bits(interval.Low));
            Assert.Equal(BitConverter.DoubleToInt64Bits(stats[s]), BitConverter.DoubleToInt64Bits(interval.High));
        }

        Assert.True(defined >= 6);
    }

    [Fact]
    public void APerfectDetector_HasTheIntervalOneToOne()
    {
        var (gt, _) = Read("reference/small", 60);
        var perfect = gt.GroundTruths.Where(t => !t.IsCrowd).Select((t, i) => new Detection(t.ImageId, t.CategoryId, t.Box, 1 - (i * 1e-6), t.Box.Area)).ToArray();
        var bootstrap = CocoEvaluation.Evaluate(gt, new DetectionSet(perfect)).Bootstrap(new BootstrapOptions { Resamples = 30, Seed = 9 });
        Assert.Equal(new ConfidenceInterval(1, 1, 30), bootstrap.Interval("AP50"));
        Assert.Equal(new ConfidenceInterval(1, 1, 30), bootstrap.Interval("AR100"));
    }

    [Fact]
    public void SameSeed_GivesTheSameIntervalsOnOneAndTwoThreads()
    {
        var (gt, dt) = Read("reference/small", 60);
        var result = CocoEvaluation.Evaluate(gt, dt);
        var one = result.Bootstrap(new BootstrapOptions { Resamples = 60, Seed = 42, MaxDegreeOfParallelism = 1 });
        var two = result.Bootstrap(new BootstrapOptions { Resamples = 60, Seed = 42, MaxDegreeOfParallelism = 2 });
        Assert.True(one.AllSamples.SequenceEqual(two.AllSamples));
        foreach (string name in CocoStats.Names)
        {
            Assert.Equal(one.Interval(name), two.Interval(name));
        }

        var interval = one.Interval("AP");
        Assert.True(interval.Low < result.Stats.AP && result.Stats.AP < interval.High, $"{interval} around {result.Stats.AP}");
        var other = result.Bootstrap(new BootstrapOptions { Resamples = 60, Seed = 43 });
        Assert.False(one.AllSamples.SequenceEqual(other.AllSamples));
    }

    [Fact]
    public void Quantiles_AreNumpysLinearRule()
    {
        // np.quantile(np.arange(1, 11), [0.025, 0.975]) = [1.225, 9.775]
        var values = Enumerable.Range(1, 10).Select(i => (double)i).ToList();
        Assert.Equal(1.225, Resampler.Quantile(values, 0.025), 1e-15);
        Assert.Equal(9.775, Resampler.Quantile(values, 0.975), 1e-15);
        Assert.Equal(10, Resampler.Quantile(values, 1));
        Assert.Equal(1, Resampler.Quantile(values, 0));
    }

    [Fact]
    public void Draws_SumToTheImageCount_AndDependOnlyOnSeedAndIndex()
    {
        var a = new int[37];
        var b = new int[37];
        Resampler.Draw(5, 17, a);
        Resampler.Draw(5, 17, b);
        Assert.Equal(a, b);
        Assert.Equal(37, a.Sum());
        Resampler.Draw(5, 18, b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Options_OutOfRange_AreRefused()
    {
        var result = CocoEvaluation.Evaluate(Read("reference/small", 3).Gt, Read("reference/small", 3).Dt);
        Assert.Throws<ArgumentException>(() => result.Bootstrap(new BootstrapOptions { Resamples = 0 }));
        Assert.Throws<ArgumentException>(() => result.Bootstrap(new BootstrapOptions { Confidence = 1 }));
        Assert.Throws<ArgumentException>(() => result.Bootstrap(new BootstrapOptions { MaxDegreeOfParallelism = 0 }));
    }
}
