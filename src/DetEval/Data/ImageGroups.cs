namespace DetEval.Data;

/// <summary>A dataset's ground truths and a results set grouped by image, each group in file order.</summary>
internal sealed class ImageGroups
{
    private readonly List<GroundTruth>[] truths;
    private readonly ReadOnlyMemory<Detection> detections;
    private readonly int[] detectionStart;
    private readonly int[] detectionCount;

    private ImageGroups(List<GroundTruth>[] truths, ReadOnlyMemory<Detection> detections, int[] detectionStart, int[] detectionCount)
    {
        this.truths = truths;
        this.detections = detections;
        this.detectionStart = detectionStart;
        this.detectionCount = detectionCount;
    }

    public static ImageGroups Build(DetectionDataset dataset, DetectionSet results)
    {
        int n = dataset.Images.Count;
        var truths = new List<GroundTruth>[n];
        for (int i = 0; i < n; i++)
        {
            truths[i] = [];
        }

        foreach (var gt in dataset.GroundTruths)
        {
            int i = dataset.IndexOfImage(gt.ImageId);
            if (i >= 0)
            {
                truths[i].Add(gt);
            }
        }

        // Counting sort of the detections by image, stable so that file order is kept within an image.
        var all = results.AsSpan();
        var imageOf = new int[all.Length];
        var count = new int[n];
        var start = new int[n];
        // Whether each image's detections already stand together (the usual file layout): then no copy is made.
        bool together = true;
        for (int d = 0; d < all.Length; d++)
        {
            int i = dataset.IndexOfImage(all[d].ImageId);
            if (i < 0)
            {
                throw new DetEvalInputException(results.Source, $"detection {d}", $"image id {all[d].ImageId} is not in the ground truth");
            }

            imageOf[d] = i;
            if (count[i] == 0)
            {
                start[i] = d;
            }
            else if (d > 0 && imageOf[d - 1] != i)
            {
                together = false;
            }

            count[i]++;
        }

        if (together)
        {
            return new ImageGroups(truths, results.AsMemory(), start, count);
        }

        int sum = 0;
        for (int i = 0; i < n; i++)
        {
            start[i] = sum;
            sum += count[i];
        }

        var cursor = (int[])start.Clone();
        var grouped = new Detection[all.Length];
        for (int d = 0; d < all.Length; d++)
        {
            grouped[cursor[imageOf[d]]++] = all[d];
        }

        return new ImageGroups(truths, grouped, start, count);
    }

    public IReadOnlyList<GroundTruth> Truths(int imageIndex) => truths[imageIndex];

    public ReadOnlySpan<Detection> Detections(int imageIndex) =>
        detections.Span.Slice(detectionStart[imageIndex], detectionCount[imageIndex]);
}
