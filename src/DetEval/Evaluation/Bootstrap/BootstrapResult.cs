using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// Percentile bootstrap intervals for every headline number of an evaluation, overall and per category.
/// </summary>
/// <remarks>
/// <para>
/// <b>Method.</b> The evaluated images are the units. Each resample draws N of the N images uniformly with
/// replacement; its numbers are those of a dataset holding the drawn images (an image drawn k times counts k times,
/// with its ground truths and detections), recomputed from the kept match records without matching again. The interval
/// of a number is the <c>(1 - c) / 2</c> and <c>(1 + c) / 2</c> quantiles (numpy's "linear" rule) of its values over
/// the resamples in which it is defined.
/// </para>
/// <para>
/// <b>Assumptions.</b> Images are independent draws from the population the dataset stands for (objects and errors
/// are correlated within an image, which is why images and not objects are resampled); the matching of an image does
/// not depend on other images (true of every protocol here); the percentile interval is reliable when the number's
/// resampling distribution is roughly symmetric and not piled against a bound (an AP near 0 or 1 on few images
/// is not). The interval says how much the number would move on another sample of images of the same kind, not how
/// far the annotations are from the truth.
/// </para>
/// </remarks>
public sealed class BootstrapResult
{
    private readonly double[] samples;
    private readonly ConfidenceInterval[] intervals;

    internal BootstrapResult(BootstrapOptions options, IReadOnlyList<string> names, IReadOnlyList<long> categoryIds, double[] values, double[] samples, bool minusOneUndefined)
    {
        Options = options;
        Names = names;
        CategoryIds = categoryIds;
        Values = values;
        this.samples = samples;
        MetricCount = values.Length;
        intervals = new ConfidenceInterval[MetricCount];
        for (int m = 0; m < MetricCount; m++)
        {
            intervals[m] = Resampler.Interval(samples, MetricCount, m, options.Confidence, minusOneUndefined);
        }
    }

    /// <summary>The resampling options.</summary>
    public BootstrapOptions Options { get; }

    /// <summary>The headline numbers, in the protocol's order (COCO: <see cref="CocoStats.Names"/>).</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>The categories with per-category intervals, in the result's category order.</summary>
    public IReadOnlyList<long> CategoryIds { get; }

    /// <summary>The interval of headline number <paramref name="name"/>.</summary>
    /// <param name="name">A name from <see cref="Names"/>, e.g. <c>AP</c>.</param>
    /// <returns>The interval.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public ConfidenceInterval Interval(string name) => intervals[IndexOf(name)];

    /// <summary>The interval of headline number <paramref name="name"/> restricted to one category.</summary>
    /// <param name="categoryIndex">Index into <see cref="CategoryIds"/>.</param>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <returns>The interval.</returns>
    public ConfidenceInterval CategoryInterval(int categoryIndex, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(categoryIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(categoryIndex, CategoryIds.Count);
        return intervals[Names.Count + (categoryIndex * Names.Count) + IndexOf(name)];
    }

    /// <summary>Every resample's value of headline number <paramref name="name"/>, in resample order.</summary>
    /// <param name="name">A name from <see cref="Names"/>.</param>
    /// <returns>The values (COCO's -1 where undefined).</returns>
    public double[] Samples(string name) => Column(IndexOf(name));

    /// <summary>Values, overall then per category (<c>Names.Count * (1 + categories)</c>).</summary>
    internal double[] Values { get; }

    internal int MetricCount { get; }

    internal ReadOnlySpan<double> AllSamples => samples;

    internal ConfidenceInterval IntervalAt(int metric) => intervals[metric];

    internal double[] Column(int metric)
    {
        var column = new double[Options.Resamples];
        for (int r = 0; r < column.Length; r++)
        {
            column[r] = samples[(r * MetricCount) + metric];
        }

        return column;
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new ArgumentException($"'{name}' is not one of {string.Join(", ", Names)}", nameof(name));
    }
}
