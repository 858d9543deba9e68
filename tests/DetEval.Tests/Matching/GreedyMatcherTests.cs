using DetEval.Matching;

namespace DetEval.Tests.Matching;

/// <summary>
/// The COCO cell matcher against a literal port of pycocotools' <c>evaluateImg</c> loop, run once per area range, on
/// random cells: ties of IoU, IoUs equal to a threshold, crowds, ignored and id-0 ground truths, and area ranges that
/// keep the same ground truths in the same order with another split into regular and ignored (a matcher that shared
/// one matching between such ranges would be wrong there).
/// </summary>
public sealed class GreedyMatcherTests
{
    private static readonly double[] Thresholds = [.. Enumerable.Range(0, 10).Select(i => Math.Min(0.5 + (0.05 * i), 1 - 1e-10))];

    [Fact]
    public void RandomCells_MatchAsEvaluateImgPerAreaRange()
    {
        var random = new Random(7);
        var ranges = CocoOptions.CocoAreaRanges.ToArray();
        int shared = 0, differing = 0;
        for (int cell = 0; cell < 20_000; cell++)
        {
            int gtCount = random.Next(0, 6), detCount = random.Next(0, 9);
            var gtIds = Enumerable.Range(0, gtCount).Select(_ => random.Next(8) == 0 ? 0L : random.Next(1, 1000)).ToArray();
            // Areas around the range limits (32^2, 96^2), so cells mix small, medium and large objects.
            var gtArea = Enumerable.Range(0, gtCount).Select(_ => Area(random)).ToArray();
            var gtCrowd = Enumerable.Range(0, gtCount).Select(_ => random.Next(6) == 0).ToArray();
            var gtIgnore = gtCrowd.Select(c => c || random.Next(10) == 0).ToArray();
            var detArea = Enumerable.Range(0, detCount).Select(_ => Area(random)).ToArray();
            // IoUs on a coarse grid: ties between ground truths and values equal to thresholds occur.
            var ious = Enumerable.Range(0, gtCount * detCount).Select(_ => random.Next(3) == 0 ? 0 : random.Next(0, 21) / 20.0).ToArray();
            bool unmatchedIgnored = random.Next(8) == 0;

            int stride = ranges.Length * Thresholds.Length;
            var flags = new byte[detCount * stride];
            var matched = new int[detCount * stride];
            var positives = new int[ranges.Length];
            GreedyMatcher.Match(ious, gtIds, gtArea, gtCrowd, gtIgnore, detArea, unmatchedIgnored, Thresholds, ranges, flags, positives, MatchScratch.Current, matched);

            for (int a = 0; a < ranges.Length; a++)
            {
                var (expectedFlags, expectedMatched, expectedPositives) = EvaluateImg(ious, gtIds, gtArea, gtCrowd, gtIgnore, detArea, unmatchedIgnored, ranges[a]);
                Assert.Equal(expectedPositives, positives[a]);
                for (int d = 0; d < detCount; d++)
                {
                    for (int t = 0; t < Thresholds.Length; t++)
                    {
                        int at = (((d * ranges.Length) + a) * Thresholds.Length) + t;
                        Assert.True(expectedFlags[t, d] == flags[at], $"cell {cell}, area {a}, det {d}, threshold {t}: flag {flags[at]}, expected {expectedFlags[t, d]}");
                        Assert.Equal(expectedMatched[t, d], matched[at]);
                    }
                }
            }

            // Count the cells where two ranges keep the same ground truths in the same order, yet with a different split
            // (the case where sharing by order alone would be wrong), and those that share outright.
            var splits = ranges.Select(r => Split(gtArea, gtIgnore, r)).ToArray();
            for (int a = 1; a < ranges.Length; a++)
            {
                for (int b = 0; b < a; b++)
                {
                    bool sameOrder = splits[a].Order.SequenceEqual(splits[b].Order);
                    shared += sameOrder && splits[a].Positive == splits[b].Positive ? 1 : 0;
                    differing += sameOrder && splits[a].Positive != splits[b].Positive && gtCount > 1 && detCount > 0 ? 1 : 0;
                }
            }
        }

        Assert.True(shared > 5_000, $"{shared} shared splits");
        Assert.True(differing > 1_000, $"{differing} same orders with another split");
    }

    private static double Area(Random random) => random.Next(4) switch
    {
        0 => 32 * 32,
        1 => 96 * 96,
        2 => random.Next(1, 32 * 32),
        _ => random.Next(1, 200 * 200),
    };

    private static (int[] Order, int Positive) Split(double[] gtArea, bool[] gtIgnore, AreaRange range)
    {
        var ignored = gtArea.Select((area, g) => gtIgnore[g] || area < range.Min || area > range.Max).ToArray();
        var order = Enumerable.Range(0, gtArea.Length).Where(g => !ignored[g]).Concat(Enumerable.Range(0, gtArea.Length).Where(g => ignored[g])).ToArray();
        return (order, ignored.Count(i => !i));
    }

    /// <summary>pycocotools <c>evaluateImg</c> for one area range, detections already in score order, as MatchFlag values.</summary>
    private static (byte[,] Flags, int[,] Matched, int Positives) EvaluateImg(
        double[] ious, long[] gtIds, double[] gtArea, bool[] gtCrowd, bool[] gtIgnore, double[] detArea, bool unmatchedIgnored, AreaRange range)
    {
        int gtCount = gtIds.Length, detCount = detArea.Length, thresholdCount = Thresholds.Length;
        var (gtind, npig) = Split(gtArea, gtIgnore, range);
        var gtIg = gtind.Select(g => gtIgnore[g] || gtArea[g] < range.Min || gtArea[g] > range.Max).ToArray();
        var gtm = new bool[thresholdCount, gtCount];
        var dtm = new long[thresholdCount, detCount];
        var dtIg = new bool[thresholdCount, detCount];
        var matched = new int[thresholdCount, detCount];
        for (int t = 0; t < thresholdCount; t++)
        {
            for (int d = 0; d < detCount; d++)
            {
                double iou = Thresholds[t];
                int m = -1;
                for (int gind = 0; gind < gtCount; gind++)
                {
                    if (gtm[t, gind] && !gtCrowd[gtind[gind]])
                    {
                        continue;
                    }

                    if (m > -1 && !gtIg[m] && gtIg[gind])
                    {
                        break;
                    }

                    double value = ious[(gtind[gind] * detCount) + d];
                    if (value < iou)
                    {
                        continue;
                    }

                    iou = value;
                    m = gind;
                }

                matched[t, d] = m == -1 ? -1 : gtind[m];
                if (m == -1)
                {
                    continue;
                }

                dtIg[t, d] = gtIg[m];
                dtm[t, d] = gtIds[gtind[m]];
                gtm[t, m] = true;
            }
        }

        var flags = new byte[thresholdCount, detCount];
        for (int t = 0; t < thresholdCount; t++)
        {
            for (int d = 0; d < detCount; d++)
            {
                bool outside = unmatchedIgnored || detArea[d] < range.Min || detArea[d] > range.Max;
                bool ignored = dtIg[t, d] || (dtm[t, d] == 0 && outside);
                flags[t, d] = (byte)(ignored ? MatchFlag.Ignored : dtm[t, d] != 0 ? MatchFlag.TruePositive : MatchFlag.FalsePositive);
            }
        }

        return (flags, matched, npig);
    }
}
