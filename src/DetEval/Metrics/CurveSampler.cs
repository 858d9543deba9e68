namespace DetEval.Metrics;

/// <summary>
/// Samples the reference's interpolated precision-recall curve at recall thresholds, for every IoU
/// threshold in one pass over the ranked detections, touching only the true positives.
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
internal sealed class CurveSampler
{
    private readonly int thresholdCount;
    private readonly int[] truePositives;
    private readonly int[][] eventPosition;
    private readonly double[][] eventPrecision;
    private int count;

    /// <summary>Row kind: a false positive at every threshold.</summary>
    public const byte AllFalsePositive = 0;

    /// <summary>Row kind: ignored at every threshold.</summary>
    public const byte AllIgnored = 2;

    /// <summary>Row kind: anything else.</summary>
    public const byte Mixed = 1;

    /// <summary>The kind of one detection's flags at one area range.</summary>
    public static byte KindOf(ReadOnlySpan<byte> row)
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

    public CurveSampler(int thresholdCount, int maxTruePositives)
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
            if (kind == AllFalsePositive)
            {
                sharedFalsePositives++;
                continue;
            }

            if (kind == AllIgnored)
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
                    eventPrecision[t][tp - 1] = tpSum / (fpSum + tpSum + NumpyMath.Spacing1);
                }
            }
        }

        for (int t = 0; t < thresholdCount; t++)
        {
            var precision = eventPrecision[t];
            for (int k = truePositives[t] - 1; k > 0; k--)
            {
                if (precision[k] > precision[k - 1])
                {
                    precision[k - 1] = precision[k];
                }
            }
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
