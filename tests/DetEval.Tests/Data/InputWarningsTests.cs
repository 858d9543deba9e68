namespace DetEval.Tests.Data;

public class InputWarningsTests
{
    private static DetectionDataset Dataset(long[] categoryIds) => new(
        [new ImageInfo(1, 100, 100), new ImageInfo(2, 1000, 1000)],
        [.. categoryIds.Select(id => new Category(id, $"c{id}"))],
        [.. categoryIds.Select((id, i) => new GroundTruth(i + 1, 2, id, new Box(10, 10, 20, 20), 400))]);

    [Fact]
    public void BoxesPastTheEdge_AreCountedOnEachDetectionsOwnImage_WhateverTheOrder()
    {
        // The same box is past the edge of image 1 (100 x 100) and inside image 2 (1000 x 1000). Detections alternate
        // between the two, run in groups, and name an image the ground truth lacks (not checked).
        var dataset = Dataset([1]);
        var box = new Box(50, 50, 80, 80);
        long[] order = [1, 2, 1, 1, 2, 2, 2, 1, 9, 1, 1, 9, 2, 1];
        var detections = new DetectionSet(order.Select(image => new Detection(image, 1, box, 0.5, box.Area)));

        var items = InputWarnings.Compute(dataset, detections).Items;
        var warning = items.Single(w => w.Kind == InputWarningKind.BoxesLookLikeXyxy);
        Assert.Equal(order.Length, items.Single(w => w.Kind == InputWarningKind.AllScoresEqual).Count);

        // 7 of the 12 checked boxes are on image 1 (more than half): all 7 counted, none of image 2's.
        Assert.Equal(order.Count(i => i == 1), warning.Count);
        Assert.All(warning.Examples, e => Assert.Contains("on image 1 ", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new long[] { 1, 5 })]
    [InlineData(new long[] { 1, 5, 1L << 40 })]
    [InlineData(new long[] { -4, 1, 5 })]
    public void DetectionsOfCategoriesWithoutGroundTruth_AreCounted_ForSmallAndLargeIds(long[] annotated)
    {
        long[] detected = [0, 1, 3, 5, 7, -2, 1L << 40, -4, 5, 3, 1 << 20, (1 << 20) - 1];
        var dataset = Dataset(annotated);
        var detections = new DetectionSet(detected.Select((c, i) => new Detection(2, c, new Box(10, 10, 20, 20), 0.1 * (i + 1), 400)));

        var items = InputWarnings.Compute(dataset, detections).Items;
        var warning = items.Single(w => w.Kind == InputWarningKind.CategoryWithoutGroundTruth);
        Assert.DoesNotContain(items, w => w.Kind == InputWarningKind.AllScoresEqual);

        var missing = detected.Where(c => !annotated.Contains(c)).ToArray();
        Assert.Equal(missing.Length, warning.Count);
        Assert.Equal(missing.Distinct().Order().Take(warning.Examples.Count).Select(id => $"category {id}"), warning.Examples);
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, 0.25)]
    public void ScansOfConsecutiveParts_JoinedInFileOrder_GiveTheWarningsOfOneScan(double firstScores, double lastScores)
    {
        // Past-edge boxes on image 1 (more than three, so that the examples are the file's first three), categories
        // without ground truth in every part, and scores equal within each half (equal throughout in the first case).
        var dataset = Dataset([1]);
        var detections = Enumerable.Range(0, 12).Select(i => new Detection(
            1 + (i % 3 == 0 ? 1 : 0), 1 + (i % 4), new Box(i, 50, 80, 80), i < 6 ? firstScores : lastScores, 6400)).ToArray();
        var whole = InputWarnings.Compute(dataset, new DetectionSet(detections)).Items;
        Assert.Contains(whole, w => w.Kind == InputWarningKind.BoxesLookLikeXyxy);
        Assert.Contains(whole, w => w.Kind == InputWarningKind.CategoryWithoutGroundTruth);
        foreach (int[] cuts in new[] { new[] { 1 }, [5, 6], [2, 7, 11], [0, 12] })
        {
            var scan = new InputWarnings.DetectionScan(dataset);
            int from = 0;
            foreach (int cut in cuts.Append(detections.Length))
            {
                var part = scan.Fork();
                part.Add(detections.AsSpan(from, cut - from));
                scan.Append(part);
                from = cut;
            }

            var joined = InputWarnings.Compute(dataset, scan).Items;
            Assert.Equal(whole.Select(w => (w.Kind, w.Count, w.Message, string.Join("|", w.Examples))), joined.Select(w => (w.Kind, w.Count, w.Message, string.Join("|", w.Examples))));
        }
    }
}
