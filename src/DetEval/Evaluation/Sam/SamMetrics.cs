using DetEval.Evaluation;

namespace DetEval;

/// <summary>The thresholds and the plain statistics of the SAM metrics.</summary>
public static class SamMetrics
{
    /// <summary>The dilation ratio of mBIoU's boundary bands: 0.02 of the image diagonal, as SAM-HQ and boundary-iou-api.</summary>
    public const double DilationRatio = 0.02;

    /// <summary>The IoU thresholds of <c>iouAtLeast</c> and <c>recallAt</c>: 0.5, 0.75 and 0.9 (inclusive, as doubles).</summary>
    public static IReadOnlyList<double> Thresholds { get; } = [0.5, 0.75, 0.9];

    /// <summary>The report key of a threshold: <c>"0.5"</c>, <c>"0.75"</c>, <c>"0.9"</c>.</summary>
    /// <param name="threshold">The threshold.</param>
    public static string Key(double threshold) => threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The mean in index order; NaN for no values.</summary>
    /// <param name="values">The values.</param>
    public static double Mean(ReadOnlySpan<double> values)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>The fraction of values with <c>value &gt;= threshold</c>; NaN for no values.</summary>
    /// <param name="values">The values.</param>
    /// <param name="threshold">The inclusive threshold.</param>
    public static double FractionAtLeast(ReadOnlySpan<double> values, double threshold)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        int count = 0;
        foreach (double v in values)
        {
            count += v >= threshold ? 1 : 0;
        }

        return count / (double)values.Length;
    }

    /// <summary>The mean absolute difference of paired values; NaN for none.</summary>
    /// <param name="x">First values.</param>
    /// <param name="y">Second values, same length.</param>
    public static double MeanAbsoluteError(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length");
        }

        if (x.IsEmpty)
        {
            return double.NaN;
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Abs(x[i] - y[i]);
        }

        return sum / x.Length;
    }

    /// <summary>The Pearson correlation of paired values.</summary>
    /// <remarks><c>r = Σ dx·dy / sqrt(Σ dx² · Σ dy²)</c>, with dx and dy the deviations from the means; NaN when
    /// either set is constant or there are no values.</remarks>
    /// <param name="x">First values.</param>
    /// <param name="y">Second values, same length.</param>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length");
        }

        double mx = Mean(x), my = Mean(y);
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }

        double denominator = Math.Sqrt(sxx * syy);
        return denominator > 0 ? sxy / denominator : double.NaN;
    }
}
