using System.Buffers;
using DetEval.Matching;

namespace DetEval.Metrics;

/// <summary>
/// The reference's <c>accumulate</c>: per category, area range and max-detections value, pools the
/// match records of all images, sorts them by score and samples the precision-recall curve.
/// </summary>
internal static class CocoAccumulator
{
    /// <summary>Accumulates records of images sorted by image id.</summary>
    public static Accumulation Accumulate(IReadOnlyList<ImageMatch> images, MatchContext context)
    {
        var options = context.Options;
        int t = options.IouThresholds.Count;
        int r = options.RecallThresholds.Count;
        int k = context.CategoryIds.Length;
        int a = options.AreaRanges.Count;
        int m = options.MaxDetections.Count;
        var result = new Accumulation(t, r, k, a, m);
        result.Precision.AsSpan().Fill(-1);
        result.Recall.AsSpan().Fill(-1);
        result.Scores.AsSpan().Fill(-1);

        // Cells of each category, in image-id order (CSR layout).
        var cellsPerCategory = new int[k + 1];
        foreach (var image in images)
        {
            foreach (int category in image.CellCategory)
            {
                cellsPerCategory[category + 1]++;
            }
        }

        for (int i = 0; i < k; i++)
        {
            cellsPerCategory[i + 1] += cellsPerCategory[i];
        }

        var cellImage = new int[cellsPerCategory[k]];
        var cellIndex = new int[cellsPerCategory[k]];
        var cursor = cellsPerCategory[..k];
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            for (int c = 0; c < image.CellCount; c++)
            {
                int slot = cursor[image.CellCategory[c]]++;
                cellImage[slot] = i;
                cellIndex[slot] = c;
            }
        }

        Parallel.For(0, k, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, category =>
            AccumulateCategory(images, context, result, category, cellImage, cellIndex, cellsPerCategory[category], cellsPerCategory[category + 1]));
        return result;
    }

    private static void AccumulateCategory(
        IReadOnlyList<ImageMatch> images, MatchContext context, Accumulation result, int category,
        int[] cellImage, int[] cellIndex, int firstCell, int endCell)
    {
        var options = context.Options;
        int areaCount = options.AreaRanges.Count;
        var pooled = Pool(images, context, cellImage, cellIndex, firstCell, endCell, rentFlags: true);
        int total = pooled.Scores.Length;
        var positives = pooled.Positives;
        var rank = pooled.Rank;
        var kinds = Kinds(pooled.Flags, total, areaCount, options.IouThresholds.Count);
        var selected = new int[total];
        var sampler = new CurveSampler(options.IouThresholds.Count, (int)Math.Min(positives.Max(), total));
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

        ArrayPool<byte>.Shared.Return(pooled.Flags);
    }

    /// <summary>Each pooled detection's <see cref="CurveSampler.KindOf"/> per area range: <c>kinds[i * A + areaIndex]</c>.</summary>
    internal static byte[] Kinds(byte[] flags, int total, int areaCount, int thresholdCount)
    {
        var kinds = new byte[total * areaCount];
        for (int i = 0; i < total; i++)
        {
            for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
            {
                kinds[(i * areaCount) + areaIndex] = CurveSampler.KindOf(flags.AsSpan((i * areaCount * thresholdCount) + (areaIndex * thresholdCount), thresholdCount));
            }
        }

        return kinds;
    }

    /// <summary>
    /// Walks the <paramref name="selected"/> pooled detections (score order; an index may repeat) of one category at
    /// one area range and max-detections value, and writes the reference's recall, precision and score samples.
    /// </summary>
    internal static void WalkAndFill(
        Accumulation result, CocoOptions options, int category, int areaIndex, int maxDetIndex, CurveSampler sampler,
        byte[] flags, byte[] kinds, double[] scores, ReadOnlySpan<int> selected, long positives)
    {
        // Parity: a category with no non-ignored ground truth keeps -1 everywhere.
        if (positives == 0)
        {
            return;
        }

        int thresholdCount = options.IouThresholds.Count;
        int areaCount = options.AreaRanges.Count;
        int recallCount = options.RecallThresholds.Count;
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

    /// <summary>
    /// A category's detections pooled over images and sorted as the reference sorts them, with each one's rank in
    /// its image and its image (an index into the pooled list). <see cref="Flags"/> holds <c>Scores.Length</c> rows;
    /// when rented it may be longer.
    /// </summary>
    internal sealed record PooledCategory(double[] Scores, int[] Rank, byte[] Flags, long[] Positives, int[] Image);

    // rentFlags: whether PooledCategory.Flags comes from ArrayPool<byte>.Shared (the caller returns it); per
    // category it is a large-object allocation, and eighty of them can cost a full collection.
    internal static PooledCategory Pool(IReadOnlyList<ImageMatch> images, MatchContext context, int[] cellImage, int[] cellIndex, int firstCell, int endCell, bool rentFlags = false)
    {
        int areaCount = context.AreaCount;
        int stride = areaCount * context.ThresholdCount;
        // Pool the category's detections in image order, each image's already in score order.
        int total = 0;
        var positives = new long[areaCount];
        for (int s = firstCell; s < endCell; s++)
        {
            var image = images[cellImage[s]];
            int c = cellIndex[s];
            total += image.CellStart[c + 1] - image.CellStart[c];
            for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
            {
                positives[areaIndex] += image.PositiveCount[(c * areaCount) + areaIndex];
            }
        }

        // Each cell's detections stand together in its image: copy scores and flags cell by cell (sequential
        // reads), so that the reordering below gathers from this local buffer instead of from every image.
        var pooledScores = new double[total];
        var pooledRank = new int[total];
        var pooledImage = new int[total];
        byte[] pooledFlags = ArrayPool<byte>.Shared.Rent(total * stride);
        int at = 0;
        for (int s = firstCell; s < endCell; s++)
        {
            var image = images[cellImage[s]];
            int c = cellIndex[s];
            int start = image.CellStart[c];
            int count = image.CellStart[c + 1] - start;
            image.Scores.AsSpan(start, count).CopyTo(pooledScores.AsSpan(at));
            image.Flags.AsSpan(start * stride, count * stride).CopyTo(pooledFlags.AsSpan(at * stride));
            for (int d = 0; d < count; d++)
            {
                pooledRank[at + d] = d;
            }

            pooledImage.AsSpan(at, count).Fill(cellImage[s]);

            at += count;
        }

        // Parity: one stable sort by descending score; ties keep image-id order, then rank within the image.
        int[] order = StableSort.ArgsortDescending(pooledScores);
        var scores = new double[total];
        var rank = new int[total];
        var imageOf = new int[total];
        var flags = rentFlags ? ArrayPool<byte>.Shared.Rent(total * stride) : new byte[total * stride];
        for (int i = 0; i < total; i++)
        {
            int from = order[i];
            scores[i] = pooledScores[from];
            rank[i] = pooledRank[from];
            imageOf[i] = pooledImage[from];
            pooledFlags.AsSpan(from * stride, stride).CopyTo(flags.AsSpan(i * stride));
        }

        ArrayPool<byte>.Shared.Return(pooledFlags);
        return new PooledCategory(scores, rank, flags, positives, imageOf);
    }

    /// <summary>The cells of one category, in the order of <paramref name="images"/>.</summary>
    internal static (int[] CellImage, int[] CellIndex) CellsOf(IReadOnlyList<ImageMatch> images, int category)
    {
        var cellImage = new List<int>();
        var cellIndex = new List<int>();
        for (int i = 0; i < images.Count; i++)
        {
            int c = Array.IndexOf(images[i].CellCategory, category);
            if (c >= 0)
            {
                cellImage.Add(i);
                cellIndex.Add(c);
            }
        }

        return ([.. cellImage], [.. cellIndex]);
    }
}
