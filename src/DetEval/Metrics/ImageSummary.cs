using DetEval.Matching;

namespace DetEval.Metrics;

/// <summary>
/// One image's own COCO numbers from its kept match records: the 12 stats that <c>COCOeval</c> gives a dataset made
/// of this image alone (and of this image and one category for each cell), and the TP / FP / FN counts of each cell.
/// </summary>
internal static class ImageSummary
{
    /// <summary>The 12 stats of the image (<c>[0]</c>) and of each of its cells (<c>[1 + cell]</c>).</summary>
    public static double[][] Stats(ImageMatch record, MatchContext context, SummaryPlan[] plans)
    {
        var o = context.Options;
        int cells = record.CellCount, areaCount = o.AreaRanges.Count, thresholdCount = o.IouThresholds.Count;
        // The image alone: a category index per cell (other categories have no entries, which the means skip as
        // the reference skips -1).
        var arrays = new Accumulation(thresholdCount, o.RecallThresholds.Count, Math.Max(cells, 1), areaCount, o.MaxDetections.Count);
        arrays.Precision.AsSpan().Fill(-1);
        arrays.Recall.AsSpan().Fill(-1);
        arrays.Scores.AsSpan().Fill(-1);
        var kinds = CocoAccumulator.Kinds(record.Flags, record.Scores.Length, areaCount, thresholdCount);
        var selected = new int[record.Scores.Length];
        var sampler = new PrecisionRecallWalk(thresholdCount, Math.Max(1, record.Scores.Length));
        for (int c = 0; c < cells; c++)
        {
            int start = record.CellStart[c], end = record.CellStart[c + 1];
            for (int maxDetIndex = 0; maxDetIndex < o.MaxDetections.Count; maxDetIndex++)
            {
                // Within one image the pooled order is the cell's score order and the rank is the position.
                int n = 0;
                for (int d = start; d < end && d - start < o.MaxDetections[maxDetIndex]; d++)
                {
                    selected[n++] = d;
                }

                for (int a = 0; a < areaCount; a++)
                {
                    CocoAccumulator.WalkAndFill(arrays, o, c, a, maxDetIndex, sampler, record.Flags, kinds, record.Scores, selected.AsSpan(0, n), record.PositiveCount[(c * areaCount) + a]);
                }
            }
        }

        var buffer = new double[plans.Max(p => p.BufferLength(o.RecallThresholds.Count, arrays.K))];
        var stats = new double[cells + 1][];
        stats[0] = [.. plans.Select(p => p.Evaluate(arrays, null, buffer))];
        for (int c = 0; c < cells; c++)
        {
            stats[c + 1] = [.. plans.Select(p => p.Evaluate(arrays, c, buffer))];
        }

        return stats;
    }

    /// <summary>
    /// A cell's true and false positives at threshold <paramref name="thresholdIndex"/> and area range
    /// <paramref name="areaIndex"/> (every kept detection), and its false negatives: the positives left unmatched.
    /// </summary>
    public static (int Tp, int Fp, int Fn) Counts(ImageMatch record, MatchContext context, int cell, int thresholdIndex, int areaIndex)
    {
        int thresholds = context.ThresholdCount, areas = context.AreaCount;
        int tp = 0, fp = 0;
        for (int d = record.CellStart[cell]; d < record.CellStart[cell + 1]; d++)
        {
            byte flag = record.Flags[(((d * areas) + areaIndex) * thresholds) + thresholdIndex];
            tp += flag == (byte)MatchFlag.TruePositive ? 1 : 0;
            fp += flag == (byte)MatchFlag.FalsePositive ? 1 : 0;
        }

        return (tp, fp, record.PositiveCount[(cell * areas) + areaIndex] - tp);
    }
}
