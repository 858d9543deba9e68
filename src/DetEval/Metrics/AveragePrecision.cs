using DetEval.Evaluation;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// AP calculators over a cumulative precision-recall curve (one point per ranked detection), with the
/// reference tools' formulas and operation order. Any protocol may use any of them.
/// </summary>
public static class AveragePrecision
{
    /// <summary>
    /// The VOC2007 levels <c>np.arange(0., 1.1, 0.1)</c> as numpy builds them, <c>0.0 + k * 0.1</c>:
    /// 0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1.0.
    /// </summary>
    public static IReadOnlyList<double> NumpyElevenPointLevels { get; } = BuildLevels(k => 0.0 + (k * 0.1));

    /// <summary>The 11 levels as the nearest doubles to k/10 (<c>k / 10.0</c>).</summary>
    public static IReadOnlyList<double> ExactElevenPointLevels { get; } = BuildLevels(k => k / 10.0);

    /// <summary>The 11 recall levels of the VOC2007 metric built the given way.</summary>
    public static IReadOnlyList<double> ElevenPointLevelsOf(ElevenPointLevels kind) =>
        kind == ElevenPointLevels.Exact ? ExactElevenPointLevels : NumpyElevenPointLevels;

    /// <summary>The VOC2007 11-point AP (<c>voc_ap(use_07_metric=True)</c>).</summary>
    /// <remarks>
    /// For each level <c>t</c> in order: <c>p = max(precision[recall &gt;= t])</c>, or 0 when no point reaches
    /// <c>t</c>; <c>ap = ap + p / n</c> with <c>n</c> the number of levels (11).
    /// </remarks>
    /// <param name="recall">Cumulative recall per ranked detection.</param>
    /// <param name="precision">Cumulative precision per ranked detection.</param>
    /// <param name="levels">The recall levels, usually <see cref="NumpyElevenPointLevels"/>.</param>
    public static double ElevenPoint(ReadOnlySpan<double> recall, ReadOnlySpan<double> precision, IReadOnlyList<double> levels)
    {
        CheckLengths(recall, precision);
        double count = levels.Count;
        double ap = 0.0;
        foreach (double t in levels)
        {
            double p = 0;
            bool any = false;
            for (int i = 0; i < recall.Length; i++)
            {
                if (recall[i] >= t)
                {
                    // Math.Max propagates NaN, as np.max does.
                    p = any ? Math.Max(p, precision[i]) : precision[i];
                    any = true;
                }
            }

            ap += p / count;
        }

        return ap;
    }

    /// <summary>The VOC2010+ all-point AP (<c>voc_ap(use_07_metric=False)</c>).</summary>
    /// <remarks>
    /// <c>mrec = [0, recall, 1]</c>, <c>mpre = [0, precision, 0]</c>; <c>mpre[i-1] = max(mpre[i-1], mpre[i])</c>
    /// from the right; then <c>sum((mrec[i+1] - mrec[i]) * mpre[i+1])</c> over the <c>i</c> where
    /// <c>mrec[i+1] != mrec[i]</c>, summed pairwise as <c>np.sum</c> does. NaN recall (no positives) gives NaN.
    /// </remarks>
    /// <param name="recall">Cumulative recall per ranked detection.</param>
    /// <param name="precision">Cumulative precision per ranked detection.</param>
    public static double AllPoint(ReadOnlySpan<double> recall, ReadOnlySpan<double> precision)
    {
        CheckLengths(recall, precision);
        int n = recall.Length + 2;
        var mrec = new double[n];
        var mpre = new double[n];
        recall.CopyTo(mrec.AsSpan(1));
        precision.CopyTo(mpre.AsSpan(1));
        mrec[n - 1] = 1.0;
        for (int i = n - 1; i > 0; i--)
        {
            mpre[i - 1] = Math.Max(mpre[i - 1], mpre[i]);
        }

        var products = new double[n - 1];
        int count = 0;
        for (int i = 0; i < n - 1; i++)
        {
            // NaN != NaN is true, as in numpy.
            if (mrec[i + 1] != mrec[i])
            {
                products[count++] = (mrec[i + 1] - mrec[i]) * mpre[i + 1];
            }
        }

        return NumpyMath.Sum(products.AsSpan(0, count));
    }

    /// <summary>COCO's interpolated AP: precision made monotone and sampled at the recall thresholds.</summary>
    /// <remarks>
    /// <c>pr[i-1] = max(pr[i-1], pr[i])</c> from the right; for each threshold the first point with
    /// <c>recall &gt;= threshold</c> (<c>searchsorted</c>, side left) gives its precision, or 0 when none does;
    /// the AP is the mean of the samples (pairwise sum divided by the count).
    /// </remarks>
    /// <param name="recall">Cumulative recall per ranked detection (non-decreasing).</param>
    /// <param name="precision">Cumulative precision per ranked detection.</param>
    /// <param name="recallThresholds">The thresholds, usually <see cref="CocoOptions.CocoRecallThresholds"/>.</param>
    public static double CocoInterpolated(ReadOnlySpan<double> recall, ReadOnlySpan<double> precision, IReadOnlyList<double> recallThresholds)
    {
        var samples = new double[recallThresholds.Count];
        SampleInterpolated(recall, precision, recallThresholds, samples);
        return NumpyMath.Sum(samples) / samples.Length;
    }

    /// <summary>
    /// The samples behind <see cref="CocoInterpolated"/>: precision made monotone from the right, then for each
    /// threshold the precision of the first point with <c>recall &gt;= threshold</c>, or 0 when none reaches it.
    /// Protocols that sum the samples their own way (TIDE) share this step.
    /// </summary>
    internal static void SampleInterpolated(ReadOnlySpan<double> recall, ReadOnlySpan<double> precision, IReadOnlyList<double> recallThresholds, Span<double> samples)
    {
        CheckLengths(recall, precision);
        var pr = precision.ToArray();
        for (int i = pr.Length - 1; i > 0; i--)
        {
            if (pr[i] > pr[i - 1])
            {
                pr[i - 1] = pr[i];
            }
        }

        for (int r = 0; r < samples.Length; r++)
        {
            double threshold = recallThresholds[r];
            int lo = 0, hi = recall.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (recall[mid] < threshold)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            // Parity: thresholds beyond the highest recall get 0.
            samples[r] = lo < recall.Length ? pr[lo] : 0;
        }
    }

    private static void CheckLengths(ReadOnlySpan<double> recall, ReadOnlySpan<double> precision)
    {
        if (recall.Length != precision.Length)
        {
            throw new ArgumentException($"recall has {recall.Length} points but precision has {precision.Length}");
        }
    }

    private static double[] BuildLevels(Func<int, double> level)
    {
        var levels = new double[11];
        for (int k = 0; k < levels.Length; k++)
        {
            levels[k] = level(k);
        }

        return levels;
    }
}
