using DetEval.Data;

namespace DetEval.Matching;

/// <summary>Matches one image: groups it into (category) cells, computes each cell's IoUs and matches it.</summary>
internal static class ImageMatcher
{
    /// <param name="context">The resolved options.</param>
    /// <param name="image">The image.</param>
    /// <param name="truths">Its ground truths, file order.</param>
    /// <param name="detections">Its detections, file order.</param>
    /// <param name="unmatchedIgnoredCategories">
    /// Categories whose unmatched detections are ignored in every area range (LVIS's not-exhaustive categories of the
    /// image); empty for COCO.
    /// </param>
    /// <param name="observer">Told each cell's matches (who matched whom), for reports; null when not needed.</param>
    public static ImageMatch Match(
        MatchContext context,
        ImageInfo image,
        IReadOnlyList<GroundTruth> truths,
        ReadOnlySpan<Detection> detections,
        ReadOnlySpan<long> unmatchedIgnoredCategories = default,
        ICellObserver? observer = null)
    {
        var scratch = MatchScratch.Current;
        int categoryCount = context.CategoryIds.Length;
        int gtTotal = truths.Count;
        int detTotal = detections.Length;

        // Stable counting sort of ground truths and detections by category index (unknown categories dropped).
        var gtCategory = scratch.GtCategory(gtTotal);
        var detCategory = scratch.DetCategory(detTotal);
        var counts = scratch.Counts((2 * categoryCount) + 2);
        counts.Clear();
        for (int i = 0; i < gtTotal; i++)
        {
            int k = context.IndexOf(truths[i].CategoryId);
            gtCategory[i] = k;
            if (k >= 0)
            {
                counts[k]++;
            }
        }

        for (int i = 0; i < detTotal; i++)
        {
            int k = context.IndexOf(detections[i].CategoryId);
            detCategory[i] = k;
            if (k >= 0)
            {
                counts[categoryCount + k]++;
            }
        }

        int cells = 0;
        int keptDets = 0;
        for (int k = 0; k < categoryCount; k++)
        {
            if (counts[k] + counts[categoryCount + k] > 0)
            {
                cells++;
                keptDets += Math.Min(counts[categoryCount + k], context.MaxDetections);
            }
        }

        // Start offsets per category, then scatter in file order.
        var gtStart = scratch.GroupedGts(gtTotal);
        var detStart = scratch.GroupedDets(detTotal);
        var offsets = scratch.Offsets((2 * categoryCount) + 2);
        int gtSum = 0, detSum = 0;
        for (int k = 0; k < categoryCount; k++)
        {
            offsets[k] = gtSum;
            gtSum += counts[k];
            offsets[categoryCount + k] = detSum;
            detSum += counts[categoryCount + k];
        }

        offsets[2 * categoryCount] = gtSum;
        offsets[(2 * categoryCount) + 1] = detSum;
        var cursor = counts; // reuse: now write cursors
        for (int k = 0; k < categoryCount; k++)
        {
            cursor[k] = offsets[k];
            cursor[categoryCount + k] = offsets[categoryCount + k];
        }

        for (int i = 0; i < gtTotal; i++)
        {
            int k = gtCategory[i];
            if (k >= 0)
            {
                gtStart[cursor[k]++] = i;
            }
        }

        for (int i = 0; i < detTotal; i++)
        {
            int k = detCategory[i];
            if (k >= 0)
            {
                detStart[cursor[categoryCount + k]++] = i;
            }
        }

        int thresholdCount = context.ThresholdCount;
        int areaCount = context.AreaCount;
        var result = new ImageMatch
        {
            ImageId = image.Id,
            CellCategory = new int[cells],
            CellStart = new int[cells + 1],
            Scores = new double[keptDets],
            Flags = new byte[keptDets * areaCount * thresholdCount],
            PositiveCount = new int[cells * areaCount],
            CellCounts = new int[cells * 3],
        };

        int cell = 0;
        int written = 0;
        for (int k = 0; k < categoryCount; k++)
        {
            int gtCount = k + 1 < categoryCount ? offsets[k + 1] - offsets[k] : gtSum - offsets[k];
            int detAll = k + 1 < categoryCount ? offsets[categoryCount + k + 1] - offsets[categoryCount + k] : detSum - offsets[categoryCount + k];
            if (gtCount + detAll == 0)
            {
                continue;
            }

            var cellGts = gtStart.Slice(offsets[k], gtCount);
            var cellDets = detStart.Slice(offsets[categoryCount + k], detAll);
            SortByScore(detections, cellDets, scratch);
            int detCount = Math.Min(detAll, context.MaxDetections);
            var keptIndices = cellDets[..detCount];

            var ids = scratch.GtIds(gtCount);
            var area = scratch.GtArea(gtCount);
            var crowd = scratch.GtCrowd(gtCount);
            var ignore = scratch.GtIgnore(gtCount);
            int crowdCount = 0;
            bool keypoints = context.Options.IouType == IouType.Keypoints;
            for (int g = 0; g < gtCount; g++)
            {
                var gt = truths[cellGts[g]];
                ids[g] = gt.Id;
                area[g] = gt.Area;
                crowd[g] = gt.IsCrowd;
                crowdCount += gt.IsCrowd ? 1 : 0;
                // Parity: the reference sets ignore = iscrowd, dropping the file's own "ignore" flag.
                ignore[g] = gt.IsCrowd || (context.Options.HonorIgnoreFlag && gt.Ignore)
                    // Parity: for keypoints a ground truth whose num_keypoints field is 0 is ignored too.
                    || (keypoints && NumKeypoints(gt) == 0);
            }

            var detArea = scratch.Column(5, detCount);
            for (int d = 0; d < detCount; d++)
            {
                detArea[d] = detections[keptIndices[d]].Area;
                result.Scores[written + d] = detections[keptIndices[d]].Score;
            }

            var ious = scratch.Ious(gtCount * detCount);
            int[]? matched = null;
            if (gtCount > 0 && detCount > 0)
            {
                context.Iou.Compute(image, truths, cellGts, detections, keptIndices, ious, scratch);
            }

            GreedyMatcher.Match(
                ious, ids, area, crowd, ignore, detArea,
                unmatchedIgnoredCategories.Contains(context.CategoryIds[k]),
                context.Thresholds, context.AreaRanges,
                result.Flags.AsSpan(written * areaCount * thresholdCount, detCount * areaCount * thresholdCount),
                result.PositiveCount.AsSpan(cell * areaCount, areaCount),
                scratch,
                observer is null ? default : matched = new int[detCount * areaCount * thresholdCount]);
            observer?.Observe(k, truths, cellGts, detections, keptIndices, result.Flags.AsSpan(written * areaCount * thresholdCount, detCount * areaCount * thresholdCount), matched);

            result.CellCategory[cell] = k;
            result.CellStart[cell] = written;
            result.CellCounts[(cell * 3) + 0] = gtCount;
            result.CellCounts[(cell * 3) + 1] = crowdCount;
            result.CellCounts[(cell * 3) + 2] = detAll;
            written += detCount;
            cell++;
        }

        result.CellStart[cells] = written;
        return result;
    }

    /// <summary>The <c>num_keypoints</c> field, or without it the number of labelled keypoints.</summary>
    internal static int NumKeypoints(GroundTruth gt) => gt.NumKeypoints ?? gt.Keypoints?.LabelledCount ?? 0;

    /// <summary>Sorts indices by descending score, ties in file order (the reference's mergesort of -score).</summary>
    private static void SortByScore(ReadOnlySpan<Detection> detections, Span<int> indices, MatchScratch scratch)
    {
        int n = indices.Length;
        if (n < 2)
        {
            return;
        }

        var keys = scratch.SortKeys(n);
        for (int i = 0; i < n; i++)
        {
            keys[i] = detections[indices[i]].Score;
        }

        // Insertion sort is stable and fastest for the short lists of a cell.
        if (n <= 48)
        {
            for (int i = 1; i < n; i++)
            {
                double key = keys[i];
                int index = indices[i];
                int j = i - 1;
                while (j >= 0 && keys[j] < key)
                {
                    keys[j + 1] = keys[j];
                    indices[j + 1] = indices[j];
                    j--;
                }

                keys[j + 1] = key;
                indices[j + 1] = index;
            }

            return;
        }

        // Sort positions by (score desc, position asc): a total order, so the unstable sort is stable here.
        var positions = scratch.DetOrder(n);
        for (int i = 0; i < n; i++)
        {
            positions[i] = i;
        }

        positions.Sort(new ScoreThenPosition(scratch.SortKeyArray));
        var sorted = scratch.IntTemp(n);
        for (int i = 0; i < n; i++)
        {
            sorted[i] = indices[positions[i]];
        }

        sorted.CopyTo(indices);
    }

    private readonly struct ScoreThenPosition(double[] keys) : IComparer<int>
    {
        public int Compare(int a, int b)
        {
            int c = keys[b].CompareTo(keys[a]);
            return c != 0 ? c : a.CompareTo(b);
        }
    }
}
