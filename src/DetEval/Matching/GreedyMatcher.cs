using DetEval.Evaluation;

namespace DetEval.Matching;

/// <summary>
/// The COCO matcher (pycocotools <c>evaluateImg</c>) for one (image, category) cell: detections in
/// score order take the best still-free ground truth at each IoU threshold.
/// </summary>
internal static class GreedyMatcher
{
    /// <summary>
    /// Matches one cell. <paramref name="ious"/> is <c>[gtIndex * detCount + detIndex]</c> with ground
    /// truths in file order and detections in score order; <paramref name="thresholds"/> are already capped as the
    /// reference caps them (<see cref="MatchContext.Thresholds"/>). <paramref name="unmatchedIgnored"/> ignores every
    /// unmatched detection of the cell in every area range (LVIS's not-exhaustive categories). When
    /// <paramref name="matchedGt"/> is given (laid out as the flags) it receives the matched ground truth's index, or -1.
    /// </summary>
    public static void Match(
        ReadOnlySpan<double> ious,
        ReadOnlySpan<long> gtIds,
        ReadOnlySpan<double> gtArea,
        ReadOnlySpan<bool> gtCrowd,
        ReadOnlySpan<bool> gtIgnore,
        ReadOnlySpan<double> detArea,
        bool unmatchedIgnored,
        ReadOnlySpan<double> thresholds,
        ReadOnlySpan<AreaRange> areaRanges,
        Span<byte> flags,
        Span<int> positives,
        MatchScratch scratch,
        Span<int> matchedGt = default)
    {
        int gtCount = gtIds.Length;
        int detCount = detArea.Length;
        int thresholdCount = thresholds.Length;
        int areaCount = areaRanges.Length;
        if (gtCount == 0)
        {
            // No ground truth: every detection is a false positive, or ignored outside the area range.
            for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
            {
                positives[areaIndex] = 0;
                for (int detIndex = 0; detIndex < detCount; detIndex++)
                {
                    byte flag = (byte)(unmatchedIgnored || areaRanges[areaIndex].Excludes(detArea[detIndex]) ? MatchFlag.Ignored : MatchFlag.FalsePositive);
                    flags.Slice(((detIndex * areaCount) + areaIndex) * thresholdCount, thresholdCount).Fill(flag);
                    if (!matchedGt.IsEmpty)
                    {
                        matchedGt.Slice(((detIndex * areaCount) + areaIndex) * thresholdCount, thresholdCount).Fill(-1);
                    }
                }
            }

            return;
        }

        if (gtCount == 1)
        {
            MatchOneTruth(ious, gtIds[0] != 0, gtArea[0], gtCrowd[0], gtIgnore[0], detArea, unmatchedIgnored, thresholds, areaRanges, flags, positives, matchedGt);
            return;
        }

        Span<int> order = scratch.GtOrder(gtCount);
        Span<bool> ignoredSorted = scratch.GtIgnoredSorted(gtCount);
        Span<bool> taken = scratch.GtTaken(gtCount);
        Span<bool> outsideDet = scratch.DetOutside(detCount);

        for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
        {
            var range = areaRanges[areaIndex];

            // Parity: ignored ground truths go last, each group in file order (a stable argsort of gtIgnore).
            int positive = 0;
            for (int g = 0; g < gtCount; g++)
            {
                if (!(gtIgnore[g] || range.Excludes(gtArea[g])))
                {
                    order[positive++] = g;
                }
            }

            int next = positive;
            for (int g = 0; g < gtCount; g++)
            {
                if (gtIgnore[g] || range.Excludes(gtArea[g]))
                {
                    order[next++] = g;
                }
            }

            for (int p = 0; p < gtCount; p++)
            {
                ignoredSorted[p] = p >= positive;
            }

            positives[areaIndex] = positive;
            // Parity (LVIS): an unmatched detection of a not-exhaustive category is ignored like one outside the range.
            for (int detIndex = 0; detIndex < detCount; detIndex++)
            {
                outsideDet[detIndex] = unmatchedIgnored || range.Excludes(detArea[detIndex]);
            }

            for (int thresholdIndex = 0; thresholdIndex < thresholdCount; thresholdIndex++)
            {
                taken.Clear();
                double threshold = thresholds[thresholdIndex];
                for (int detIndex = 0; detIndex < detCount; detIndex++)
                {
                    double best = threshold;
                    int match = -1;
                    for (int p = 0; p < gtCount; p++)
                    {
                        int g = order[p];
                        // A taken ground truth is skipped unless it is a crowd, which absorbs many detections.
                        if (taken[p] && !gtCrowd[g])
                        {
                            continue;
                        }

                        // Once matched to a regular ground truth, ignored ones (sorted last) are not considered.
                        if (match > -1 && !ignoredSorted[match] && ignoredSorted[p])
                        {
                            break;
                        }

                        double iou = ious[(g * detCount) + detIndex];
                        // Parity: match when IoU >= threshold; on equal IoU the later ground truth wins.
                        if (iou < best)
                        {
                            continue;
                        }

                        best = iou;
                        match = p;
                    }

                    MatchFlag flag;
                    bool outside = outsideDet[detIndex];
                    if (match == -1)
                    {
                        // Parity: an unmatched detection outside the area range is ignored.
                        flag = outside ? MatchFlag.Ignored : MatchFlag.FalsePositive;
                    }
                    else
                    {
                        taken[match] = true;
                        if (ignoredSorted[match])
                        {
                            flag = MatchFlag.Ignored;
                        }
                        else if (gtIds[order[match]] != 0)
                        {
                            flag = MatchFlag.TruePositive;
                        }
                        else
                        {
                            // Parity: the reference stores the matched ground-truth id and tests it for truth,
                            // so a match to ground-truth id 0 counts as unmatched.
                            flag = outside ? MatchFlag.Ignored : MatchFlag.FalsePositive;
                        }
                    }

                    flags[(((detIndex * areaCount) + areaIndex) * thresholdCount) + thresholdIndex] = (byte)flag;
                    if (!matchedGt.IsEmpty)
                    {
                        matchedGt[(((detIndex * areaCount) + areaIndex) * thresholdCount) + thresholdIndex] = match == -1 ? -1 : order[match];
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Match"/> for a cell with one ground truth (most COCO cells that have any): the loop above with the
    /// ground-truth scan reduced to its one test. At each threshold the first detection (score order) whose IoU is not
    /// below it takes the truth, and no later one can, unless the truth is a crowd, which every such detection matches.
    /// The flag then follows the truth (ignored, or a true positive unless its id is 0) and does not depend on the area
    /// range, which only decides whether the truth and an unmatched detection are ignored.
    /// </summary>
    private static void MatchOneTruth(
        ReadOnlySpan<double> ious, bool truthId, double truthArea, bool crowd, bool truthIgnore, ReadOnlySpan<double> detArea, bool unmatchedIgnored,
        ReadOnlySpan<double> thresholds, ReadOnlySpan<AreaRange> areaRanges, Span<byte> flags, Span<int> positives, Span<int> matchedGt)
    {
        int detCount = detArea.Length, thresholdCount = thresholds.Length, areaCount = areaRanges.Length;
        Span<int> first = thresholdCount <= 64 ? stackalloc int[thresholdCount] : new int[thresholdCount];
        for (int thresholdIndex = 0; thresholdIndex < thresholdCount; thresholdIndex++)
        {
            int d = 0;
            while (d < detCount && ious[d] < thresholds[thresholdIndex])
            {
                d++;
            }

            first[thresholdIndex] = d;
        }

        for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
        {
            var range = areaRanges[areaIndex];
            bool ignored = truthIgnore || range.Excludes(truthArea);
            positives[areaIndex] = ignored ? 0 : 1;
            for (int detIndex = 0; detIndex < detCount; detIndex++)
            {
                // Parity (LVIS): an unmatched detection of a not-exhaustive category is ignored like one outside the range.
                bool outside = unmatchedIgnored || range.Excludes(detArea[detIndex]);
                var unmatched = outside ? MatchFlag.Ignored : MatchFlag.FalsePositive;
                // Parity: a match to ground-truth id 0 counts as unmatched (the reference tests the stored id for truth).
                var matched = ignored ? MatchFlag.Ignored : truthId ? MatchFlag.TruePositive : unmatched;
                double iou = ious[detIndex];
                int at = ((detIndex * areaCount) + areaIndex) * thresholdCount;
                for (int thresholdIndex = 0; thresholdIndex < thresholdCount; thresholdIndex++)
                {
                    bool match = crowd ? !(iou < thresholds[thresholdIndex]) : first[thresholdIndex] == detIndex;
                    flags[at + thresholdIndex] = (byte)(match ? matched : unmatched);
                    if (!matchedGt.IsEmpty)
                    {
                        matchedGt[at + thresholdIndex] = match ? 0 : -1;
                    }
                }
            }
        }
    }
}
