using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// Two models evaluated on the same images with the same options, compared number by number (B − A), overall and per
/// category, with paired bootstrap intervals: each resample draws one set of images and evaluates both models on it.
/// </summary>
/// <remarks>
/// A resample's difference is <c>B_r - A_r</c> of the same drawn images (see <see cref="BootstrapResult"/> for the
/// resampling); the interval is its <c>(1 - c) / 2</c> and <c>(1 + c) / 2</c> quantiles and
/// <see cref="MetricComparison.ShareBBetter"/> the share of resamples with <c>B_r &gt; A_r</c>, both over the
/// resamples in which the number is defined for both models. Pairing removes the variation the two models share
/// (the images' difficulty), so the interval of the difference is much narrower than the two intervals side by side.
/// An interval that excludes 0 says the gain is unlikely to be an accident of this sample of images.
/// </remarks>
public sealed class CocoComparison
{
    private CocoComparison(CocoResult a, CocoResult b, BootstrapOptions? bootstrap, MetricComparison[] stats, MetricComparison[][] categories)
    {
        A = a;
        B = b;
        Bootstrap = bootstrap;
        Stats = stats;
        Categories = categories;
    }

    /// <summary>Model A's result (curves, per-category stats: everything a report page needs).</summary>
    public CocoResult A { get; }

    /// <summary>Model B's result.</summary>
    public CocoResult B { get; }

    /// <summary>The resampling options, or null when no bootstrap was run.</summary>
    public BootstrapOptions? Bootstrap { get; }

    /// <summary>The 12 stats compared, in <see cref="CocoStats.Names"/> order.</summary>
    public IReadOnlyList<MetricComparison> Stats { get; }

    /// <summary>Per category (in <see cref="CocoResult.CategoryIds"/> order), the 12 stats compared.</summary>
    public IReadOnlyList<IReadOnlyList<MetricComparison>> Categories { get; }

    /// <summary>The categories, in <see cref="Categories"/> order.</summary>
    public IReadOnlyList<long> CategoryIds => A.CategoryIds;

    /// <summary>Compares <paramref name="b"/> with <paramref name="a"/>.</summary>
    /// <param name="a">Model A's result.</param>
    /// <param name="b">Model B's result: the same options, categories and images.</param>
    /// <param name="bootstrap">Paired resampling options; no intervals when null.</param>
    /// <returns>The comparison.</returns>
    /// <exception cref="ArgumentException">The results are not of the same options, categories and images.</exception>
    public static CocoComparison Compare(CocoResult a, CocoResult b, BootstrapOptions? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        string why = Incompatibility(a, b);
        if (why.Length > 0)
        {
            throw new ArgumentException($"cannot compare: {why}", nameof(b));
        }

        double[] valuesA = a.MetricValues(), valuesB = b.MetricValues();
        int metrics = valuesA.Length;
        double[]? differences = null;
        if (bootstrap is not null)
        {
            bootstrap.Validate();
            var resamplingA = new CocoResampling(a.Records, a.Context);
            var resamplingB = new CocoResampling(b.Records, b.Context);
            var paired = Resampler.Run(
                a.ImageCount,
                2 * metrics,
                bootstrap,
                () => (resamplingA.CreateScratch(), resamplingB.CreateScratch()),
                (weights, scratch, row) =>
                {
                    resamplingA.Evaluate(weights, scratch.Item1, row[..metrics]);
                    resamplingB.Evaluate(weights, scratch.Item2, row[metrics..]);
                });
            differences = new double[bootstrap.Resamples * metrics];
            for (int r = 0; r < bootstrap.Resamples; r++)
            {
                for (int m = 0; m < metrics; m++)
                {
                    double x = paired[(r * 2 * metrics) + m], y = paired[(r * 2 * metrics) + metrics + m];
                    differences[(r * metrics) + m] = x == -1 || y == -1 ? double.NaN : y - x;
                }
            }
        }

        MetricComparison Metric(int m)
        {
            double x = valuesA[m], y = valuesB[m];
            string name = CocoStats.Names[m % CocoStats.Names.Count];
            double difference = x == -1 || y == -1 ? double.NaN : y - x;
            if (differences is null)
            {
                return new MetricComparison(name, x, y, difference, null, null);
            }

            var interval = Resampler.Interval(differences, metrics, m, bootstrap!.Confidence, minusOneUndefined: false);
            int wins = 0;
            for (int r = 0; r < bootstrap.Resamples; r++)
            {
                wins += differences[(r * metrics) + m] > 0 ? 1 : 0;
            }

            return new MetricComparison(name, x, y, difference, interval, interval.IsDefined ? wins / (double)interval.Resamples : null);
        }

        int stats = CocoStats.Names.Count;
        var overall = Enumerable.Range(0, stats).Select(Metric).ToArray();
        var categories = Enumerable.Range(0, a.CategoryIds.Count)
            .Select(k => Enumerable.Range(stats + (k * stats), stats).Select(Metric).ToArray())
            .ToArray();
        return new CocoComparison(a, b, bootstrap, overall, categories);
    }

    private static string Incompatibility(CocoResult a, CocoResult b)
    {
        if (!a.CategoryIds.SequenceEqual(b.CategoryIds))
        {
            return "the category ids differ";
        }

        var (x, y) = (a.Options, b.Options);
        if (x.IouType != y.IouType || !x.IouThresholds.SequenceEqual(y.IouThresholds) || !x.RecallThresholds.SequenceEqual(y.RecallThresholds)
            || !x.MaxDetections.SequenceEqual(y.MaxDetections) || !x.AreaRanges.SequenceEqual(y.AreaRanges) || x.UseCategories != y.UseCategories
            || x.HonorIgnoreFlag != y.HonorIgnoreFlag || x.SummaryUsesLastMaxDetections != y.SummaryUsesLastMaxDetections)
        {
            return "the evaluation options differ";
        }

        if (!a.Records.Select(r => r.ImageId).SequenceEqual(b.Records.Select(r => r.ImageId)))
        {
            return $"the images differ ({a.ImageCount} and {b.ImageCount} images, not the same ids)";
        }

        return "";
    }
}
