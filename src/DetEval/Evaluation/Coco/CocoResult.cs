using DetEval.Matching;
using DetEval.Metrics;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The outcome of a COCO-protocol evaluation: the reference's <c>precision</c>, <c>recall</c> and
/// <c>scores</c> arrays, the 12 summary stats and per-category stats.
/// </summary>
public sealed class CocoResult
{
    private readonly Accumulation arrays;

    private readonly IReadOnlyList<ImageMatch> records;
    private readonly MatchContext context;

    internal CocoResult(MatchContext context, IReadOnlyList<ImageMatch> records, Accumulation arrays, IReadOnlyList<(int Gt, int Crowd, int Dt)> counts)
    {
        CocoOptions options = context.Options;
        long[] categoryIds = context.CategoryIds;
        int imageCount = records.Count;
        this.context = context;
        this.records = records;
        Options = options;
        CategoryIds = categoryIds;
        this.arrays = arrays;
        ImageCount = imageCount;
        Stats = Summarize(null);
        bool keypoints = options.IouType == IouType.Keypoints;
        KeypointStats = keypoints ? SummarizeKeypoints(null) : null;
        var categories = new CategoryResult[categoryIds.Length];
        for (int k = 0; k < categoryIds.Length; k++)
        {
            categories[k] = new CategoryResult(categoryIds[k], Summarize(k), counts[k].Gt - counts[k].Crowd, counts[k].Crowd, counts[k].Dt)
            {
                KeypointStats = keypoints ? SummarizeKeypoints(k) : null,
            };
        }

        Categories = Array.AsReadOnly(categories);
    }

    /// <summary>The parameters used.</summary>
    public CocoOptions Options { get; }

    /// <summary>Per category: ground truths (crowd included), crowd ground truths and detections before the cut, over all records.</summary>
    internal static (int Gt, int Crowd, int Dt)[] CountsOf(IReadOnlyList<ImageMatch> records, int categoryCount)
    {
        var counts = new (int Gt, int Crowd, int Dt)[categoryCount];
        foreach (var record in records)
        {
            for (int c = 0; c < record.CellCount; c++)
            {
                ref var entry = ref counts[record.CellCategory[c]];
                entry.Gt += record.CellCounts[c * 3];
                entry.Crowd += record.CellCounts[(c * 3) + 1];
                entry.Dt += record.CellCounts[(c * 3) + 2];
            }
        }

        return counts;
    }

    /// <summary>Category ids in array order (sorted; <c>[-1]</c> when categories were not used).</summary>
    public IReadOnlyList<long> CategoryIds { get; }

    /// <summary>The number of images that took part.</summary>
    public int ImageCount { get; }

    /// <summary>
    /// The 12 summary stats (<c>COCOeval.stats</c> for bbox and segm). For keypoints, whose reference summary is
    /// <see cref="KeypointStats"/>, these are the detection stats at the last max-detections value (-1 for the small
    /// range and for AR at max-detections values not evaluated).
    /// </summary>
    public CocoStats Stats { get; }

    /// <summary>The 10 keypoint summary stats (<c>COCOeval.stats</c> for keypoints); null unless the IoU type is keypoints.</summary>
    public CocoKeypointStats? KeypointStats { get; }

    /// <summary>Per-category stats, in <see cref="CategoryIds"/> order.</summary>
    public IReadOnlyList<CategoryResult> Categories { get; }

    /// <summary>Shape of <see cref="Precision"/>: T, R, K, A, M.</summary>
    public (int T, int R, int K, int A, int M) Shape => (arrays.T, arrays.R, arrays.K, arrays.A, arrays.M);

    /// <summary><c>precision[T,R,K,A,M]</c> in C order; -1 where a category has no ground truth.</summary>
    public ReadOnlySpan<double> Precision => arrays.Precision;

    /// <summary><c>recall[T,K,A,M]</c> in C order; -1 where a category has no ground truth.</summary>
    public ReadOnlySpan<double> Recall => arrays.Recall;

    /// <summary><c>scores[T,R,K,A,M]</c>: the score at which each precision sample is reached.</summary>
    public ReadOnlySpan<double> Scores => arrays.Scores;

    /// <summary>One entry of <see cref="Precision"/>.</summary>
    public double PrecisionAt(int thresholdIndex, int recallIndex, int categoryIndex, int areaIndex, int maxDetIndex) =>
        arrays.Precision[arrays.PrecisionIndex(thresholdIndex, recallIndex, categoryIndex, areaIndex, maxDetIndex)];

    /// <summary>One entry of <see cref="Recall"/>.</summary>
    public double RecallAt(int thresholdIndex, int categoryIndex, int areaIndex, int maxDetIndex) =>
        arrays.Recall[arrays.RecallIndex(thresholdIndex, categoryIndex, areaIndex, maxDetIndex)];

    /// <summary>One entry of <see cref="Scores"/>.</summary>
    public double ScoreAt(int thresholdIndex, int recallIndex, int categoryIndex, int areaIndex, int maxDetIndex) =>
        arrays.Scores[arrays.PrecisionIndex(thresholdIndex, recallIndex, categoryIndex, areaIndex, maxDetIndex)];

    /// <summary>
    /// The raw ranked curve of one category at one IoU threshold, area range and max-detections value:
    /// every counted detection in the reference's order with its cumulative precision and recall.
    /// </summary>
    /// <param name="categoryIndex">Index into <see cref="CategoryIds"/>.</param>
    /// <param name="thresholdIndex">Index into the IoU thresholds.</param>
    /// <param name="areaIndex">Index into the area ranges (0: all).</param>
    /// <param name="maxDetIndex">Index into max detections (-1: the last).</param>
    public RankedCurve GetCurve(int categoryIndex, int thresholdIndex, int areaIndex = 0, int maxDetIndex = -1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(categoryIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(categoryIndex, arrays.K);
        int maxDet = Options.MaxDetections[maxDetIndex < 0 ? Options.MaxDetections.Count - 1 : maxDetIndex];
        var pooled = RecordPool.Pool(records, RecordPool.Cells.Build(records, arrays.K), categoryIndex, arrays.A, arrays.T);
        int stride = arrays.A * arrays.T;
        int offset = (areaIndex * arrays.T) + thresholdIndex;
        // The detections within max detections, in rank order, with their flag at this threshold and area range.
        var scores = new List<double>(pooled.Scores.Length);
        var flags = new List<byte>(pooled.Scores.Length);
        for (int i = 0; i < pooled.Scores.Length; i++)
        {
            if (pooled.Rank[i] < maxDet)
            {
                scores.Add(pooled.Scores[i]);
                flags.Add(pooled.Flags[(i * stride) + offset]);
            }
        }

        long positives = pooled.Positives[areaIndex];
        var (kept, precision, recall) = PrecisionRecallWalk.Curve(
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(flags), flags.Count, 1, 0, positives, PrecisionRecallWalk.PrecisionRule.Plain, keepIgnored: false, recallWithoutPositives: 0);
        return new RankedCurve(
            [.. kept.Select(i => scores[i])], precision, recall, [.. kept.Select(i => flags[i] == (byte)MatchFlag.TruePositive)], positives);
    }

    /// <summary>
    /// The reference's <c>_summarize</c>: the mean of the entries &gt; -1 of precision (or recall) at the
    /// given IoU threshold (all when null), area label and max-detections value, over one category
    /// (all when null); -1 when there are none.
    /// </summary>
    public double Summarize(bool averagePrecision, double? iouThreshold, string areaLabel, int maxDetections, int? categoryIndex = null)
    {
        int[] categories = categoryIndex is int k ? [k] : [.. Enumerable.Range(0, arrays.K)];
        return Summarize(averagePrecision, iouThreshold, areaLabel, maxDetections, categories);
    }

    /// <summary>
    /// <see cref="Summarize(bool, double?, string, int, int?)"/> over a subset of categories, taken in the given order
    /// (the reference's <c>s[:, :, group, a]</c> with a list of category indices).
    /// </summary>
    internal double Summarize(bool averagePrecision, double? iouThreshold, string areaLabel, int maxDetections, ReadOnlySpan<int> categories)
    {
        var o = Options;
        // Parity: np.where(iouThr == p.iouThrs) compares doubles exactly; labels and maxDets select by equality.
        var ts = Enumerable.Range(0, arrays.T).Where(t => iouThreshold is not double thr || o.IouThresholds[t] == thr).ToArray();
        var areas = Enumerable.Range(0, arrays.A).Where(a => o.AreaRanges[a].Label == areaLabel).ToArray();
        var maxDets = Enumerable.Range(0, arrays.M).Where(m => o.MaxDetections[m] == maxDetections).ToArray();
        int rCount = averagePrecision ? arrays.R : 1;
        var values = new double[ts.Length * rCount * categories.Length * areas.Length * maxDets.Length];
        int n = 0;
        // The flattening order of s[t, r, k, a, m] in C order, as the reference's s[s > -1].
        foreach (int t in ts)
        {
            for (int r = 0; r < rCount; r++)
            {
                foreach (int k in categories)
                {
                    foreach (int a in areas)
                    {
                        foreach (int m in maxDets)
                        {
                            values[n++] = averagePrecision ? PrecisionAt(t, r, k, a, m) : RecallAt(t, k, a, m);
                        }
                    }
                }
            }
        }

        return NumpyMath.MeanOfDefined(values);
    }

    private CocoKeypointStats SummarizeKeypoints(int? k)
    {
        // Parity: _summarizeKps reads every line at a literal maxDets=20.
        const int maxDets = 20;
        return new CocoKeypointStats(
            Summarize(true, null, "all", maxDets, k),
            Summarize(true, 0.5, "all", maxDets, k),
            Summarize(true, 0.75, "all", maxDets, k),
            Summarize(true, null, "medium", maxDets, k),
            Summarize(true, null, "large", maxDets, k),
            Summarize(false, null, "all", maxDets, k),
            Summarize(false, 0.5, "all", maxDets, k),
            Summarize(false, 0.75, "all", maxDets, k),
            Summarize(false, null, "medium", maxDets, k),
            Summarize(false, null, "large", maxDets, k));
    }

    private CocoStats Summarize(int? k)
    {
        var md = Options.MaxDetections;
        int third = md[Math.Min(2, md.Count - 1)];
        bool lastRule = Options.SummaryUsesLastMaxDetections || Options.IouType == IouType.Keypoints;
        // Parity: the reference reads AP at a literal maxDets=100 and the other "100" lines at maxDets[2].
        int apMax = lastRule ? md[^1] : 100;
        int last = lastRule ? md[^1] : third;
        return new CocoStats(
            Summarize(true, null, "all", apMax, k),
            Summarize(true, 0.5, "all", last, k),
            Summarize(true, 0.75, "all", last, k),
            Summarize(true, null, "small", last, k),
            Summarize(true, null, "medium", last, k),
            Summarize(true, null, "large", last, k),
            Summarize(false, null, "all", md[0], k),
            Summarize(false, null, "all", md[Math.Min(1, md.Count - 1)], k),
            Summarize(false, null, "all", last, k),
            Summarize(false, null, "small", last, k),
            Summarize(false, null, "medium", last, k),
            Summarize(false, null, "large", last, k));
    }
}
