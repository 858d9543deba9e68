namespace DetEval.Metrics;

/// <summary>Numerics done the way numpy does them, so that results agree to the last bit.</summary>
internal static class NumpyMath
{
    private const int PairwiseBlock = 128;

    /// <summary><c>np.spacing(1)</c>, the epsilon in the reference's precision formula.</summary>
    public const double Spacing1 = 2.220446049250313e-16;

    /// <summary>numpy's reduction buffer: a reduce calls the inner loop on chunks of this many elements.</summary>
    private const int ReduceBuffer = 8192;

    /// <summary>
    /// <c>np.sum</c> of a contiguous float64 array: the reduction starts from 0 and adds the pairwise sum
    /// of each 8192-element chunk of the iterator's buffer in turn.
    /// </summary>
    public static double Sum(ReadOnlySpan<double> a)
    {
        double total = 0.0;
        for (int i = 0; i < a.Length; i += ReduceBuffer)
        {
            total += PairwiseSum(a.Slice(i, Math.Min(ReduceBuffer, a.Length - i)));
        }

        return total;
    }

    /// <summary>numpy's pairwise summation of one inner-loop call (<c>pairwise_sum</c>).</summary>
    public static double PairwiseSum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        if (n <= PairwiseBlock)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - (n % 8); i += 8)
            {
                r0 += a[i];
                r1 += a[i + 1];
                r2 += a[i + 2];
                r3 += a[i + 3];
                r4 += a[i + 4];
                r5 += a[i + 5];
                r6 += a[i + 6];
                r7 += a[i + 7];
            }

            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += a[i];
            }

            return res;
        }

        int n2 = n / 2;
        n2 -= n2 % 8;
        return PairwiseSum(a[..n2]) + PairwiseSum(a[n2..]);
    }

    /// <summary><c>np.mean</c> of the entries greater than -1, or -1 when there are none (the reference's <c>_summarize</c>).</summary>
    public static double MeanOfDefined(ReadOnlySpan<double> values) => MeanOfDefinedInPlace(values.ToArray());

    /// <summary><see cref="MeanOfDefined"/> that compacts the defined entries to the front of <paramref name="values"/> (overwritten) instead of copying.</summary>
    public static double MeanOfDefinedInPlace(Span<double> values)
    {
        int n = 0;
        foreach (double v in values)
        {
            if (v > -1)
            {
                values[n++] = v;
            }
        }

        return n == 0 ? -1 : Sum(values[..n]) / n;
    }

    /// <summary><c>np.linspace(start, stop, num)</c> with numpy's operation order.</summary>
    public static double[] Linspace(double start, double stop, int num)
    {
        var y = new double[num];
        if (num == 0)
        {
            return y;
        }

        int div = num - 1;
        double delta = stop - start;
        double step = div > 0 ? delta / div : double.NaN;
        for (int i = 0; i < num; i++)
        {
            y[i] = step == 0 ? i / (double)div * delta + start : i * step + start;
        }

        if (num > 1)
        {
            y[num - 1] = stop;
        }
        else
        {
            y[0] = start;
        }

        return y;
    }
}
