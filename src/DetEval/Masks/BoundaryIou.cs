using System.Buffers;
using DetEval.Kernels;
using DetEval.Masks;

namespace DetEval;

/// <summary>
/// Boundary bands and Boundary IoU of masks (Cheng et al., CVPR 2021), exactly as boundary-iou-api's
/// <c>mask_to_boundary</c> and the <c>maskUtils.iou</c> of two bands; computed on runs and bit words, never on a pixel
/// array.
/// </summary>
/// <remarks>
/// For a mask M of h x w pixels, <c>d = max(1, round(r * sqrt(h² + w²)))</c> (r the dilation ratio, rounded half to
/// even) and the band is <c>B(M) = M - erode(M)</c> by the (2d + 1) x (2d + 1) square, pixels outside the image being
/// background: a pixel of M is in the band when some pixel within Chebyshev distance d of it is outside M or outside
/// the image. Boundary IoU is <c>|B(A) ∩ B(B)| / |B(A) ∪ B(B)|</c>, 0 when the bands do not intersect.
/// </remarks>
public static class BoundaryIou
{
    [ThreadStatic]
    private static (BandSet A, BandSet B)? sets;

    /// <summary>The band's half-width d in pixels for a mask of <paramref name="height"/> x <paramref name="width"/>.</summary>
    /// <param name="height">The mask's height.</param>
    /// <param name="width">The mask's width.</param>
    /// <param name="dilationRatio">The fraction of the image diagonal (in [0, 1]; boundary-iou-api's default 0.02).</param>
    /// <returns><c>max(1, round(dilationRatio * sqrt(h² + w²)))</c>, rounded half to even (0.02 x 175 = 3.5 gives 4).</returns>
    public static int Dilation(int height, int width, double dilationRatio = 0.02)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        CheckRatio(dilationRatio);
        return BandSet.Radius(dilationRatio, height, width);
    }

    /// <summary>The boundary band of a mask, as a mask of the same size.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="dilationRatio">The fraction of the image diagonal (in [0, 1]; default 0.02).</param>
    /// <returns><c>M - erode(M)</c> (see the class remarks).</returns>
    /// <exception cref="FormatException">The mask's counts do not cover its size.</exception>
    public static Rle Band(Rle mask, double dilationRatio = 0.02)
    {
        ArgumentNullException.ThrowIfNull(mask);
        CheckRatio(dilationRatio);
        var set = Sets().A;
        set.Clear();
        var frame = Add(set, mask, dilationRatio);
        return new Rle(mask.Height, mask.Width, set.ToCounts(frame, mask.Height, mask.Width));
    }

    /// <summary>The Boundary IoU of two masks of one size.</summary>
    /// <param name="a">One mask.</param>
    /// <param name="b">The other mask, of the same size.</param>
    /// <param name="dilationRatio">The fraction of the image diagonal (in [0, 1]; default 0.02).</param>
    /// <returns>Intersection over union of the two bands; 0 when they do not intersect (both empty included).</returns>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    /// <exception cref="FormatException">A mask's counts do not cover its size.</exception>
    public static double Compute(Rle a, Rle b, double dilationRatio = 0.02)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CheckRatio(dilationRatio);
        if (a.Height != b.Height || a.Width != b.Width)
        {
            throw new ArgumentException($"The masks differ in size: [{a.Height}, {a.Width}] and [{b.Height}, {b.Width}].", nameof(b));
        }

        var (setA, setB) = Sets();
        setA.Clear();
        setB.Clear();
        var bandA = Add(setA, a, dilationRatio);
        var bandB = Add(setB, b, dilationRatio);
        return setA.Iou(bandA, setB, bandB);
    }

    /// <summary>Adds a mask's band to <paramref name="set"/>.</summary>
    /// <exception cref="FormatException">The counts do not cover the mask, or it has 2^31 pixels or more.</exception>
    internal static BandFrame Add(BandSet set, Rle mask, double dilationRatio)
    {
        mask.Validate();
        int capacity = (mask.Counts.Length / 2) + RunIntersection.Padding;
        int[] starts = ArrayPool<int>.Shared.Rent(capacity), ends = ArrayPool<int>.Shared.Rent(capacity);
        try
        {
            int n = RunIntersection.ToIntervals(mask.Counts, starts.AsSpan(0, capacity), ends.AsSpan(0, capacity), out _);
            if (n < 0)
            {
                throw new FormatException($"A mask of size [{mask.Height}, {mask.Width}] has too many pixels for a boundary band (2^31 or more).");
            }

            int radius = BandSet.Radius(dilationRatio, mask.Height, mask.Width);
            return set.Add(starts.AsSpan(0, n), ends.AsSpan(0, n), mask.Height, radius);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(ends);
        }
    }

    private static (BandSet A, BandSet B) Sets() => sets ??= (new BandSet(), new BandSet());

    private static void CheckRatio(double dilationRatio)
    {
        if (!(dilationRatio >= 0 && dilationRatio <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(dilationRatio), dilationRatio, "The dilation ratio must be in [0, 1].");
        }
    }
}
