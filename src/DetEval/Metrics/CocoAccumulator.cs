using DetEval.Matching;

namespace DetEval.Metrics;

/// <summary>
/// The reference's <c>accumulate</c>: per category, area range and max-detections value, pools the
/// match records of all images, sorts them by score and samples the precision-recall curve.
/// </summary>
internal static class CocoAccumulator
{
    /// <summary>
    /// Accumulates records of images sorted by image id. With <paramref name="keepCurve"/> (threshold, area range and
    /// max-detections indices), each category's ranked curve there is made from the same pooled records
    /// (<see cref="Accumulation.KeptCurves"/>): a report that needs them does not pool and sort every category again.
    /// </summary>
    public static Accumulation Accumulate(IReadOnlyList<ImageMatch> images, MatchContext context, (int Threshold, int Area, int MaxDet)? keepCurve = null)
    {
        var options = context.Options;
        int t = options.IouThresholds.Count;
        int r = options.RecallThresholds.Count;
        int k = context.CategoryIds.Length;
        int a = options.AreaRanges.Count;
        int m = options.MaxDetections.Count;
        // Every category's every cell is written below (WalkAndFill runs for each category, area range and max-detections
        // value), so the arrays are not filled first: that serial fill of two 7.8 MB arrays was 2.5% of COCO-sized bbox.
        var result = new Accumulation(t, r, k, a, m, uninitialized: true);

        RankedCurve[]? curves = keepCurve is null ? null : new RankedCurve[k];
        RecordPool.ForEachCategory(images, k, a, t, (category, pooled) =>
        {
            AccumulateCategory(context, result, category, pooled);
            if (keepCurve is var (threshold, area, maxDet))
            {
                curves![category] = RankedCurve.Of(pooled, a * t, (area * t) + threshold, options.MaxDetections[maxDet], area);
            }
        }, rented: true);
        if (keepCurve is { } key)
        {
            result.KeptCurves = curves;
            result.KeptCurveKey = key;
        }

        return result;
    }

    private static void AccumulateCategory(MatchContext context, Accumulation result, int category, RecordPool.PooledCategory pooled)
    {
        var options = context.Options;
        int areaCount = options.AreaRanges.Count;
        int total = pooled.Count;
        var positives = pooled.Positives;
        var rank = pooled.Rank;
        // Rented, as the pooled arrays are: a large category would otherwise allocate large-object arrays.
        var kinds = System.Buffers.ArrayPool<byte>.Shared.Rent(total * areaCount);
        Kinds(pooled.Flags, total, areaCount, options.IouThresholds.Count, kinds);
        var selected = System.Buffers.ArrayPool<int>.Shared.Rent(total);
        var sampler = PrecisionRecallWalk.ForThisThread(options.IouThresholds.Count, (int)Math.Min(positives.Max(), total));
        for (int maxDetIndex = 0; maxDetIndex < options.MaxDetections.Count; maxDetIndex++)
        {
            int maxDet = options.MaxDetections[maxDetIndex];
            int nd = 0;
            for (int i = 0; i < total; i++)
            {
                if (rank[i] < maxDet)
                {
                    selected[nd++] = i;
                }
            }

            for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
            {
                WalkAndFill(result, options, category, areaIndex, maxDetIndex, sampler, pooled.Flags, kinds, pooled.Scores, selected.AsSpan(0, nd), positives[areaIndex]);
            }
        }

        System.Buffers.ArrayPool<byte>.Shared.Return(kinds);
        System.Buffers.ArrayPool<int>.Shared.Return(selected);
    }

    /// <summary>Each pooled detection's <see cref="PrecisionRecallWalk.KindOf"/> per area range: <c>kinds[i * A + areaIndex]</c>.</summary>
    internal static byte[] Kinds(byte[] flags, int total, int areaCount, int thresholdCount)
    {
        var kinds = new byte[total * areaCount];
        Kinds(flags, total, areaCount, thresholdCount, kinds);
        return kinds;
    }

    /// <summary><see cref="Kinds(byte[], int, int, int)"/> into <paramref name="kinds"/> (at least <c>total * areaCount</c> long).</summary>
    internal static void Kinds(byte[] flags, int total, int areaCount, int thresholdCount, byte[] kinds)
    {
        for (int i = 0; i < total; i++)
        {
            for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
            {
                kinds[(i * areaCount) + areaIndex] = PrecisionRecallWalk.KindOf(flags.AsSpan((i * areaCount * thresholdCount) + (areaIndex * thresholdCount), thresholdCount));
            }
        }
    }

    /// <summary>
    /// Walks the <paramref name="selected"/> pooled detections (score order; an index may repeat) of one category at
    /// one area range and max-detections value, and writes the reference's recall, precision and score samples.
    /// </summary>
    internal static void WalkAndFill(
        Accumulation result, CocoOptions options, int category, int areaIndex, int maxDetIndex, PrecisionRecallWalk sampler,
        byte[] flags, byte[] kinds, double[] scores, ReadOnlySpan<int> selected, long positives)
    {
        int thresholdCount = options.IouThresholds.Count;
        int areaCount = options.AreaRanges.Count;
        int recallCount = options.RecallThresholds.Count;

        // Parity: a category with no non-ignored ground truth keeps -1 everywhere (written here, so a caller need not
        // fill the arrays first).
        if (positives == 0)
        {
            for (int thresholdIndex = 0; thresholdIndex < thresholdCount; thresholdIndex++)
            {
                result.Recall[result.RecallIndex(thresholdIndex, category, areaIndex, maxDetIndex)] = -1;
                for (int recallIndex = 0; recallIndex < recallCount; recallIndex++)
                {
                    int p = result.PrecisionIndex(thresholdIndex, recallIndex, category, areaIndex, maxDetIndex);
                    result.Precision[p] = -1;
                    result.Scores[p] = -1;
                }
            }

            return;
        }

        sampler.Walk(flags, kinds, areaCount * thresholdCount, areaIndex * thresholdCount, areaCount, areaIndex, selected);
        for (int thresholdIndex = 0; thresholdIndex < thresholdCount; thresholdIndex++)
        {
            result.Recall[result.RecallIndex(thresholdIndex, category, areaIndex, maxDetIndex)] = sampler.FinalRecall(thresholdIndex, positives);
            for (int recallIndex = 0; recallIndex < recallCount; recallIndex++)
            {
                int p = result.PrecisionIndex(thresholdIndex, recallIndex, category, areaIndex, maxDetIndex);
                if (!sampler.Sample(thresholdIndex, positives, options.RecallThresholds[recallIndex], out double precision, out int at))
                {
                    // Parity: from the first threshold beyond the highest recall on, precision and score stay 0.
                    for (int rest = recallIndex; rest < recallCount; rest++)
                    {
                        int q = result.PrecisionIndex(thresholdIndex, rest, category, areaIndex, maxDetIndex);
                        result.Precision[q] = 0;
                        result.Scores[q] = 0;
                    }

                    break;
                }

                result.Precision[p] = precision;
                result.Scores[p] = scores[selected[at]];
            }
        }
    }
}
