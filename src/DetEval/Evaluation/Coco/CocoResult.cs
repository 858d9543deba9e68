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
    private CocoImageRecord[]? imageRecords;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Threshold, int Area, int MaxDet), Lazy<RankedCurve[]>> curves = new();

    internal CocoResult(MatchContext context, IReadOnlyList<ImageMatch> records, Accumulation arrays, IReadOnlyList<(int Gt, int Crowd, int Dt)> counts)
    {
        CocoOptions options = context.Options;
        long[] categoryIds = context.CategoryIds;
        int imageCount = records.Count;
        this.context = context;
        this.records = records;
        Options = options;
        CategoryIds = Array.AsReadOnly(categoryIds);
        this.arrays = arrays;
        ImageCount = imageCount;
        bool keypoints = options.IouType == IouType.Keypoints;
        var categories = new CategoryResult[categoryIds.Length];
        // The summary over all categories reads as many entries as every category's own together: one beside the other.
        CocoStats stats = null!;
        Parallel.Invoke(
            Parallelism.Options,
            () => stats = Summarize(null),
            () =>
            {
                for (int k = 0; k < categoryIds.Length; k++)
                {
                    categories[k] = new CategoryResult(categoryIds[k], Summarize(k), counts[k].Gt - counts[k].Crowd, counts[k].Crowd, counts[k].Dt)
                    {
                        KeypointStats = keypoints ? SummarizeKeypoints(k) : null,
                    };
                }
            });
        Stats = stats;
        KeypointStats = keypoints ? SummarizeKeypoints(null) : null;

        Categories = Array.AsReadOnly(categories);
        if (arrays.KeptCurves is { } kept)
        {
            curves[arrays.KeptCurveKey] = new Lazy<RankedCurve[]>(kept);
        }
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
        ArgumentOutOfRangeException.ThrowIfNegative(thresholdIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(thresholdIndex, arrays.T);
        ArgumentOutOfRangeException.ThrowIfNegative(areaIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(areaIndex, arrays.A);
        int m = maxDetIndex < 0 ? Options.MaxDetections.Count - 1 : maxDetIndex;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(m, arrays.M, nameof(maxDetIndex));
        var curve = SharedCurve(categoryIndex, thresholdIndex, areaIndex, m);
        // The caller's own arrays: a change to them does not reach the next call.
        return curve with { Scores = [.. curve.Scores], Precision = [.. curve.Precision], Recall = [.. curve.Recall], TruePositive = [.. curve.TruePositive] };
    }

    /// <summary>
    /// <see cref="GetCurve"/> without the copy, for readers that do not change it (reports): the kept instance, which
    /// every later call returns too. The indices are checked by the caller.
    /// </summary>
    internal RankedCurve SharedCurve(int categoryIndex, int thresholdIndex, int areaIndex, int maxDetIndex)
    {
        // Every category's curve at once, in one pass over the records, kept for the next call (reports ask for each
        // category in turn).
        var all = curves.GetOrAdd((thresholdIndex, areaIndex, maxDetIndex), key => new Lazy<RankedCurve[]>(() => Curves(key.Threshold, key.Area, key.MaxDet)));
        return all.Value[categoryIndex];
    }

    /// <summary>Whether every category's ranked curve at these indices is made already (kept from the accumulation, or asked for before).</summary>
    internal bool CurvesReady(int thresholdIndex, int areaIndex, int maxDetIndex) =>
        curves.TryGetValue((thresholdIndex, areaIndex, maxDetIndex), out var all) && all.IsValueCreated;

    private RankedCurve[] Curves(int thresholdIndex, int areaIndex, int maxDetIndex)
    {
        int maxDet = Options.MaxDetections[maxDetIndex];
        int stride = arrays.A * arrays.T;
        int offset = (areaIndex * arrays.T) + thresholdIndex;
        var result = new RankedCurve[arrays.K];
        RecordPool.ForEachCategory(records, arrays.K, arrays.A, arrays.T, (k, pooled) =>
        {
            result[k] = RankedCurve.Of(pooled, stride, offset, maxDet, areaIndex);
        }, rented: true);
        return result;
    }

    /// <summary>The index of the evaluated IoU threshold nearest to <paramref name="iouThreshold"/> (the first on ties).</summary>
    /// <param name="iouThreshold">An IoU threshold.</param>
    /// <returns>An index into the IoU thresholds.</returns>
    public int IouThresholdIndex(double iouThreshold) => Options.IouThresholdIndex(iouThreshold);

    /// <summary>
    /// The interpolated precision-recall curve of one category at the recall thresholds (a slice of
    /// <see cref="Precision"/> at the last max-detections value), or its mean over every IoU threshold; null where the
    /// category has no ground truth (-1).
    /// </summary>
    /// <param name="categoryIndex">Index into <see cref="CategoryIds"/>.</param>
    /// <param name="thresholdIndex">Index into the IoU thresholds, or null for the mean over them.</param>
    /// <param name="areaIndex">Index into the area ranges (0: all).</param>
    /// <returns>One precision per recall threshold, or null.</returns>
    public double[]? GetInterpolatedCurve(int categoryIndex, int? thresholdIndex, int areaIndex = 0)
    {
        int t0 = thresholdIndex ?? 0, t1 = thresholdIndex is int t ? t + 1 : arrays.T;
        var values = new double[arrays.R];
        for (int recallIndex = 0; recallIndex < arrays.R; recallIndex++)
        {
            double sum = 0;
            for (int ti = t0; ti < t1; ti++)
            {
                double p = PrecisionAt(ti, recallIndex, categoryIndex, areaIndex, arrays.M - 1);
                if (p < 0)
                {
                    return null;
                }

                sum += p;
            }

            values[recallIndex] = sum / (t1 - t0);
        }

        return values;
    }

    /// <summary>
    /// Percentile bootstrap intervals of the 12 stats, overall and per category, from this result's kept match records
    /// (no matching again): see <see cref="BootstrapResult"/> for the method and its assumptions.
    /// </summary>
    /// <param name="options">Resamples, seed and confidence; the defaults when null (1000, seed 0, 0.95).</param>
    /// <returns>The intervals; deterministic for a seed, whatever the number of threads.</returns>
    public BootstrapResult Bootstrap(BootstrapOptions? options = null)
    {
        options ??= new BootstrapOptions();
        options.Validate();
        var resampling = new CocoResampling(records, context);
        var samples = Resampler.Run(records.Count, resampling.MetricCount, options, resampling.CreateScratch, (w, scratch, row) => resampling.Evaluate(w, scratch, row));
        return new BootstrapResult(options, CocoStats.Names, CategoryIds, MetricValues(), samples, minusOneUndefined: true);
    }

    /// <summary>
    /// Every image's own numbers (see <see cref="CocoImageRecord"/> for the definitions): per image in ascending id,
    /// a row for the image as a whole, then one per category present in it (ground truth or detections), in category order.
    /// </summary>
    /// <returns>The rows, from the kept match records (no matching again); computed once, then the same list (images.csv and report.html share it).</returns>
    public IReadOnlyList<CocoImageRecord> ImageRecords() => LazyInitializer.EnsureInitialized(ref imageRecords, ComputeImageRecords);

    private CocoImageRecord[] ComputeImageRecords()
    {
        var plans = SummaryPlan.Stats(Options);
        int at50 = IndexOfThreshold(0.5), at75 = IndexOfThreshold(0.75);
        int all = Math.Max(0, Options.AreaRanges.ToList().FindIndex(a => a.Label == "all"));
        var rows = new CocoImageRecord[records.Count][];
        Parallel.For(0, records.Count, Parallelism.Options, i =>
        {
            var record = records[i];
            var stats = ImageSummary.Stats(record, context, plans);
            var image = new CocoImageRecord[record.CellCount + 1];
            int gt = 0, dets = 0;
            var sum = new int[6];
            for (int c = 0; c < record.CellCount; c++)
            {
                var (tp50, fp50, fn50) = at50 < 0 ? default : ImageSummary.Counts(record, context, c, at50, all);
                var (tp75, fp75, fn75) = at75 < 0 ? default : ImageSummary.Counts(record, context, c, at75, all);
                int positives = record.PositiveCount[(c * context.AreaCount) + all];
                int kept = record.CellStart[c + 1] - record.CellStart[c];
                gt += positives;
                dets += kept;
                int[] counts = [tp50, fp50, fn50, tp75, fp75, fn75];
                for (int j = 0; j < 6; j++)
                {
                    sum[j] += counts[j];
                }

                image[c + 1] = Row(record.ImageId, CategoryIds[record.CellCategory[c]], positives, kept, counts, at50, at75, stats[c + 1]);
            }

            image[0] = Row(record.ImageId, null, gt, dets, sum, at50, at75, stats[0]);
            rows[i] = image;
        });
        return [.. rows.SelectMany(r => r)];
    }

    private static CocoImageRecord Row(long imageId, long? categoryId, int gt, int dets, int[] c, int at50, int at75, double[] stats) => new(
        imageId, categoryId, gt, dets,
        at50 < 0 ? null : c[0], at50 < 0 ? null : c[1], at50 < 0 ? null : c[2],
        at75 < 0 ? null : c[3], at75 < 0 ? null : c[4], at75 < 0 ? null : c[5],
        stats[0], stats[1], stats[2]);

    private int IndexOfThreshold(double threshold)
    {
        for (int t = 0; t < Options.IouThresholds.Count; t++)
        {
            // Parity: thresholds are selected by exact equality, as _summarize does.
            if (Options.IouThresholds[t] == threshold)
            {
                return t;
            }
        }

        return -1;
    }

    /// <summary>The stats, then each category's, as the bootstrap lays out a resample's metrics.</summary>
    internal double[] MetricValues() => [.. Stats.ToArray(), .. Categories.SelectMany(c => c.Stats.ToArray())];

    internal IReadOnlyList<ImageMatch> Records => records;

    internal MatchContext Context => context;

    /// <summary>
    /// The reference's <c>_summarize</c>: the mean of the entries &gt; -1 of precision (or recall) at the
    /// given IoU threshold (all when null), area label and max-detections value, over one category
    /// (all when null); -1 when there are none.
    /// </summary>
    public double Summarize(bool averagePrecision, double? iouThreshold, string areaLabel, int maxDetections, int? categoryIndex = null)
    {
        var plan = SummaryPlan.Of(Options, averagePrecision, iouThreshold, areaLabel, maxDetections);
        return plan.Evaluate(arrays, categoryIndex, new double[plan.BufferLength(arrays.R, categoryIndex.HasValue ? 1 : arrays.K)]);
    }

    /// <summary>
    /// <see cref="Summarize(bool, double?, string, int, int?)"/> over a subset of categories, taken in the given order
    /// (the reference's <c>s[:, :, group, a]</c> with a list of category indices).
    /// </summary>
    internal double Summarize(bool averagePrecision, double? iouThreshold, string areaLabel, int maxDetections, ReadOnlySpan<int> categories)
    {
        var plan = SummaryPlan.Of(Options, averagePrecision, iouThreshold, areaLabel, maxDetections);
        return plan.EvaluateCategories(arrays, categories, new double[plan.BufferLength(arrays.R, categories.Length)]);
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
        var plans = SummaryPlan.Stats(Options);
        var buffer = new double[plans.Max(p => p.BufferLength(arrays.R, k.HasValue ? 1 : arrays.K))];
        return CocoStats.FromArray([.. plans.Select(p => p.Evaluate(arrays, k, buffer))]);
    }
}
