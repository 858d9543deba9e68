using DetEval.Data;

namespace DetEval.Matching;

/// <summary>
/// One concept-segmentation pair against one annotator (sam3's <c>CGF1Eval.evaluateImg</c>): the kept predictions,
/// the counted instances, and how many of the assigned pairs reach each IoU threshold.
/// </summary>
/// <param name="Predictions">Kept predictions (D): of the annotator's categories, <c>score &gt;= cut</c>.</param>
/// <param name="Truths">Counted instances (G): of the annotator's categories, not crowd.</param>
/// <param name="TruePositives">Per IoU threshold, the assigned pairs with <c>IoU &gt;= t</c> (all 0 unless D, G &gt; 0).</param>
internal readonly record struct ConceptMatch(int Predictions, int Truths, int[] TruePositives);

/// <summary>Matches the predictions of one pair with one annotator's instances by a maximum-total-IoU assignment.</summary>
internal static class ConceptMatcher
{
    [ThreadStatic]
    private static double[]? costBuffer;

    [ThreadStatic]
    private static int[]? pairBuffer;

    [ThreadStatic]
    private static long[]? gtKeyBuffer;

    [ThreadStatic]
    private static long[]? detKeyBuffer;

    /// <param name="image">The pair as an image (its size rasterises polygon masks).</param>
    /// <param name="truths">The annotator's annotations of the pair, in file order.</param>
    /// <param name="categoryIds">The annotator file's category ids, sorted ascending.</param>
    /// <param name="predictions">The pair's predictions, in file order.</param>
    /// <param name="iou">Box or mask IoU.</param>
    /// <param name="scoreThreshold">The score cut.</param>
    /// <param name="thresholds">The IoU thresholds.</param>
    public static ConceptMatch Match(
        ImageInfo image,
        IReadOnlyList<GroundTruth> truths,
        long[] categoryIds,
        ReadOnlySpan<Detection> predictions,
        CellIou iou,
        double scoreThreshold,
        IReadOnlyList<double> thresholds)
    {
        var scratch = MatchScratch.Current;
        var tp = new int[thresholds.Count];

        // Parity: with useCats=0 the reference lists a pair's objects category by category (sorted ids), file order
        // within a category, dropping other categories. Crowd truths are ignored (ignore = iscrowd), so they are
        // neither matched nor counted.
        var gtKeys = Buffer(ref gtKeyBuffer, truths.Count);
        int g = 0;
        for (int i = 0; i < truths.Count; i++)
        {
            int rank = Array.BinarySearch(categoryIds, truths[i].CategoryId);
            if (rank >= 0 && !truths[i].IsCrowd)
            {
                gtKeys[g++] = Key(rank, i);
            }
        }

        var detKeys = Buffer(ref detKeyBuffer, predictions.Length);
        int d = 0;
        for (int i = 0; i < predictions.Length; i++)
        {
            int rank = Array.BinarySearch(categoryIds, predictions[i].CategoryId);
            // Parity: score >= threshold is kept (0.5 itself is); there is no ranking and no max-detections cut.
            if (rank >= 0 && predictions[i].Score >= scoreThreshold)
            {
                detKeys[d++] = Key(rank, i);
            }
        }

        if (g == 0 || d == 0)
        {
            return new ConceptMatch(d, g, tp);
        }

        var gtIndices = Indices(gtKeys[..g], scratch.GroupedGts(g));
        var detIndices = Indices(detKeys[..d], scratch.GroupedDets(d));
        var ious = scratch.Ious(g * d);
        iou.Compute(image, truths, gtIndices, predictions, detIndices, ious, scratch);

        // Parity: one assignment, linear_sum_assignment(-ious) on the D x G matrix (rows are predictions), maximising
        // the total IoU with zero-IoU pairs allowed; it is not redone per threshold.
        var cost = Buffer(ref costBuffer, d * g);
        for (int det = 0; det < d; det++)
        {
            for (int gt = 0; gt < g; gt++)
            {
                cost[(det * g) + gt] = -ious[(gt * d) + det];
            }
        }

        int n = Math.Min(d, g);
        var assigned = Buffer(ref pairBuffer, 2 * n);
        LinearSumAssignment.Solve(cost, d, g, assigned[..n], assigned[n..]);
        for (int k = 0; k < n; k++)
        {
            double value = ious[(assigned[n + k] * d) + assigned[k]];
            for (int t = 0; t < tp.Length; t++)
            {
                // Parity: a plain IoU >= t (COCO's min(t, 1 - 1e-10) is not used here).
                if (value >= thresholds[t])
                {
                    tp[t]++;
                }
            }
        }

        return new ConceptMatch(d, g, tp);
    }

    /// <summary>A sort key: category rank first, then file position (so sorting keeps file order within a category).</summary>
    private static long Key(int rank, int index) => ((long)rank << 32) | (uint)index;

    /// <summary>Sorts the keys and returns the file positions in that order.</summary>
    private static Span<int> Indices(Span<long> keys, Span<int> into)
    {
        keys.Sort();
        for (int i = 0; i < keys.Length; i++)
        {
            into[i] = (int)(keys[i] & uint.MaxValue);
        }

        return into;
    }

    private static Span<T> Buffer<T>(ref T[]? array, int n) =>
        (array is not null && array.Length >= n ? array : array = new T[Math.Max(n, 64)]).AsSpan(0, n);
}
