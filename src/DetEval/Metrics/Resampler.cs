namespace DetEval.Metrics;

/// <summary>
/// The one image resampler behind every bootstrap and paired comparison: resample <c>i</c> draws N image indices
/// uniformly with replacement from its own generator (xoshiro256** seeded through SplitMix64 from the seed and i),
/// so the draws depend only on (seed, i); resamples run in parallel and each writes its own row.
/// </summary>
internal static class Resampler
{
    /// <summary>
    /// Runs <paramref name="options"/>' resamples of <paramref name="imageCount"/> images. <paramref name="evaluate"/>
    /// gets each resample's weights (how often each image was drawn, summing to N) and a per-thread scratch, and
    /// writes the resample's metrics into its row.
    /// </summary>
    /// <returns><c>values[resample * metricCount + metric]</c>.</returns>
    public static double[] Run<TScratch>(int imageCount, int metricCount, BootstrapOptions options, Func<TScratch> scratch, Action<int[], TScratch, Span<double>> evaluate)
    {
        options.Validate();
        var values = new double[(long)options.Resamples * metricCount];
        // Bounded by the cores even for -1: each worker holds a scratch (the accumulated arrays), and an unbounded loop
        // on a busy pool grows workers, and memory, far past the cores.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism };
        // Loop workers come and go (the runtime retires them now and then); they borrow scratch from a pool, so at
        // most one scratch per concurrent worker is ever made.
        var pool = new System.Collections.Concurrent.ConcurrentBag<(int[] Weights, TScratch Scratch)>();
        Parallel.For(
            0,
            options.Resamples,
            parallel,
            () => pool.TryTake(out var local) ? local : (Weights: new int[imageCount], Scratch: scratch()),
            (resample, _, local) =>
            {
                Draw(options.Seed, resample, local.Weights);
                evaluate(local.Weights, local.Scratch, values.AsSpan(resample * metricCount, metricCount));
                return local;
            },
            pool.Add);
        return values;
    }

    /// <summary>The weights of resample <paramref name="resample"/>: <c>weights.Length</c> draws of an index in [0, N).</summary>
    public static void Draw(long seed, int resample, int[] weights)
    {
        weights.AsSpan().Clear();
        var rng = new Xoshiro256(seed, resample);
        int n = weights.Length;
        for (int draw = 0; draw < n; draw++)
        {
            weights[rng.Below((uint)n)]++;
        }
    }

    /// <summary>
    /// The percentile interval of one metric over the resamples (column <paramref name="metric"/> of
    /// <paramref name="values"/>), over the resamples where it is defined (finite and, for COCO, not -1): the
    /// <c>(1 - c) / 2</c> and <c>(1 + c) / 2</c> quantiles, each <c>x[j] + (h - j) * (x[j + 1] - x[j])</c> with
    /// <c>h = (n - 1) q</c>, <c>j = floor(h)</c> on the sorted values (numpy's default "linear" quantile).
    /// </summary>
    public static ConfidenceInterval Interval(ReadOnlySpan<double> values, int metricCount, int metric, double confidence, bool minusOneUndefined)
    {
        var defined = new List<double>(values.Length / metricCount);
        for (int i = metric; i < values.Length; i += metricCount)
        {
            double v = values[i];
            if (double.IsFinite(v) && !(minusOneUndefined && v == -1))
            {
                defined.Add(v);
            }
        }

        if (defined.Count == 0)
        {
            return new ConfidenceInterval(double.NaN, double.NaN, 0);
        }

        defined.Sort();
        double alpha = (1 - confidence) / 2;
        return new ConfidenceInterval(Quantile(defined, alpha), Quantile(defined, 1 - alpha), defined.Count);
    }

    internal static double Quantile(List<double> sorted, double q)
    {
        double h = (sorted.Count - 1) * q;
        int j = (int)Math.Floor(h);
        if (j >= sorted.Count - 1)
        {
            return sorted[^1];
        }

        double lo = sorted[j], hi = sorted[j + 1];
        // Equal neighbours give exactly that value (a resample-invariant number has a point interval).
        return lo == hi ? lo : lo + ((h - j) * (hi - lo));
    }

    /// <summary>xoshiro256** (Blackman and Vigna), its state filled by SplitMix64 from (seed, stream).</summary>
    private struct Xoshiro256
    {
        private ulong s0, s1, s2, s3;

        public Xoshiro256(long seed, int stream)
        {
            ulong x = unchecked((ulong)seed ^ (0x9E3779B97F4A7C15UL * (ulong)(stream + 1)));
            s0 = SplitMix(ref x);
            s1 = SplitMix(ref x);
            s2 = SplitMix(ref x);
            s3 = SplitMix(ref x);
        }

        public ulong Next()
        {
            ulong result = ulong.RotateLeft(s1 * 5, 7) * 9;
            ulong t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = ulong.RotateLeft(s3, 45);
            return result;
        }

        /// <summary>A uniform integer in [0, n): Lemire's multiply-shift with rejection (no modulo bias).</summary>
        public int Below(uint n)
        {
            uint threshold = (0u - n) % n;
            while (true)
            {
                ulong m = (Next() >> 32) * n;
                if ((uint)m >= threshold)
                {
                    return (int)(m >> 32);
                }
            }
        }

        private static ulong SplitMix(ref ulong x)
        {
            ulong z = x += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
