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
    internal sealed record PooledCategory(double[] Scores, int[] Rank, byte[] Flags, long[] Positives, long Ignored, int[]? DetectionIndex, int[] Image)
    {
        /// <summary>The number of detections: the arrays' length, or less when they are rented (longer than asked for).</summary>
        public int Count { get; init; } = Scores.Length;
    }

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

        var pooled = Sorted(pooledScores, pooledRank, pooledImage, pooledIndex, pooledFlags.AsSpan(0, total * stride), stride, rentFlags, rentAll: false, indexed);
        ArrayPool<byte>.Shared.Return(pooledFlags);
        return pooled with { Positives = positives, Ignored = ignored };
    }

    /// <summary>
    /// Pools every category (the same lists <see cref="Pool"/> gives, category by category) and hands each to
    /// <paramref name="each"/>, in parallel. The records are read in image order, each once per batch of categories,
    /// and scattered into per-category buffers: a category's cells are spread over every image, so gathering them
    /// category by category would visit each image once per category. A batch holds as many categories as fit in
    /// <paramref name="budgetBytes"/> (at least one).
    /// </summary>
    /// <param name="images">The records, in the pooling's image order.</param>
    /// <param name="categoryCount">The number of categories.</param>
    /// <param name="areaCount">Area ranges per cell.</param>
    /// <param name="thresholdCount">IoU thresholds per area range.</param>
    /// <param name="each">Called once per category with its pooled list; with <paramref name="rented"/> its arrays
    /// go back to <see cref="ArrayPool{T}.Shared"/> when it returns.</param>
    /// <param name="rented">Whether the pooled arrays are rented: longer than <see cref="PooledCategory.Count"/>, and
    /// the callback must not keep them. (Large categories would otherwise allocate large-object arrays, and their
    /// budget triggers full collections.)</param>
    /// <param name="budgetBytes">The most bytes of unsorted pooled data held at once.</param>
    public static void ForEachCategory(
        IReadOnlyList<ImageMatch> images, int categoryCount, int areaCount, int thresholdCount, Action<int, PooledCategory> each, bool rented = false, long budgetBytes = 64 << 20)
    {
        int stride = areaCount * thresholdCount;
        // Detections per category, and whether every cell of the category has detection indices.
        var total = new long[categoryCount];
        var unindexed = new bool[categoryCount];
        foreach (var image in images)
        {
            bool indexed = image.DetectionIndex is not null;
            for (int c = 0; c < image.CellCount; c++)
            {
                int k = image.CellCategory[c];
                total[k] += image.CellStart[c + 1] - image.CellStart[c];
                unindexed[k] |= !indexed;
            }
        }

        long perDetection = sizeof(double) + (3 * sizeof(int)) + stride;
        byte[][]? flagsOf = null;
        for (int first = 0; first < categoryCount;)
        {
            int end = first + 1;
            long bytes = total[first] * perDetection;
            while (end < categoryCount && bytes + (total[end] * perDetection) <= budgetBytes)
            {
                bytes += total[end++] * perDetection;
            }

            PoolBatch(images, flagsOf ??= FlagsOf(images), first, end, total, unindexed, areaCount, stride, each, rented);
            first = end;
        }
    }

    /// <summary>
    /// Each image's flags, gathered in one sequential pass: the categories' flag copies then read this array instead of
    /// reaching each image's record through the list (an interface call and a cache miss on the record per cell).
    /// </summary>
    private static byte[][] FlagsOf(IReadOnlyList<ImageMatch> images)
    {
        var flags = new byte[images.Count][];
        for (int i = 0; i < flags.Length; i++)
        {
            flags[i] = images[i].Flags;
        }

        return flags;
    }

    private static void PoolBatch(
        IReadOnlyList<ImageMatch> images, byte[][] flagsOf, int first, int end, long[] total, bool[] unindexed, int areaCount, int stride, Action<int, PooledCategory> each, bool rented)
    {
        // The batch's categories side by side in one buffer per field: category k's detections start at offset[k - first].
        int count = end - first;
        var offset = new int[count + 1];
        for (int k = first; k < end; k++)
        {
            offset[k - first + 1] = checked(offset[k - first] + (int)total[k]);
        }

        int n = offset[count];
        var scores = ArrayPool<double>.Shared.Rent(n);
        var rank = ArrayPool<int>.Shared.Rent(n);
        var imageOf = ArrayPool<int>.Shared.Rent(n);
        var index = ArrayPool<int>.Shared.Rent(n);
        // Each detection's row in its image's flags, not the flags themselves: a copy of every flag would be the
        // largest buffer of the accumulation. Each category copies its own just before sorting (below).
        var rows = ArrayPool<int>.Shared.Rent(n);
        // The scatter runs on every thread, each over its own run of images: a run's detections of a category go after
        // those of the runs before it (their counts, found first), so the pooled order is the images' order whatever
        // the threads do. Positives and crowd counts are integer sums, alike in any order.
        int parts = Math.Max(1, Math.Min(Parallelism.Options.MaxDegreeOfParallelism, images.Count / 256));
        var cursors = new int[parts][];
        var partPositives = new long[parts][];
        var partIgnored = new long[parts][];
        var running = offset[..count];
        for (int part = 0; part < parts; part++)
        {
            cursors[part] = (int[])running.Clone();
            for (int i = PartStart(part); i < PartStart(part + 1); i++)
            {
                var image = images[i];
                for (int c = 0; c < image.CellCount; c++)
                {
                    int k = image.CellCategory[c] - first;
                    if ((uint)k < (uint)count)
                    {
                        running[k] += image.CellStart[c + 1] - image.CellStart[c];
                    }
                }
            }
        }

        Parallel.For(0, parts, Parallelism.Options, part =>
        {
            var cursor = cursors[part];
            var partPositive = partPositives[part] = new long[count * areaCount];
            var partCrowd = partIgnored[part] = new long[count];
            for (int i = PartStart(part); i < PartStart(part + 1); i++)
            {
                var image = images[i];
                for (int c = 0; c < image.CellCount; c++)
                {
                    int k = image.CellCategory[c] - first;
                    if ((uint)k >= (uint)count)
                    {
                        continue;
                    }

                    int start = image.CellStart[c];
                    int length = image.CellStart[c + 1] - start;
                    int at = cursor[k];
                    partCrowd[k] += image.CellCounts[(c * 3) + 1];
                    for (int a = 0; a < areaCount; a++)
                    {
                        partPositive[(k * areaCount) + a] += image.PositiveCount[(c * areaCount) + a];
                    }

                    image.Scores.AsSpan(start, length).CopyTo(scores.AsSpan(at));
                    image.DetectionIndex?.AsSpan(start, length).CopyTo(index.AsSpan(at));
                    for (int d = 0; d < length; d++)
                    {
                        rank[at + d] = d;
                        rows[at + d] = start + d;
                    }

                    imageOf.AsSpan(at, length).Fill(i);
                    cursor[k] = at + length;
                }
            }
        });

        var positives = new long[count * areaCount];
        var ignored = new long[count];
        for (int part = 0; part < parts; part++)
        {
            for (int j = 0; j < positives.Length; j++)
            {
                positives[j] += partPositives[part][j];
            }

            for (int k = 0; k < count; k++)
            {
                ignored[k] += partIgnored[part][k];
            }
        }

        int PartStart(int part) => (int)((long)images.Count * part / parts);

        Parallel.For(first, end, Parallelism.Options, k =>
        {
            int from = offset[k - first], length = offset[k - first + 1] - from;
            bool indexed = !unindexed[k];
            // The category's flags in pooled (image) order, cell by cell from the records (sequential reads): the sort's
            // reordering then gathers from this small buffer instead of from every image.
            var flags = ArrayPool<byte>.Shared.Rent(length * stride);
            for (int i = 0; i < length;)
            {
                int image = imageOf[from + i], row = rows[from + i], cell = 1;
                while (i + cell < length && imageOf[from + i + cell] == image && rows[from + i + cell] == row + cell)
                {
                    cell++;
                }

                flagsOf[image].AsSpan(row * stride, cell * stride).CopyTo(flags.AsSpan(i * stride));
                i += cell;
            }

            var pooled = Sorted(
                scores.AsSpan(from, length), rank.AsSpan(from, length), imageOf.AsSpan(from, length), indexed ? index.AsSpan(from, length) : default,
                flags.AsSpan(0, length * stride), stride, rented, rented, indexed);
            ArrayPool<byte>.Shared.Return(flags);
            each(k, pooled with { Positives = positives[((k - first) * areaCount)..((k - first + 1) * areaCount)], Ignored = ignored[k - first] });
            if (rented)
            {
                Return(pooled);
            }
        });

        ArrayPool<double>.Shared.Return(scores);
        ArrayPool<int>.Shared.Return(rank);
        ArrayPool<int>.Shared.Return(imageOf);
        ArrayPool<int>.Shared.Return(index);
        ArrayPool<int>.Shared.Return(rows);
    }

    /// <summary>One category's pooled fields (image order) stably sorted by descending score, into new arrays
    /// (positives and ignored left for the caller to set).</summary>
    private static PooledCategory Sorted(
        ReadOnlySpan<double> pooledScores, ReadOnlySpan<int> pooledRank, ReadOnlySpan<int> pooledImage, ReadOnlySpan<int> pooledIndex,
        ReadOnlySpan<byte> pooledFlags, int stride, bool rentFlags, bool rentAll, bool indexed)
    {
        int total = pooledScores.Length;
        // Parity: one stable sort by descending score; ties keep image order, then rank within the image.
        int[] order = ArrayPool<int>.Shared.Rent(total), temp = ArrayPool<int>.Shared.Rent(total);
        StableSort.ArgsortDescending(pooledScores, order, temp);
        ArrayPool<int>.Shared.Return(temp);
        var scores = rentAll ? ArrayPool<double>.Shared.Rent(total) : new double[total];
        var rank = rentAll ? ArrayPool<int>.Shared.Rent(total) : new int[total];
        var imageOf = rentAll ? ArrayPool<int>.Shared.Rent(total) : new int[total];
        var index = !indexed || total == 0 ? null : rentAll ? ArrayPool<int>.Shared.Rent(total) : new int[total];
        var flags = rentFlags ? ArrayPool<byte>.Shared.Rent(total * stride) : new byte[total * stride];
        for (int i = 0; i < total; i++)
        {
            int from = order[i];
            scores[i] = pooledScores[from];
            rank[i] = pooledRank[from];
            imageOf[i] = pooledImage[from];
        }

        if (stride == 1)
        {
            for (int i = 0; i < total; i++)
            {
                flags[i] = pooledFlags[order[i]];
            }
        }
        else if (stride % sizeof(ulong) == 0)
        {
            // COCO's 4 area ranges x 10 thresholds: five words per detection, moved as words (no call per detection).
            int words = stride / sizeof(ulong);
            var source = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(pooledFlags[..(total * stride)]);
            var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(flags.AsSpan(0, total * stride));
            for (int i = 0; i < total; i++)
            {
                int from = order[i] * words, to = i * words;
                for (int w = 0; w < words; w++)
                {
                    target[to + w] = source[from + w];
                }
            }
        }
        else
        {
            for (int i = 0; i < total; i++)
            {
                pooledFlags.Slice(order[i] * stride, stride).CopyTo(flags.AsSpan(i * stride));
            }
        }

        if (index is not null)
        {
            for (int i = 0; i < total; i++)
            {
                index[i] = pooledIndex[order[i]];
            }
        }

        ArrayPool<int>.Shared.Return(order);
        return new PooledCategory(scores, rank, flags, [], 0, index ?? (indexed ? [] : null), imageOf) { Count = total };
    }

    /// <summary>Gives a category's rented arrays back to <see cref="ArrayPool{T}.Shared"/>.</summary>
    private static void Return(PooledCategory pooled)
    {
        ArrayPool<double>.Shared.Return(pooled.Scores);
        ArrayPool<int>.Shared.Return(pooled.Rank);
        ArrayPool<int>.Shared.Return(pooled.Image);
        ArrayPool<byte>.Shared.Return(pooled.Flags);
        if (pooled.DetectionIndex is { Length: > 0 } index)
        {
            ArrayPool<int>.Shared.Return(index);
        }
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
