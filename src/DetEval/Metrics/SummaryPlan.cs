namespace DetEval.Metrics;

/// <summary>
/// One line of the reference's <c>_summarize</c>, resolved once against the options: precision or recall, the
/// IoU thresholds, area ranges and max-detections values it selects. Evaluating it gathers the selected entries of
/// the accumulated arrays in C order (<c>s[t, r, k, a, m]</c>, as <c>s[s &gt; -1]</c> flattens them) and takes
/// <see cref="NumpyMath.MeanOfDefined"/>.
/// </summary>
internal sealed class SummaryPlan
{
    private readonly bool averagePrecision;
    private readonly int[] thresholds;
    private readonly int[] areas;
    private readonly int[] maxDets;

    private SummaryPlan(bool averagePrecision, int[] thresholds, int[] areas, int[] maxDets)
    {
        this.averagePrecision = averagePrecision;
        this.thresholds = thresholds;
        this.areas = areas;
        this.maxDets = maxDets;
    }

    public static SummaryPlan Of(CocoOptions o, bool averagePrecision, double? iouThreshold, string areaLabel, int maxDetections) => new(
        averagePrecision,
        // Parity: np.where(iouThr == p.iouThrs) compares doubles exactly; labels and maxDets select by equality.
        [.. Enumerable.Range(0, o.IouThresholds.Count).Where(t => iouThreshold is not double thr || o.IouThresholds[t] == thr)],
        [.. Enumerable.Range(0, o.AreaRanges.Count).Where(a => o.AreaRanges[a].Label == areaLabel)],
        [.. Enumerable.Range(0, o.MaxDetections.Count).Where(m => o.MaxDetections[m] == maxDetections)]);

    /// <summary>The 12 lines of <c>COCOeval.summarize</c>, in <see cref="CocoStats.Names"/> order.</summary>
    public static SummaryPlan[] Stats(CocoOptions o)
    {
        var md = o.MaxDetections;
        int third = md[Math.Min(2, md.Count - 1)];
        bool lastRule = o.SummaryUsesLastMaxDetections || o.IouType == IouType.Keypoints;
        // Parity: the reference reads AP at a literal maxDets=100 and the other "100" lines at maxDets[2].
        int apMax = lastRule ? md[^1] : 100;
        int last = lastRule ? md[^1] : third;
        return
        [
            Of(o, true, null, "all", apMax),
            Of(o, true, 0.5, "all", last),
            Of(o, true, 0.75, "all", last),
            Of(o, true, null, "small", last),
            Of(o, true, null, "medium", last),
            Of(o, true, null, "large", last),
            Of(o, false, null, "all", md[0]),
            Of(o, false, null, "all", md[Math.Min(1, md.Count - 1)]),
            Of(o, false, null, "all", last),
            Of(o, false, null, "small", last),
            Of(o, false, null, "medium", last),
            Of(o, false, null, "large", last),
        ];
    }

    /// <summary>The buffer <see cref="Evaluate"/> needs for <paramref name="categories"/> categories.</summary>
    public int BufferLength(int recallCount, int categories) =>
        thresholds.Length * (averagePrecision ? recallCount : 1) * categories * areas.Length * maxDets.Length;

    /// <summary>The line's value over one category (all when null); -1 when no entry is defined.</summary>
    /// <param name="arrays">The accumulated arrays.</param>
    /// <param name="categoryIndex">The category, or null for all.</param>
    /// <param name="buffer">Scratch of at least <see cref="BufferLength"/> doubles (overwritten).</param>
    public double Evaluate(Accumulation arrays, int? categoryIndex, Span<double> buffer)
    {
        int k0 = categoryIndex ?? 0, k1 = categoryIndex.HasValue ? categoryIndex.Value + 1 : arrays.K;
        Span<int> all = k1 - k0 <= 256 ? stackalloc int[k1 - k0] : new int[k1 - k0];
        for (int k = k0; k < k1; k++)
        {
            all[k - k0] = k;
        }

        return EvaluateCategories(arrays, all, buffer);
    }

    /// <summary>The line's value over a list of categories, taken in the given order; -1 when no entry is defined.</summary>
    /// <param name="arrays">The accumulated arrays.</param>
    /// <param name="categories">The category indices (the reference's <c>s[:, :, group, a]</c> with a list).</param>
    /// <param name="buffer">Scratch of at least <see cref="BufferLength"/> doubles (overwritten).</param>
    public double EvaluateCategories(Accumulation arrays, ReadOnlySpan<int> categories, Span<double> buffer)
    {
        int rCount = averagePrecision ? arrays.R : 1;
        int n = 0;
        foreach (int t in thresholds)
        {
            for (int r = 0; r < rCount; r++)
            {
                foreach (int k in categories)
                {
                    foreach (int a in areas)
                    {
                        foreach (int m in maxDets)
                        {
                            buffer[n++] = averagePrecision ? arrays.Precision[arrays.PrecisionIndex(t, r, k, a, m)] : arrays.Recall[arrays.RecallIndex(t, k, a, m)];
                        }
                    }
                }
            }
        }

        return NumpyMath.MeanOfDefinedInPlace(buffer[..n]);
    }
}
