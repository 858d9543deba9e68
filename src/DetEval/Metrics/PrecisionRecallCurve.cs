namespace DetEval.Metrics;

/// <summary>
/// The cumulative precision and recall of a ranked list of detections, with the reference's
/// formulas: <c>recall = tp / npos</c>, <c>precision = tp / (fp + tp + eps)</c>.
/// </summary>
internal sealed class PrecisionRecallCurve
{
    private double[] recall;
    private double[] precision;

    public PrecisionRecallCurve(int capacity)
    {
        recall = new double[capacity];
        precision = new double[capacity];
    }

    /// <summary>The number of points (detections, ignored ones included).</summary>
    public int Count { get; private set; }

    public ReadOnlySpan<double> Recall => recall.AsSpan(0, Count);

    public ReadOnlySpan<double> Precision => precision.AsSpan(0, Count);

    /// <summary>The recall at the end of the list, or 0 for an empty list.</summary>
    public double FinalRecall => Count > 0 ? recall[Count - 1] : 0;

    /// <summary>
    /// Builds the curve over the detections at <paramref name="selected"/> (sorted by score); the flag of
    /// detection i is <c>flags[i * stride + offset]</c>. Ignored detections add a point that repeats the last.
    /// </summary>
    public void Build(ReadOnlySpan<byte> flags, int stride, int offset, ReadOnlySpan<int> selected, long positives)
    {
        int n = selected.Length;
        if (recall.Length < n)
        {
            recall = new double[n];
            precision = new double[n];
        }

        Count = n;
        double npig = positives;
        long tp = 0, fp = 0;
        for (int i = 0; i < n; i++)
        {
            byte flag = flags[(selected[i] * stride) + offset];
            tp += flag == 1 ? 1 : 0;
            fp += flag == 0 ? 1 : 0;
            double tpSum = tp;
            double fpSum = fp;
            recall[i] = tpSum / npig;
            precision[i] = tpSum / (fpSum + tpSum + NumpyMath.Spacing1);
        }
    }

    /// <summary>Makes precision non-increasing from the right: <c>pr[i-1] = max(pr[i-1], pr[i])</c>.</summary>
    public void MakeMonotone()
    {
        for (int i = Count - 1; i > 0; i--)
        {
            if (precision[i] > precision[i - 1])
            {
                precision[i - 1] = precision[i];
            }
        }
    }

    /// <summary>
    /// <c>np.searchsorted(recall, threshold, side='left')</c>: the first point whose recall reaches the
    /// threshold, or -1 when none does.
    /// </summary>
    public int SearchRecall(double threshold)
    {
        int lo = 0, hi = Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (recall[mid] < threshold)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo < Count ? lo : -1;
    }
}
