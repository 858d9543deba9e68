using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// A raw precision-recall curve: one point per detection in score order (ignored detections left
/// out), before any interpolation. Used for plots and for choosing a confidence threshold.
/// </summary>
/// <param name="Scores">The detection scores, descending.</param>
/// <param name="Precision">Cumulative precision after each detection, <c>tp / (tp + fp)</c>.</param>
/// <param name="Recall">Cumulative recall after each detection, <c>tp / positives</c>.</param>
/// <param name="TruePositive">Whether each detection is a true positive.</param>
/// <param name="Positives">The number of ground truths that count.</param>
public sealed record RankedCurve(double[] Scores, double[] Precision, double[] Recall, bool[] TruePositive, long Positives)
{
    /// <summary>
    /// One category's curve from its pooled records: the detections within <paramref name="maxDet"/>, in rank order, with
    /// their flag at <c>flags[i * stride + offset]</c> (one threshold and area range), ignored ones left out.
    /// </summary>
    internal static RankedCurve Of(RecordPool.PooledCategory pooled, int stride, int offset, int maxDet, int areaIndex)
    {
        // The selected detections' positions and flags, in rented buffers (a large category's would be large objects).
        int n = pooled.Count;
        var selected = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        var flags = System.Buffers.ArrayPool<byte>.Shared.Rent(n);
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            if (pooled.Rank[i] < maxDet)
            {
                selected[count] = i;
                flags[count++] = pooled.Flags[(i * stride) + offset];
            }
        }

        long positives = pooled.Positives[areaIndex];
        var (kept, precision, recall) = PrecisionRecallWalk.Curve(
            flags.AsSpan(0, count), count, 1, 0, positives, PrecisionRecallWalk.PrecisionRule.Plain, keepIgnored: false, recallWithoutPositives: 0);
        var scores = new double[kept.Length];
        var truePositive = new bool[kept.Length];
        for (int j = 0; j < kept.Length; j++)
        {
            scores[j] = pooled.Scores[selected[kept[j]]];
            truePositive[j] = flags[kept[j]] == (byte)MatchFlag.TruePositive;
        }

        System.Buffers.ArrayPool<int>.Shared.Return(selected);
        System.Buffers.ArrayPool<byte>.Shared.Return(flags);
        return new RankedCurve(scores, precision, recall, truePositive, positives);
    }

    /// <summary>F1 at each point: <c>2PR / (P + R)</c>, 0 where both are 0.</summary>
    public double[] F1()
    {
        var f1 = new double[Precision.Length];
        for (int i = 0; i < f1.Length; i++)
        {
            f1[i] = F1Of(Precision[i], Recall[i]);
        }

        return f1;
    }

    /// <summary>F1 of one point: <c>2PR / (P + R)</c>, 0 where both are 0.</summary>
    internal static double F1Of(double p, double r) => p + r > 0 ? 2 * p * r / (p + r) : 0;

    /// <summary>The index of the point with the highest F1 (the first on ties), or -1 for an empty curve.</summary>
    public int BestF1Index()
    {
        int best = -1;
        double bestF1 = 0;
        for (int i = 0; i < Precision.Length; i++)
        {
            double f1 = F1Of(Precision[i], Recall[i]);
            if (best < 0 || f1 > bestF1)
            {
                (best, bestF1) = (i, f1);
            }
        }

        return best;
    }
}
