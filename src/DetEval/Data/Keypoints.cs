using DetEval.Data;

namespace DetEval;

/// <summary>
/// The keypoints of an annotation or a result, as COCO writes them: <c>[x1, y1, v1, ..., xK, yK, vK]</c>. For ground
/// truth v is the label (0 not labelled, 1 labelled but hidden, 2 visible); for results it is a confidence that the
/// evaluation never reads.
/// </summary>
public sealed class Keypoints
{
    private readonly double[] values;

    /// <summary>Creates keypoints from K triples.</summary>
    /// <param name="values">x, y, v for each keypoint (copied).</param>
    /// <exception cref="ArgumentException">The length is not a multiple of 3, or a value is not finite.</exception>
    public Keypoints(ReadOnlySpan<double> values)
        : this(values.ToArray())
    {
    }

    private Keypoints(double[] values)
    {
        if (values.Length % 3 != 0)
        {
            throw new ArgumentException($"keypoints need x, y, v triples; got {values.Length} numbers", nameof(values));
        }

        int labelled = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"keypoint value {i} is {values[i]}, not a finite number", nameof(values));
            }

            if (i % 3 == 2 && values[i] > 0)
            {
                labelled++;
            }
        }

        this.values = values;
        LabelledCount = labelled;
    }

    /// <summary>The number of keypoints K.</summary>
    public int Count => values.Length / 3;

    /// <summary>The number of keypoints whose v is above 0 (labelled keypoints, for ground truth).</summary>
    public int LabelledCount { get; }

    /// <summary>All 3K numbers, x, y, v for each keypoint.</summary>
    public ReadOnlySpan<double> Values => values;

    /// <summary>The x coordinate of keypoint <paramref name="index"/>.</summary>
    /// <param name="index">The keypoint, 0 to K-1.</param>
    /// <returns>The coordinate.</returns>
    public double X(int index) => values[3 * index];

    /// <summary>The y coordinate of keypoint <paramref name="index"/>.</summary>
    /// <param name="index">The keypoint, 0 to K-1.</param>
    /// <returns>The coordinate.</returns>
    public double Y(int index) => values[(3 * index) + 1];

    /// <summary>The third value of keypoint <paramref name="index"/> (label or confidence).</summary>
    /// <param name="index">The keypoint, 0 to K-1.</param>
    /// <returns>The value.</returns>
    public double V(int index) => values[(3 * index) + 2];

    /// <summary>Takes ownership of an array already checked by the caller's reader.</summary>
    internal static Keypoints Wrap(double[] values) => new(values);
}
