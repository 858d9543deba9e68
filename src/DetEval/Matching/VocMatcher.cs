using DetEval.Evaluation;
using DetEval.Matching;

namespace DetEval;

/// <summary>
/// The Pascal VOC matcher (the devkit's <c>voc_eval</c>): a detection is compared with every ground truth of its
/// class in its image and takes the one with the highest IoU, with no fall-back to the second best.
/// </summary>
public static class VocMatcher
{
    /// <summary>The VOC IoU of a detection and a ground truth.</summary>
    /// <remarks>
    /// With <see cref="PixelConvention.Inclusive"/>: <c>iw = max(min(x2) - max(x1) + 1, 0)</c>, likewise <c>ih</c>;
    /// <c>union = (dx2 - dx1 + 1) * (dy2 - dy1 + 1) + (gx2 - gx1 + 1) * (gy2 - gy1 + 1) - iw * ih</c>; IoU =
    /// <c>iw * ih / union</c>, in the devkit's operation order. <see cref="PixelConvention.Continuous"/> drops the +1.
    /// A zero union gives NaN, as in numpy.
    /// </remarks>
    /// <param name="detection">The detection's corners.</param>
    /// <param name="truth">The ground truth's corners.</param>
    /// <param name="convention">Whether sizes get the +1 pixel.</param>
    public static double Iou(in BoxCorners detection, in BoxCorners truth, PixelConvention convention)
    {
        double one = convention == PixelConvention.Inclusive ? 1.0 : 0.0;
        double ixmin = Math.Max(truth.X1, detection.X1);
        double iymin = Math.Max(truth.Y1, detection.Y1);
        double ixmax = Math.Min(truth.X2, detection.X2);
        double iymax = Math.Min(truth.Y2, detection.Y2);
        double iw = Math.Max(ixmax - ixmin + one, 0.0);
        double ih = Math.Max(iymax - iymin + one, 0.0);
        double inters = iw * ih;
        double union = ((detection.X2 - detection.X1 + one) * (detection.Y2 - detection.Y1 + one))
            + ((truth.X2 - truth.X1 + one) * (truth.Y2 - truth.Y1 + one))
            - inters;
        return inters / union;
    }

    /// <summary>
    /// Matches one detection against the ground truths of its class in its image and marks the one it takes.
    /// Call it for the detections of a class in rank order, with <paramref name="taken"/> kept between calls.
    /// </summary>
    /// <remarks>
    /// The best ground truth is the first with the maximum IoU. If that IoU passes the threshold: on a difficult
    /// (ignored) object the detection is <see cref="MatchFlag.Ignored"/>; on a free one it is a true positive and
    /// takes it; on a taken one it is a false positive. Otherwise (or with no ground truth) a false positive.
    /// </remarks>
    /// <param name="detection">The detection's corners.</param>
    /// <param name="truths">The ground truths of the class in the image, in file order.</param>
    /// <param name="ignored">Per ground truth: difficult and ignored.</param>
    /// <param name="taken">Per ground truth: already detected; updated.</param>
    /// <param name="options">The threshold, comparison and pixel convention.</param>
    public static MatchFlag Match(in BoxCorners detection, ReadOnlySpan<BoxCorners> truths, ReadOnlySpan<bool> ignored, Span<bool> taken, VocOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Span<double> ious = truths.Length <= 128 ? stackalloc double[truths.Length] : new double[truths.Length];
        for (int gtIndex = 0; gtIndex < truths.Length; gtIndex++)
        {
            ious[gtIndex] = Iou(detection, truths[gtIndex], options.PixelConvention);
        }

        return MatchColumn(ious, 0, 1, truths.Length, ignored, taken, options);
    }

    /// <summary>
    /// <see cref="Match"/> on precomputed similarities: detection <paramref name="column"/> of a cell's matrix
    /// <c>ious[g * stride + column]</c>, against its <paramref name="truthCount"/> objects in file order.
    /// </summary>
    /// <param name="ious">The cell's similarity matrix, row-major by object.</param>
    /// <param name="column">The detection's column.</param>
    /// <param name="stride">The row length (the cell's detections).</param>
    /// <param name="truthCount">The cell's objects.</param>
    /// <param name="ignored">Per object: difficult and ignored.</param>
    /// <param name="taken">Per object: already detected; updated.</param>
    /// <param name="options">The threshold and comparison.</param>
    /// <returns>The detection's outcome.</returns>
    internal static MatchFlag MatchColumn(ReadOnlySpan<double> ious, int column, int stride, int truthCount, ReadOnlySpan<bool> ignored, Span<bool> taken, VocOptions options)
    {
        double best = double.NegativeInfinity;
        int match = -1;
        for (int gtIndex = 0; gtIndex < truthCount; gtIndex++)
        {
            double iou = ious[(gtIndex * stride) + column];
            if (double.IsNaN(iou))
            {
                // Parity: np.max propagates NaN and np.argmax points at the first NaN; NaN passes no threshold.
                best = double.NaN;
                match = gtIndex;
                break;
            }

            // Parity: strict > keeps the first maximum (np.argmax).
            if (iou > best)
            {
                best = iou;
                match = gtIndex;
            }
        }

        bool passes = options.IouComparison == IouComparison.GreaterOrEqual
            ? best >= options.IouThreshold
            : best > options.IouThreshold;
        if (!passes)
        {
            return MatchFlag.FalsePositive;
        }

        if (ignored[match])
        {
            return MatchFlag.Ignored;
        }

        if (taken[match])
        {
            // Parity: a second detection of the same object is a FP; there is no fall-back to the next best.
            return MatchFlag.FalsePositive;
        }

        taken[match] = true;
        return MatchFlag.TruePositive;
    }
}
