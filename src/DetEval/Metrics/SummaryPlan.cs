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

    /// <summary>The buffer <see cref="Evaluate(Accumulation, int?, Span{double})"/> needs for <paramref name="categories"/> categories.</summary>
    public int BufferLength(int recallCount, int categories) =>
        thresholds.Length * (averagePrecision ? recallCount : 1) * categories * areas.Length * maxDets.Length;

    /// <summary>The line's value over one category (all when null); -1 when no entry is defined.</summary>
    /// <param name="arrays">The accumulated arrays.</param>
    /// <param name="categoryIndex">The category, or null for all.</param>
    /// <param name="buffer">Scratch of at least <see cref="BufferLength"/> doubles (overwritten).</param>
    public double Evaluate(Accumulation arrays, int? categoryIndex, Span<double> buffer) =>
        Gather(arrays, categoryIndex ?? 0, categoryIndex.HasValue ? 1 : arrays.K, [], buffer);

    /// <summary>
    /// The line's value over a subset of categories taken in the given order (the reference's <c>s[:, :, group, a]</c>
    /// with a list of category indices, as LVIS's frequency groups); -1 when no entry is defined.
    /// </summary>
    /// <param name="arrays">The accumulated arrays.</param>
    /// <param name="categories">The category indices.</param>
    /// <param name="buffer">Scratch of at least <see cref="BufferLength"/> doubles for that many categories (overwritten).</param>
    public double EvaluateSubset(Accumulation arrays, ReadOnlySpan<int> categories, Span<double> buffer) =>
        Gather(arrays, 0, categories.Length, categories, buffer);

    // The categories are list[0..count) when a list is given, else first..first+count.
    private double Gather(Accumulation arrays, int first, int count, ReadOnlySpan<int> list, Span<double> buffer)
    {
        int rCount = averagePrecision ? arrays.R : 1;
        int n = 0;
        // The flattening order of s[t, r, k, a, m] in C order, as the reference's s[s > -1].
        foreach (int t in thresholds)
        {
            for (int r = 0; r < rCount; r++)
            {
                for (int i = 0; i < count; i++)
                {
                    int k = list.IsEmpty ? first + i : list[i];
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
