namespace DetEval.Data;

/// <summary>A dataset's ground truths and a results set grouped by image, each group in file order.</summary>
internal sealed class ImageGroups
{
    private readonly List<GroundTruth>[] truths;
    private readonly Detection[] detections;
    private readonly int[] detectionStart;

    private ImageGroups(List<GroundTruth>[] truths, Detection[] detections, int[] detectionStart)
    {
        this.truths = truths;
        this.detections = detections;
        this.detectionStart = detectionStart;
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
        var start = new int[n + 1];
        for (int d = 0; d < all.Length; d++)
        {
            int i = dataset.IndexOfImage(all[d].ImageId);
            if (i < 0)
            {
                throw new DetEvalInputException(results.Source, $"detection {d}", $"image id {all[d].ImageId} is not in the ground truth");
            }

            imageOf[d] = i;
            start[i + 1]++;
        }

        for (int i = 0; i < n; i++)
        {
            start[i + 1] += start[i];
        }

        var cursor = start[..n];
        var grouped = new Detection[all.Length];
        for (int d = 0; d < all.Length; d++)
        {
            grouped[cursor[imageOf[d]]++] = all[d];
        }

        return new ImageGroups(truths, grouped, start);
    }

    public IReadOnlyList<GroundTruth> Truths(int imageIndex) => truths[imageIndex];

    public ReadOnlySpan<Detection> Detections(int imageIndex) =>
        detections.AsSpan(detectionStart[imageIndex], detectionStart[imageIndex + 1] - detectionStart[imageIndex]);
}
