namespace DetEval.Metrics;

/// <summary>
/// The one cumulative precision-recall walk: over ranked detections, the running true and false positive counts give
/// <c>recall = tp / positives</c> and the protocol's precision (<see cref="Precision"/>). <see cref="Curve"/> gives
/// every point (VOC, the ranked curves of reports and plots); an instance samples COCO's interpolated curve at
/// recall thresholds for every IoU threshold in one pass, touching only the true positives.
/// </summary>
/// <remarks>
/// The reference builds, per detection i, <c>rc[i] = tp/npos</c> and <c>pr[i] = tp/(fp + tp + eps)</c>,
/// makes <c>pr</c> non-increasing from the right, and for a threshold r takes <c>pr[j]</c> at the first
/// j with <c>rc[j] &gt;= r</c>. Recall only grows at a true positive, and between true positives
/// precision only falls (a false positive) or stays (an ignored detection), so the right-to-left
/// maximum from any point is the maximum over the true positives from there on, and the first j
/// reaching a threshold r &gt; 0 is the k-th true positive for the smallest k with <c>k/npos &gt;= r</c>.
/// The values compared and returned are the same doubles the reference computes.
/// </remarks>
internal sealed class PrecisionRecallWalk
{
    private readonly int thresholdCount;
    private readonly int[] truePositives;
    private readonly int[][] eventPosition;
    private readonly double[][] eventPrecision;
    private int count;

    /// <summary>How a protocol turns cumulative counts into precision.</summary>
    internal enum PrecisionRule
    {
        /// <summary>pycocotools: <c>tp / (fp + tp + np.spacing(1))</c>.</summary>
        CocoSpacing,

        /// <summary>The VOC devkit: <c>tp / np.maximum(tp + fp, np.finfo(np.float64).eps)</c>.</summary>
        VocMaxEps,

        /// <summary>Plain <c>tp / (tp + fp)</c> (the ranked curves of reports, where every point has a detection).</summary>
        Plain,
    }

    /// <summary>The precision of cumulative counts under <paramref name="rule"/>.</summary>
    /// <remarks>Inlined where called: the walk calls it once per true positive and threshold, with a constant rule.</remarks>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static double Precision(double tp, double fp, PrecisionRule rule) => rule switch
    {
        PrecisionRule.CocoSpacing => tp / (fp + tp + NumpyMath.Spacing1),
        PrecisionRule.VocMaxEps => tp / Math.Max(tp + fp, NumpyMath.Spacing1),
        _ => tp / (tp + fp),
    };

    /// <summary>
    /// Every point of a ranked list: after detection i (flag <c>flags[i * stride + offset]</c>), the cumulative
    /// precision and recall. An ignored detection either keeps its point, repeating the counts (VOC's difficult
    /// objects, <paramref name="keepIgnored"/>), or is left out (COCO).
    /// </summary>
    /// <param name="flags">The ranked flags.</param>
    /// <param name="count">How many ranked detections.</param>
    /// <param name="stride">Flags per detection.</param>
    /// <param name="offset">Which flag of each detection (threshold and area range).</param>
    /// <param name="positives">The ground truths that count.</param>
    /// <param name="rule">The precision formula.</param>
    /// <param name="keepIgnored">Whether ignored detections keep a point.</param>
    /// <param name="recallWithoutPositives">Null: <c>tp / positives</c> even when there are none (NaN, as numpy);
    /// otherwise the recall to report when there are no positives.</param>
    /// <returns>The kept positions (indices into the ranked list), precision and recall per kept point.</returns>
    public static (int[] Kept, double[] Precision, double[] Recall) Curve(
        ReadOnlySpan<byte> flags, int count, int stride, int offset, long positives, PrecisionRule rule, bool keepIgnored, double? recallWithoutPositives = null)
    {
        int kept = 0;
        for (int i = 0; i < count; i++)
        {
            kept += keepIgnored || flags[(i * stride) + offset] != (byte)MatchFlag.Ignored ? 1 : 0;
        }

        var positions = new int[kept];
        var precision = new double[kept];
        var recall = new double[kept];
        double npos = positives;
        double tp = 0, fp = 0;
        int point = 0;
        for (int i = 0; i < count; i++)
        {
            byte flag = flags[(i * stride) + offset];
            if (flag == (byte)MatchFlag.Ignored && !keepIgnored)
            {
                continue;
            }

            tp += flag == (byte)MatchFlag.TruePositive ? 1 : 0;
            fp += flag == (byte)MatchFlag.FalsePositive ? 1 : 0;
            positions[point] = i;
            precision[point] = Precision(tp, fp, rule);
            // Parity (VOC): rec = tp / float(npos), NaN or inf when npos is 0.
            recall[point] = positives == 0 && recallWithoutPositives is double r ? r : tp / npos;
            point++;
        }

        return (positions, precision, recall);
    }

    /// <summary>Row kind: a false positive at every threshold.</summary>
    public const byte AllFalsePositive = 0;

    /// <summary>Row kind: ignored at every threshold.</summary>
    public const byte AllIgnored = 2;

    /// <summary>Row kind: anything else.</summary>
    public const byte Mixed = 1;

    /// <summary>
    /// The kind of one detection's flags at one area range: <see cref="KindOfLoop"/>, with a row of 8 to 16 flags (COCO's
    /// 10 thresholds) compared as two overlapping words.
    /// </summary>
    public static byte KindOf(ReadOnlySpan<byte> row)
    {
        if (row.Length is < 8 or > 16)
        {
            return KindOfLoop(row);
        }

        byte first = row[0];
        ulong same = 0x0101010101010101UL * first;
        bool uniform = System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(row) == same
            && System.Runtime.InteropServices.MemoryMarshal.Read<ulong>(row[^8..]) == same;
        return first == 1 || !uniform ? Mixed : first == 0 ? AllFalsePositive : AllIgnored;
    }

    /// <summary>The kind of one detection's flags at one area range, flag by flag (the specification of <see cref="KindOf"/>).</summary>
    internal static byte KindOfLoop(ReadOnlySpan<byte> row)
    {
        byte first = row[0];
        if (first == 1)
        {
            return Mixed;
        }

        for (int t = 1; t < row.Length; t++)
        {
            if (row[t] != first)
            {
                return Mixed;
            }
        }

        return first == 0 ? AllFalsePositive : AllIgnored;
    }

    public PrecisionRecallWalk(int thresholdCount, int maxTruePositives)
    {
        this.thresholdCount = thresholdCount;
        truePositives = new int[thresholdCount];
        eventPosition = new int[thresholdCount][];
        eventPrecision = new double[thresholdCount][];
        for (int t = 0; t < thresholdCount; t++)
        {
            eventPosition[t] = new int[maxTruePositives];
            eventPrecision[t] = new double[maxTruePositives];
        }

        Capacity = maxTruePositives;
    }

    [ThreadStatic]
    private static PrecisionRecallWalk? perThread;

    /// <summary>
    /// A walk for this thread's use until its next call: the one made before when it has the thresholds and room
    /// enough (a large category's arrays are large objects, and allocating them per category triggers full
    /// collections), otherwise a new one, kept for the next call.
    /// </summary>
    public static PrecisionRecallWalk ForThisThread(int thresholdCount, int maxTruePositives)
    {
        if (perThread is { } walk && walk.thresholdCount == thresholdCount && walk.Capacity >= maxTruePositives)
        {
            return walk;
        }

        return perThread = new PrecisionRecallWalk(thresholdCount, Math.Max(maxTruePositives, perThread?.Capacity ?? 0));
    }

    /// <summary>The most true positives one walk can hold (the constructor's <c>maxTruePositives</c>).</summary>
    public int Capacity { get; }

    /// <summary>
    /// Walks the detections at <paramref name="selected"/> (score order); detection i's flag at threshold
    /// t is <c>flags[i * stride + offset + t]</c> and its row kind <c>kinds[i * kindStride + kindOffset]</c>. Records each true positive's position and precision,
    /// then turns the precisions into suffix maxima.
    /// </summary>
    public void Walk(ReadOnlySpan<byte> flags, ReadOnlySpan<byte> kinds, int stride, int offset, int kindStride, int kindOffset, ReadOnlySpan<int> selected)
    {
        count = selected.Length;
        // A false positive at every threshold (the common case) only bumps a shared count; the
        // false positives of threshold t are sharedFalsePositives + falsePositives[t].
        int sharedFalsePositives = 0;
        Span<int> falsePositives = stackalloc int[thresholdCount];
        falsePositives.Clear();
        truePositives.AsSpan().Clear();
        for (int i = 0; i < selected.Length; i++)
        {
            byte kind = kinds[(selected[i] * kindStride) + kindOffset];
            // One branch, on whether the row is mixed: an all-false-positive row only adds to the shared count.
            sharedFalsePositives += kind == AllFalsePositive ? 1 : 0;
            if (kind != Mixed)
            {
                continue;
            }

            var row = flags.Slice((selected[i] * stride) + offset, thresholdCount);
            for (int t = 0; t < row.Length; t++)
            {
                byte flag = row[t];
                if (flag == 0)
                {
                    falsePositives[t]++;
                }
                else if (flag == 1)
                {
                    int tp = ++truePositives[t];
                    double tpSum = tp;
                    double fpSum = sharedFalsePositives + falsePositives[t];
                    eventPosition[t][tp - 1] = i;
                    eventPrecision[t][tp - 1] = Precision(tpSum, fpSum, PrecisionRule.CocoSpacing);
                }
            }
        }

        for (int t = 0; t < thresholdCount; t++)
        {
            SuffixMaxima(eventPrecision[t].AsSpan(0, truePositives[t]));
        }
    }

    /// <summary>
    /// The reference's <c>if pr[i] &gt; pr[i-1]: pr[i-1] = pr[i]</c> from the right, with the running maximum held in a
    /// register rather than read back from the element just written (a store-to-load wait per element). The same
    /// values: precisions here are positive numbers, never NaN.
    /// </summary>
    internal static void SuffixMaxima(Span<double> precision)
    {
        if (precision.Length == 0)
        {
            return;
        }

        double running = precision[^1];
        for (int k = precision.Length - 2; k >= 0; k--)
        {
            double p = precision[k];
            running = p > running ? p : running;
            precision[k] = running;
        }
    }

    /// <summary>The recall after the last detection (<c>rc[-1]</c>), or 0 when there are none.</summary>
    public double FinalRecall(int thresholdIndex, long positives) =>
        count > 0 ? truePositives[thresholdIndex] / (double)positives : 0;

    /// <summary>
    /// The interpolated precision at recall threshold <paramref name="recall"/> and the position (in the
    /// walked list) whose score the reference reports; false when no detection reaches that recall.
    /// </summary>
    public bool Sample(int thresholdIndex, long positives, double recall, out double precision, out int position)
    {
        int tp = truePositives[thresholdIndex];
        double npig = positives;
        if (count == 0)
        {
            precision = 0;
            position = -1;
            return false;
        }

        if (!(0.0 / npig < recall))
        {
            // rc[0] >= r: the first detection; its precision is 0 unless it is a true positive, and the
            // maximum to its right is the first true positive's suffix maximum.
            position = 0;
            precision = tp > 0 ? eventPrecision[thresholdIndex][0] : 0;
            return true;
        }

        // The smallest k >= 1 with k / npos >= r.
        long k = Math.Max(1, (long)Math.Ceiling(recall * npig) - 1);
        while (k / npig < recall)
        {
            k++;
        }

        while (k > 1 && !((k - 1) / npig < recall))
        {
            k--;
        }

        if (k > tp)
        {
            precision = 0;
            position = -1;
            return false;
        }

        position = eventPosition[thresholdIndex][k - 1];
        precision = eventPrecision[thresholdIndex][k - 1];
        return true;
    }
}
