using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval.Evaluation.Lvis;

/// <summary>
/// LVIS's steps before matching, for one image: the per-image cap, the category and area filters and the federated
/// filter (lvis-api's <c>LVISResults.limit_dets_per_image</c>, <c>get_ann_ids</c> and <c>LVISEval._prepare</c>).
/// </summary>
internal static class FederatedFilter
{
    /// <summary>The ground truths and detections that take part, each in file order.</summary>
    /// <param name="context">The engine's options (which categories are known).</param>
    /// <param name="cap">Results kept per image (negative: all).</param>
    /// <param name="truths">The image's ground truths, file order.</param>
    /// <param name="detections">The image's results, file order.</param>
    /// <param name="labels">The image's negative categories.</param>
    public static (List<GroundTruth> Truths, Detection[] Detections) Apply(
        MatchContext context, int cap, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections, LvisImageLabels labels)
    {
        var keptTruths = new List<GroundTruth>(truths.Count);
        var positive = new HashSet<long>();
        foreach (var gt in truths)
        {
            // Parity: get_ann_ids keeps known categories with 0 < area < inf; a zero-area truth does not count at all.
            if (context.IndexOf(gt.CategoryId) < 0 || !(gt.Area > 0 && gt.Area < double.PositiveInfinity))
            {
                continue;
            }

            // Parity: LVIS never reads iscrowd: every truth uses plain IoU and is matched at most once.
            keptTruths.Add(gt.IsCrowd ? gt with { IsCrowd = false } : gt);
            positive.Add(gt.CategoryId);
        }

        var capped = Cap(detections, cap);
        var negative = labels.NegativeCategoryIds.Count > 8 ? new HashSet<long>(labels.NegativeCategoryIds) : null;
        var kept = new List<Detection>(capped.Length);
        foreach (int d in capped)
        {
            ref readonly var det = ref detections[d];
            if (context.IndexOf(det.CategoryId) < 0 || !(det.Area > 0 && det.Area < double.PositiveInfinity))
            {
                continue;
            }

            // Parity: the federated filter: results of categories neither positive nor negative on the image are dropped.
            bool listed = positive.Contains(det.CategoryId)
                || (negative?.Contains(det.CategoryId) ?? Contains(labels.NegativeCategoryIds, det.CategoryId));
            if (listed)
            {
                kept.Add(det);
            }
        }

        return (keptTruths, [.. kept]);
    }

    /// <summary>
    /// The positions kept by the cap, ascending. Parity: <c>sorted(anns, key=score, reverse=True)[:cap]</c>, a stable
    /// sort, over every result of the image (unknown categories and zero areas included), before any filter.
    /// </summary>
    public static int[] Cap(ReadOnlySpan<Detection> detections, int cap)
    {
        int n = detections.Length;
        if (cap < 0 || n <= cap)
        {
            var all = new int[n];
            for (int i = 0; i < n; i++)
            {
                all[i] = i;
            }

            return all;
        }

        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = detections[i].Score;
        }

        // Within a category the kept results are later stable-sorted by score again, so file order loses nothing.
        int[] kept = StableSort.ArgsortDescending(scores)[..cap];
        Array.Sort(kept);
        return kept;
    }

    private static bool Contains(IReadOnlyList<long> ids, long id)
    {
        for (int i = 0; i < ids.Count; i++)
        {
            if (ids[i] == id)
            {
                return true;
            }
        }

        return false;
    }
}
