namespace DetEval.Data;

/// <summary>
/// The one grouping of a dataset's ground truths and a results set by image (every protocol's batch update and the
/// confusion matrix use it), each group in file order, with each item's position in its input.
/// </summary>
internal sealed class ImageGroups
{
    private readonly GroundTruth[] truths;
    private readonly int[] truthIndices;
    private readonly int[] truthStart;
    private readonly ReadOnlyMemory<Detection> results;
    private readonly object gate = new();
    private Detection[]? grouped;
    private readonly int[] detectionStart;
    private readonly int[] detectionCount;
    private readonly int[] imageOf;
    private readonly bool together;
    private int[]? detectionIndices;

    private ImageGroups(
        GroundTruth[] truths, int[] truthIndices, int[] truthStart, ReadOnlyMemory<Detection> results, int[] detectionStart, int[] detectionCount, int[] imageOf, bool together)
    {
        this.truths = truths;
        this.truthIndices = truthIndices;
        this.truthStart = truthStart;
        this.results = results;
        this.detectionStart = detectionStart;
        this.detectionCount = detectionCount;
        this.imageOf = imageOf;
        this.together = together;
    }

    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    public static ImageGroups Build(DetectionDataset dataset, DetectionSet results)
    {
        int n = dataset.Images.Count;
        // A counting sort of the ground truths by image, stable (file order within an image), into one array: no list
        // per image for the collector to trace (a million ground truths in Objects365).
        var groundTruths = dataset.GroundTruths;
        var truthImage = new int[groundTruths.Count];
        var truthStart = new int[n + 1];
        var truthCursor = dataset.Cursor();
        for (int g = 0; g < truthImage.Length; g++)
        {
            int i = truthImage[g] = truthCursor.IndexOf(groundTruths[g].ImageId);
            if (i >= 0)
            {
                truthStart[i + 1]++;
            }
        }

        for (int i = 0; i < n; i++)
        {
            truthStart[i + 1] += truthStart[i];
        }

        var truths = new GroundTruth[truthStart[n]];
        var truthIndices = new int[truthStart[n]];
        var truthAt = truthStart[..n];
        for (int g = 0; g < truthImage.Length; g++)
        {
            if (truthImage[g] is int i and >= 0)
            {
                int at = truthAt[i]++;
                truths[at] = groundTruths[g];
                truthIndices[at] = g;
            }
        }

        // Counting sort of the detections by image, stable so that file order is kept within an image.
        var all = results.AsSpan();
        var imageOf = new int[all.Length];
        var count = new int[n];
        var start = new int[n];
        // Whether each image's detections already stand together (the usual file layout): then no copy is made.
        bool together = true;
        var cursor = dataset.Cursor();
        for (int d = 0; d < all.Length; d++)
        {
            int i = cursor.IndexOf(all[d].ImageId);
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

        if (!together)
        {
            int sum = 0;
            for (int i = 0; i < n; i++)
            {
                start[i] = sum;
                sum += count[i];
            }
        }

        return new ImageGroups(truths, truthIndices, truthStart, results.AsMemory(), start, count, imageOf, together);
    }

    public IReadOnlyList<GroundTruth> Truths(int imageIndex) =>
        new ArraySegment<GroundTruth>(truths, truthStart[imageIndex], truthStart[imageIndex + 1] - truthStart[imageIndex]);

    /// <summary>The positions of the image's ground truths in the dataset.</summary>
    public IReadOnlyList<int> TruthIndices(int imageIndex) =>
        new ArraySegment<int>(truthIndices, truthStart[imageIndex], truthStart[imageIndex + 1] - truthStart[imageIndex]);

    /// <summary>The image's detections in file order (when the results list images apart, the first call copies
    /// them into image order; readers that only need <see cref="DetectionIndices"/> never pay for the copy).</summary>
    public ReadOnlySpan<Detection> Detections(int imageIndex) =>
        together
            ? results.Span.Slice(detectionStart[imageIndex], detectionCount[imageIndex])
            : (Volatile.Read(ref grouped) ?? Group()).AsSpan(detectionStart[imageIndex], detectionCount[imageIndex]);

    /// <summary>The positions of the image's detections in the results set (made on first use).</summary>
    public ReadOnlySpan<int> DetectionIndices(int imageIndex)
    {
        var indices = Volatile.Read(ref detectionIndices) ?? BuildDetectionIndices();
        return indices.AsSpan(detectionStart[imageIndex], detectionCount[imageIndex]);
    }

    private Detection[] Group()
    {
        lock (gate)
        {
            if (grouped is { } done)
            {
                return done;
            }

            var all = results.Span;
            var cursor = (int[])detectionStart.Clone();
            var copy = new Detection[all.Length];
            for (int d = 0; d < all.Length; d++)
            {
                copy[cursor[imageOf[d]]++] = all[d];
            }

            Volatile.Write(ref grouped, copy);
            return copy;
        }
    }

    private int[] BuildDetectionIndices()
    {
        lock (gate)
        {
            if (detectionIndices is { } done)
            {
                return done;
            }

            var made = MakeDetectionIndices();
            Volatile.Write(ref detectionIndices, made);
            return made;
        }
    }

    private int[] MakeDetectionIndices()
    {
        var indices = new int[imageOf.Length];
        if (together)
        {
            for (int d = 0; d < indices.Length; d++)
            {
                indices[d] = d;
            }

            return indices;
        }

        var cursor = (int[])detectionStart.Clone();
        for (int d = 0; d < imageOf.Length; d++)
        {
            indices[cursor[imageOf[d]]++] = d;
        }

        return indices;
    }
}
