using DetEval.Evaluation;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

public class RecordPoolTests
{
    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(5, 1, false)]
    [InlineData(40, 2, false)]
    [InlineData(300, 3, false)]
    [InlineData(40, 2, true)]
    [InlineData(300, 3, true)]
    public void Pool_EqualsAGatherFromEachImage(int imageCount, int seed, bool rentFlags)
    {
        var random = new Random(seed);
        var context = new MatchContext(CocoOptions.Coco(), [1, 2, 3], BoxCellIou.Instance);
        int areaCount = context.AreaCount;
        int stride = areaCount * context.ThresholdCount;
        var images = new List<ImageMatch>();
        for (int i = 0; i < imageCount; i++)
        {
            var categories = Enumerable.Range(0, 3).Where(_ => random.Next(3) > 0).ToArray();
            var cellStart = new int[categories.Length + 1];
            for (int c = 0; c < categories.Length; c++)
            {
                cellStart[c + 1] = cellStart[c] + random.Next(0, 12);
            }

            int detections = cellStart[^1];
            // Few distinct scores, so that ties across images exercise the stable order.
            var scores = Enumerable.Range(0, detections).Select(_ => random.Next(5) / 4.0).ToArray();
            var flags = new byte[detections * stride];
            random.NextBytes(flags);
            var positives = Enumerable.Range(0, categories.Length * areaCount).Select(_ => random.Next(4)).ToArray();
            images.Add(new ImageMatch
            {
                ImageId = i,
                CellCategory = categories,
                CellStart = cellStart,
                Scores = scores,
                Flags = flags,
                PositiveCount = positives,
                CellCounts = new int[categories.Length * 3],
            });
        }

        for (int category = 0; category < 3; category++)
        {
            var cells = RecordPool.Cells.Build(images, 3);
            var pooled = RecordPool.Pool(images, cells, category, areaCount, context.ThresholdCount, rentFlags);
            // The cells of the category, in image order.
            var cellImage = Enumerable.Range(0, images.Count).Where(i => images[i].CellCategory.Contains(category)).ToArray();
            var cellIndex = cellImage.Select(i => Array.IndexOf(images[i].CellCategory, category)).ToArray();

            // The specification: every detection of the category in image order, then a stable sort by descending score.
            var rows = new List<(double Score, int Rank, byte[] Flags)>();
            var positives = new long[areaCount];
            for (int s = 0; s < cellImage.Length; s++)
            {
                var image = images[cellImage[s]];
                int c = cellIndex[s];
                for (int d = image.CellStart[c]; d < image.CellStart[c + 1]; d++)
                {
                    rows.Add((image.Scores[d], d - image.CellStart[c], image.Flags.AsSpan(d * stride, stride).ToArray()));
                }

                for (int areaIndex = 0; areaIndex < areaCount; areaIndex++)
                {
                    positives[areaIndex] += image.PositiveCount[(c * areaCount) + areaIndex];
                }
            }

            var sorted = rows.OrderByDescending(r => r.Score).ToList();
            Assert.Equal(sorted.Select(r => r.Score), pooled.Scores);
            Assert.Equal(sorted.Select(r => r.Rank), pooled.Rank);
            Assert.Equal(sorted.SelectMany(r => r.Flags), pooled.Flags.Take(rows.Count * stride));
            Assert.True(rentFlags || pooled.Flags.Length == rows.Count * stride);
            Assert.Equal(positives, pooled.Positives);
        }
    }

    [Theory]
    [InlineData(0L, false, 200)]
    [InlineData(200L, false, 200)]
    [InlineData(64L << 20, false, 200)]
    [InlineData(0L, true, 200)]
    [InlineData(64L << 20, true, 200)]
    // Enough images for the scatter to split them between threads (from 256 images a thread).
    [InlineData(64L << 20, false, 1500)]
    [InlineData(64L << 20, true, 1500)]
    [InlineData(3000L, true, 1500)]
    public void ForEachCategory_GivesEachCategoryWhatPoolGives_WhateverTheBatchSize(long budget, bool rented, int imageCount)
    {
        var random = new Random(7);
        const int categories = 6, areaCount = 2, thresholdCount = 3, stride = areaCount * thresholdCount;
        var images = new List<ImageMatch>();
        for (int i = 0; i < imageCount; i++)
        {
            // Image 5 holds categories 0 and 1 only, and has no detection indices: those two are pooled without any.
            int[] present = i == 5 ? [0, 1] : [.. Enumerable.Range(0, categories).Where(_ => random.Next(3) > 0)];
            var cellStart = new int[present.Length + 1];
            for (int c = 0; c < present.Length; c++)
            {
                cellStart[c + 1] = cellStart[c] + random.Next(i == 5 ? 1 : 0, 6);
            }

            int detections = cellStart[^1];
            var flags = new byte[detections * stride];
            random.NextBytes(flags);
            images.Add(new ImageMatch
            {
                ImageId = i,
                CellCategory = present,
                CellStart = cellStart,
                Scores = [.. Enumerable.Range(0, detections).Select(_ => random.Next(4) / 3.0)],
                Flags = flags,
                PositiveCount = [.. Enumerable.Range(0, present.Length * areaCount).Select(_ => random.Next(4))],
                CellCounts = [.. Enumerable.Range(0, present.Length * 3).Select(_ => random.Next(3))],
                DetectionIndex = i == 5 ? null : [.. Enumerable.Range(0, detections).Select(_ => random.Next(1000))],
            });
        }

        var cells = RecordPool.Cells.Build(images, categories);
        var seen = new RecordPool.PooledCategory?[categories];
        var copies = new (double[] Scores, int[] Rank, byte[] Flags, long[] Positives, long Ignored, int[]? Index, int[] Image)[categories];
        RecordPool.ForEachCategory(images, categories, areaCount, thresholdCount, (k, pooled) =>
        {
            seen[k] = pooled;
            // Rented arrays may be longer than Count, and go back to the pool after this call: copy what counts.
            int n = pooled.Count;
            Assert.True(rented || pooled.Scores.Length == n);
            copies[k] = (pooled.Scores[..n], pooled.Rank[..n], pooled.Flags[..(n * stride)], pooled.Positives, pooled.Ignored, pooled.DetectionIndex is { } index ? index[..Math.Min(n, index.Length)] : null, pooled.Image[..n]);
        }, rented, budget);
        for (int k = 0; k < categories; k++)
        {
            Assert.NotNull(seen[k]);
            var expected = RecordPool.Pool(images, cells, k, areaCount, thresholdCount);
            Assert.Equal(expected.Scores, copies[k].Scores);
            Assert.Equal(expected.Rank, copies[k].Rank);
            Assert.Equal(expected.Image, copies[k].Image);
            Assert.Equal(expected.Flags, copies[k].Flags);
            Assert.Equal(expected.Positives, copies[k].Positives);
            Assert.Equal(expected.Ignored, copies[k].Ignored);
            Assert.Equal(expected.DetectionIndex, copies[k].Index);
        }

        Assert.Contains(copies, c => c.Index is null);
        Assert.Contains(copies, c => c.Index is { Length: > 0 });
    }

    [Fact]
    public void TiesByDetectionIndex_ReordersEachTiedRun_AndEveryColumnMovesWithItsDetection()
    {
        // Scores 0.9, 0.9, 0.9, 0.5, 0.5 with indices 7, 2, 5, 1, 0: the runs become 2, 5, 7 and 0, 1.
        var pooled = new RecordPool.PooledCategory(
            Scores: [0.9, 0.9, 0.9, 0.5, 0.5], Rank: [0, 1, 2, 3, 4], Flags: [10, 11, 20, 21, 30, 31, 40, 41, 50, 51],
            Positives: [3], Ignored: 0, DetectionIndex: [7, 2, 5, 1, 0], Image: [100, 101, 102, 103, 104]);
        var tied = RecordPool.TiesByDetectionIndex(pooled, stride: 2);
        Assert.Equal(new[] { 2, 5, 7, 0, 1 }, tied.DetectionIndex);
        Assert.Equal(new[] { 1, 2, 0, 4, 3 }, tied.Rank);
        Assert.Equal(new[] { 101, 102, 100, 104, 103 }, tied.Image);
        Assert.Equal(new byte[] { 20, 21, 30, 31, 10, 11, 50, 51, 40, 41 }, tied.Flags);
        Assert.Equal(pooled.Scores, tied.Scores);
    }
}
