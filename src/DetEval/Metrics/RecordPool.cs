using System.Buffers;
using DetEval.Matching;

namespace DetEval.Metrics;

/// <summary>
/// The one pooling of match records every protocol uses: a category's detections over all images, in the images'
/// order, then one stable sort by descending score, so that tied scores keep image order and then rank within the
/// image.
/// </summary>
internal static class RecordPool
{
    /// <summary>A category's detections pooled and sorted. <see cref="Flags"/> holds <c>Scores.Length</c> rows of
    /// <c>A * T</c> flags (when rented it may be longer).</summary>
    /// <param name="Scores">Scores, descending.</param>
    /// <param name="Rank">Each detection's rank within its image's cell.</param>
    /// <param name="Flags">Each detection's flags.</param>
    /// <param name="Positives">Positives per area range.</param>
    /// <param name="Ignored">Crowd (COCO) or difficult (VOC) ground truths.</param>
    /// <param name="DetectionIndex">Each detection's <see cref="ImageMatch.DetectionIndex"/> (VOC), or null.</param>
    /// <param name="Image">Each detection's image (an index into the pooled records).</param>
    internal sealed record PooledCategory(double[] Scores, int[] Rank, byte[] Flags, long[] Positives, long Ignored, int[]? DetectionIndex, int[] Image);

    /// <summary>The cells of every category in image order (CSR layout): category k's are <c>[Start[k], Start[k+1])</c>.</summary>
    internal sealed class Cells
    {
        private Cells(int[] start, int[] image, int[] index)
        {
            Start = start;
            Image = image;
            Index = index;
        }

        public int[] Start { get; }

        public int[] Image { get; }

        public int[] Index { get; }

        public static Cells Build(IReadOnlyList<ImageMatch> images, int categoryCount)
        {
            var start = new int[categoryCount + 1];
            foreach (var image in images)
            {
                foreach (int category in image.CellCategory)
                {
                    start[category + 1]++;
                }
            }

            for (int k = 0; k < categoryCount; k++)
            {
                start[k + 1] += start[k];
            }

            var cellImage = new int[start[categoryCount]];
            var cellIndex = new int[start[categoryCount]];
            var cursor = start[..categoryCount];
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

            return new Cells(start, cellImage, cellIndex);
        }
    }

    // rentFlags: whether PooledCategory.Flags comes from ArrayPool<byte>.Shared (the caller returns it); per
    // category it is a large-object allocation, and eighty of them can cost a full collection.
    public static PooledCategory Pool(IReadOnlyList<ImageMatch> images, Cells cells, int category, int areaCount, int thresholdCount, bool rentFlags = false)
    {
        int firstCell = cells.Start[category], endCell = cells.Start[category + 1];
        int stride = areaCount * thresholdCount;
        // Pool the category's detections in image order, each image's already in score order.
        int total = 0;
        long ignored = 0;
        bool indexed = true;
        var positives = new long[areaCount];
        for (int s = firstCell; s < endCell; s++)
        {
            var image = images[cells.Image[s]];
            int c = cells.Index[s];
            total += image.CellStart[c + 1] - image.CellStart[c];
            ignored += image.CellCounts[(c * 3) + 1];
            indexed &= image.DetectionIndex is not null;
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
        var pooledIndex = indexed && total > 0 ? new int[total] : null;
        byte[] pooledFlags = ArrayPool<byte>.Shared.Rent(total * stride);
        int at = 0;
        for (int s = firstCell; s < endCell; s++)
        {
            var image = images[cells.Image[s]];
            int c = cells.Index[s];
            int start = image.CellStart[c];
            int count = image.CellStart[c + 1] - start;
            image.Scores.AsSpan(start, count).CopyTo(pooledScores.AsSpan(at));
            image.Flags.AsSpan(start * stride, count * stride).CopyTo(pooledFlags.AsSpan(at * stride));
            if (pooledIndex is not null)
            {
                image.DetectionIndex.AsSpan(start, count).CopyTo(pooledIndex.AsSpan(at));
            }

            for (int d = 0; d < count; d++)
            {
                pooledRank[at + d] = d;
            }

            pooledImage.AsSpan(at, count).Fill(cells.Image[s]);
            at += count;
        }

        // Parity: one stable sort by descending score; ties keep image order, then rank within the image.
        int[] order = StableSort.ArgsortDescending(pooledScores);
        var scores = new double[total];
        var rank = new int[total];
        var imageOf = new int[total];
        var index = pooledIndex is null ? null : new int[total];
        var flags = rentFlags ? ArrayPool<byte>.Shared.Rent(total * stride) : new byte[total * stride];
        for (int i = 0; i < total; i++)
        {
            int from = order[i];
            scores[i] = pooledScores[from];
            rank[i] = pooledRank[from];
            imageOf[i] = pooledImage[from];
            pooledFlags.AsSpan(from * stride, stride).CopyTo(flags.AsSpan(i * stride));
            if (index is not null)
            {
                index[i] = pooledIndex![from];
            }
        }

        ArrayPool<byte>.Shared.Return(pooledFlags);
        return new PooledCategory(scores, rank, flags, positives, ignored, index ?? (indexed ? [] : null), imageOf);
    }

    /// <summary>
    /// <paramref name="pooled"/> with each run of tied scores reordered by <see cref="PooledCategory.DetectionIndex"/>
    /// (equal indices keep their pooled order); unchanged when the detections have no indices.
    /// </summary>
    /// <param name="pooled">A pooled category, sorted by descending score.</param>
    /// <param name="stride">Flags per detection.</param>
    /// <returns>The reordered category (a new one when anything moved).</returns>
    public static PooledCategory TiesByDetectionIndex(PooledCategory pooled, int stride)
    {
        var index = pooled.DetectionIndex;
        int n = pooled.Scores.Length;
        if (index is null || index.Length != n)
        {
            return pooled;
        }

        var order = new int[n];
        bool moved = false;
        for (int start = 0; start < n;)
        {
            int end = start + 1;
            while (end < n && pooled.Scores[end] == pooled.Scores[start])
            {
                end++;
            }

            // (index, pooled position) pairs are distinct, so the sort is deterministic and keeps equal indices in order.
            var run = order.AsSpan(start, end - start);
            for (int i = 0; i < run.Length; i++)
            {
                run[i] = start + i;
            }

            if (run.Length > 1)
            {
                run.Sort((a, b) => index[a] != index[b] ? index[a].CompareTo(index[b]) : a.CompareTo(b));
                for (int i = 0; i < run.Length; i++)
                {
                    moved |= run[i] != start + i;
                }
            }

            start = end;
        }

        if (!moved)
        {
            return pooled;
        }

        var rank = new int[n];
        var newIndex = new int[n];
        var image = new int[n];
        var flags = new byte[n * stride];
        for (int i = 0; i < n; i++)
        {
            rank[i] = pooled.Rank[order[i]];
            newIndex[i] = index[order[i]];
            image[i] = pooled.Image[order[i]];
            pooled.Flags.AsSpan(order[i] * stride, stride).CopyTo(flags.AsSpan(i * stride));
        }

        return pooled with { Rank = rank, Flags = flags, DetectionIndex = newIndex, Image = image };
    }
}
