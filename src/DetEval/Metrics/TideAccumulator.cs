using DetEval.Matching;

namespace DetEval.Metrics;

/// <summary>
/// tidecv 1.0.1's AP at the positive threshold and its oracle: the base mAP from the records in image order, and
/// the mAP of each fixed variant rebuilt from them (<c>TIDERun.fix_errors</c>), all in tidecv's percent and its
/// order of operations so that the numbers are its numbers to the last bit.
/// </summary>
internal static class TideAccumulator
{
    /// <summary>The variants computed: the six main error types fixed alone (in <see cref="TideErrorType"/> order), then the two special errors.</summary>
    public const int FalsePositiveVariant = 6;

    public const int FalseNegativeVariant = 7;

    private const int VariantCount = 8;

    /// <summary>tidecv's recall points <c>x / 100</c> for x = 0..100 (correctly rounded; not numpy's linspace).</summary>
    private static readonly double[] RecallPoints = BuildRecallPoints();

    public sealed record Outcome(
        double BaseMeanAp,
        double[] VariantMeanAp,
        int[] ErrorCounts,
        IReadOnlyList<TideClassResult> Classes);

    /// <summary>Computes everything from records in the dataset's image order.</summary>
    public static Outcome Compute(IReadOnlyList<TideImageRecord> records, IReadOnlyDictionary<long, string> names)
    {
        var baseline = new ApData();
        foreach (var record in records)
        {
            // Parity: per image, the ground-truth counts first (they create classes), then the detections in AP.
            foreach (long cls in record.TruthClass)
            {
                baseline.AddPositives(cls, 1);
            }

            for (int d = 0; d < record.DetectionCount; d++)
            {
                if (record.Outcome[d] != (byte)MatchFlag.Ignored)
                {
                    baseline.Push(record.DetectionClass[d], record.Scores[d], record.Outcome[d] == (byte)MatchFlag.TruePositive);
                }
            }
        }

        var variants = new double[VariantCount];
        Parallel.For(0, VariantCount, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, v =>
            variants[v] = Rebuild(records, baseline, v).MeanAp());
        return new Outcome(baseline.MeanAp(), variants, CountErrors(records), ClassRows(records, baseline, names));
    }

    /// <summary>
    /// <c>fix_errors</c>: a new AP data object holding first every error's data point (fixed or not, in the order the
    /// errors were found), then the original true positives class by class, then the ground-truth counts.
    /// </summary>
    private static ApData Rebuild(IReadOnlyList<TideImageRecord> records, ApData baseline, int variant)
    {
        var data = new ApData();
        bool scoresToTruth = variant == FalsePositiveVariant;
        var positives = baseline.Positives();
        foreach (var record in records)
        {
            for (int d = 0; d < record.DetectionCount; d++)
            {
                byte error = record.Error[d];
                if (error == TideImageRecord.NoError)
                {
                    continue;
                }

                long cls = record.DetectionClass[d];
                if (error == variant)
                {
                    // Fixed: a Cls or Loc error that is its target's best becomes a true positive (of the target's
                    // class for Cls, of its own for Loc); every other fixed error is removed.
                    int target = record.FixTarget[d];
                    if (target >= 0)
                    {
                        data.Push(error == (byte)TideErrorType.Classification ? record.TruthClass[target] : cls, record.Scores[d], true);
                    }
                }
                else if (record.Outcome[d] != (byte)MatchFlag.Ignored)
                {
                    // Parity: FalsePos scores every false positive 0 and every true positive 1.
                    data.Push(cls, scoresToTruth ? 0 : record.Scores[d], false);
                }
            }

            if (variant == (int)TideErrorType.Missed)
            {
                for (int g = 0; g < record.TruthCount; g++)
                {
                    if (record.TruthOutcome[g] == (byte)MatchFlag.Ignored)
                    {
                        positives[baseline.SlotOf(record.TruthClass[g])]--;
                    }
                }
            }
        }

        if (variant == FalseNegativeVariant)
        {
            // Every false negative (Missed or fixable) leaves the ground-truth count.
            foreach (var record in records)
            {
                for (int g = 0; g < record.TruthCount; g++)
                {
                    if (record.TruthOutcome[g] != (byte)MatchFlag.TruePositive)
                    {
                        positives[baseline.SlotOf(record.TruthClass[g])]--;
                    }
                }
            }
        }

        for (int k = 0; k < baseline.ClassCount; k++)
        {
            baseline.PushTruePositives(k, data, scoresToTruth);
        }

        for (int k = 0; k < baseline.ClassCount; k++)
        {
            data.AddPositives(baseline.ClassAt(k), positives[k]);
        }

        return data;
    }

    private static int[] CountErrors(IReadOnlyList<TideImageRecord> records)
    {
        var counts = new int[6];
        foreach (var record in records)
        {
            foreach (byte error in record.Error)
            {
                if (error != TideImageRecord.NoError)
                {
                    counts[error]++;
                }
            }

            foreach (byte outcome in record.TruthOutcome)
            {
                counts[(int)TideErrorType.Missed] += outcome == (byte)MatchFlag.Ignored ? 1 : 0;
            }
        }

        return counts;
    }

    private static TideClassResult[] ClassRows(IReadOnlyList<TideImageRecord> records, ApData baseline, IReadOnlyDictionary<long, string> names)
    {
        var errors = new Dictionary<long, int[]>();
        int[] ErrorsOf(long cls) => errors.TryGetValue(cls, out var e) ? e : errors[cls] = new int[6];
        foreach (var record in records)
        {
            for (int d = 0; d < record.DetectionCount; d++)
            {
                if (record.Error[d] != TideImageRecord.NoError)
                {
                    ErrorsOf(record.DetectionClass[d])[record.Error[d]]++;
                }
            }

            for (int g = 0; g < record.TruthCount; g++)
            {
                if (record.TruthOutcome[g] == (byte)MatchFlag.Ignored)
                {
                    ErrorsOf(record.TruthClass[g])[(int)TideErrorType.Missed]++;
                }
            }
        }

        var rows = new List<TideClassResult>();
        for (int k = 0; k < baseline.ClassCount; k++)
        {
            if (baseline.IsEmpty(k))
            {
                continue;
            }

            long cls = baseline.ClassAt(k);
            rows.Add(new TideClassResult(
                cls,
                names.TryGetValue(cls, out string? name) ? name : null,
                baseline.PositivesOf(k),
                baseline.CountOf(k),
                baseline.TruePositivesOf(k),
                baseline.ApOf(k) / 100,
                ErrorsOf(cls)));
        }

        rows.Sort((a, b) => a.CategoryId.CompareTo(b.CategoryId));
        return [.. rows];
    }

    /// <summary>
    /// A class's AP as tidecv's <c>APDataObject.get_ap</c> gives it, in percent: 0 without ground truth; otherwise the
    /// points stably sorted by descending score, <c>precision = tp / (tp + fp)</c> and <c>recall = tp / numGt</c>
    /// cumulated, precision made monotone and sampled at x/100 (first recall &gt;= x), summed left to right, / 101 * 100.
    /// </summary>
    internal static double ClassAp(ReadOnlySpan<double> scores, ReadOnlySpan<bool> truePositive, long positives)
    {
        if (positives == 0)
        {
            return 0;
        }

        int[] order = StableSort.ArgsortDescending(scores);
        var precision = new double[order.Length];
        var recall = new double[order.Length];
        long tp = 0, fp = 0;
        for (int i = 0; i < order.Length; i++)
        {
            if (truePositive[order[i]])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            precision[i] = tp / (double)(tp + fp);
            recall[i] = tp / (double)positives;
        }

        Span<double> samples = stackalloc double[RecallPoints.Length];
        AveragePrecision.SampleInterpolated(recall, precision, RecallPoints, samples);
        // Parity: Python's sum(), left to right, then / len * 100.
        double sum = 0;
        foreach (double s in samples)
        {
            sum += s;
        }

        return sum / samples.Length * 100;
    }

    private static double[] BuildRecallPoints()
    {
        var points = new double[101];
        for (int x = 0; x < points.Length; x++)
        {
            points[x] = x / 100.0;
        }

        return points;
    }

    /// <summary>tidecv's <c>ClassedAPDataObject</c>: classes in the order they were first touched, each with its points in push order.</summary>
    private sealed class ApData
    {
        private readonly Dictionary<long, int> slots = [];
        private readonly List<long> classes = [];
        private readonly List<long> positives = [];
        private readonly List<List<double>> scores = [];
        private readonly List<List<bool>> truePositive = [];

        public int ClassCount => classes.Count;

        public long ClassAt(int slot) => classes[slot];

        public int SlotOf(long cls)
        {
            if (!slots.TryGetValue(cls, out int slot))
            {
                slot = classes.Count;
                slots[cls] = slot;
                classes.Add(cls);
                positives.Add(0);
                scores.Add([]);
                truePositive.Add([]);
            }

            return slot;
        }

        public void AddPositives(long cls, long count) => positives[SlotOf(cls)] += count;

        public void Push(long cls, double score, bool tp)
        {
            int slot = SlotOf(cls);
            scores[slot].Add(score);
            truePositive[slot].Add(tp);
        }

        public long[] Positives() => [.. positives];

        public long PositivesOf(int slot) => positives[slot];

        public int CountOf(int slot) => scores[slot].Count;

        public int TruePositivesOf(int slot) => truePositive[slot].Count(t => t);

        public bool IsEmpty(int slot) => scores[slot].Count == 0 && positives[slot] == 0;

        /// <summary>Pushes this object's true positives of <paramref name="slot"/>, in push order, into <paramref name="target"/>.</summary>
        public void PushTruePositives(int slot, ApData target, bool scoreOne)
        {
            var s = scores[slot];
            var t = truePositive[slot];
            for (int i = 0; i < s.Count; i++)
            {
                if (t[i])
                {
                    target.Push(classes[slot], scoreOne ? 1 : s[i], true);
                }
            }
        }

        public double ApOf(int slot) =>
            ClassAp(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scores[slot]), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(truePositive[slot]), positives[slot]);

        /// <summary><c>get_mAP</c>: the classes that are not empty, their APs summed left to right in class order, over their count; 0 when there are none.</summary>
        public double MeanAp()
        {
            double sum = 0;
            int n = 0;
            for (int k = 0; k < classes.Count; k++)
            {
                if (!IsEmpty(k))
                {
                    sum += ApOf(k);
                    n++;
                }
            }

            // tidecv divides by zero here (no class at all); DetEval gives 0.
            return n == 0 ? 0 : sum / n;
        }
    }
}
