using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DetEval.Kernels;

/// <summary>
/// The DOTA devkit's horizontal-box pre-filter: the VOC IoU, with the +1 pixel, of the axis-aligned hulls of one
/// ground truth and a row of detections (<c>voc_eval</c> in <c>dota_evaluation_task1.py</c>). A pair whose value is
/// not <c>&gt; 0</c> is dropped before the polygon IoU.
/// </summary>
/// <remarks>
/// For hulls G and D: <c>iw = max((min(Dx2, Gx2) - max(Dx1, Gx1)) + 1, 0)</c>, <c>ih</c> likewise,
/// <c>inters = iw * ih</c>, <c>uni = (Darea + Garea) - inters</c> with <c>area = (x2 - x1 + 1) * (y2 - y1 + 1)</c>,
/// value <c>inters / uni</c>: numpy's operations in numpy's order.
/// <para>
/// The vector widths are bit-identical to <see cref="ComputeScalar"/> for finite coordinates (what the readers and
/// the evaluators accept): the same IEEE operations lane by lane, no fused multiply-add. The only place a vector
/// min/max could differ from <c>Math.Min/Max</c> is the sign of a zero when both operands are zeros; such a zero
/// reaches only <c>m - M</c>, where <c>x - (+/-0) = x</c> and <c>(+/-0) - x = -x</c> for a non-zero x, and a zero
/// difference becomes exactly 1 after the <c>+ 1</c>. <c>max(v, 0)</c> never sees <c>-0</c>, because <c>v + 1</c>
/// is never <c>-0</c>. NaN can only appear after the min/max steps (an overflow to infinity), where every lane does
/// what the scalar does.
/// </para>
/// </remarks>
internal static class HullIou
{
    /// <summary>The specification: <paramref name="row"/>[d] = the +1-pixel IoU of the ground-truth hull and hull d.</summary>
    /// <param name="gx1">Ground-truth hull left.</param>
    /// <param name="gy1">Ground-truth hull top.</param>
    /// <param name="gx2">Ground-truth hull right.</param>
    /// <param name="gy2">Ground-truth hull bottom.</param>
    /// <param name="gArea">Ground-truth hull area, <c>(gx2 - gx1 + 1) * (gy2 - gy1 + 1)</c>.</param>
    /// <param name="dets">The detections' hull columns.</param>
    /// <param name="row">Output, one value per detection (its length is the number of detections read).</param>
    public static void ComputeScalar(double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(dets);
        ThrowIfShort(dets, row);
        ScalarFrom(0, gx1, gy1, gx2, gy2, gArea, dets, row);
    }

    /// <summary>The loop of <see cref="ComputeScalar"/> from detection <paramref name="start"/> on (the vector tails).</summary>
    private static void ScalarFrom(int start, double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row)
    {
        ReadOnlySpan<double> x1 = dets.X1, y1 = dets.Y1, x2 = dets.X2, y2 = dets.Y2, area = dets.Area;
        for (int d = start; d < row.Length; d++)
        {
            // Parity: ixmin = np.maximum(BBGT_xmin, bb_xmin) ...; iw = np.maximum(ixmax - ixmin + 1., 0.)
            double iw = Math.Max(Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1) + 1.0, 0.0);
            double ih = Math.Max(Math.Min(y2[d], gy2) - Math.Max(y1[d], gy1) + 1.0, 0.0);
            double inters = iw * ih;

            // Parity: uni = (bb area) + (BBGT area) - inters; overlaps = inters / uni
            row[d] = inters / (area[d] + gArea - inters);
        }
    }

    /// <summary>Fills <paramref name="row"/> like <see cref="ComputeScalar"/>, on the widest vector unit available.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    public static void Compute(double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row)
    {
        // IsHardwareAccelerated is a JIT-time constant, so only one branch survives.
        if (Vector512.IsHardwareAccelerated)
        {
            Compute512(gx1, gy1, gx2, gy2, gArea, dets, row);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Compute256(gx1, gy1, gx2, gy2, gArea, dets, row);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Compute128(gx1, gy1, gx2, gy2, gArea, dets, row);
        }
        else
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, dets, row);
        }
    }

    // The three widths are the same loop at different lane counts. Each returns how many detections it handled in
    // vector lanes (0 when the width is not accelerated and everything went through ComputeScalar).

    /// <summary>Vector128 twin of <see cref="ComputeScalar"/> (2 doubles per vector); scalar loop for the tail.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    /// <returns>The number of detections handled in vector lanes.</returns>
    internal static int Compute128(double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(dets);
        ThrowIfShort(dets, row);
        if (!Vector128.IsHardwareAccelerated)
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, dets, row);
            return 0;
        }

        // Every column is at least row.Length long (checked above), so the unchecked loads stay in bounds.
        ref double rx1 = ref MemoryMarshal.GetReference(dets.X1);
        ref double ry1 = ref MemoryMarshal.GetReference(dets.Y1);
        ref double rx2 = ref MemoryMarshal.GetReference(dets.X2);
        ref double ry2 = ref MemoryMarshal.GetReference(dets.Y2);
        ref double rArea = ref MemoryMarshal.GetReference(dets.Area);
        ref double rRow = ref MemoryMarshal.GetReference(row);
        Vector128<double> one = Vector128.Create(1.0);
        int end = row.Length - (row.Length % Vector128<double>.Count);
        for (int d = 0; d < end; d += Vector128<double>.Count)
        {
            // Lanes hold detections d .. d+1; the ground truth is broadcast.
            nuint at = (nuint)d;

            // iw = Math.Max(Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1) + 1.0, 0.0); ih likewise
            Vector128<double> iw = Vector128.Max(Vector128.Min(Vector128.LoadUnsafe(ref rx2, at), Vector128.Create(gx2)) - Vector128.Max(Vector128.LoadUnsafe(ref rx1, at), Vector128.Create(gx1)) + one, Vector128<double>.Zero);
            Vector128<double> ih = Vector128.Max(Vector128.Min(Vector128.LoadUnsafe(ref ry2, at), Vector128.Create(gy2)) - Vector128.Max(Vector128.LoadUnsafe(ref ry1, at), Vector128.Create(gy1)) + one, Vector128<double>.Zero);
            Vector128<double> inters = iw * ih;

            // row[d] = inters / (area[d] + gArea - inters)
            (inters / (Vector128.LoadUnsafe(ref rArea, at) + Vector128.Create(gArea) - inters)).StoreUnsafe(ref rRow, at);
        }

        // Tail: the last row.Length % 2 detections, by the specification itself.
        ScalarFrom(end, gx1, gy1, gx2, gy2, gArea, dets, row);
        return end;
    }

    /// <summary>Vector256 twin of <see cref="ComputeScalar"/> (4 doubles per vector); scalar loop for the tail.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    /// <returns>The number of detections handled in vector lanes.</returns>
    internal static int Compute256(double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(dets);
        ThrowIfShort(dets, row);
        if (!Vector256.IsHardwareAccelerated)
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, dets, row);
            return 0;
        }

        // Every column is at least row.Length long (checked above), so the unchecked loads stay in bounds.
        ref double rx1 = ref MemoryMarshal.GetReference(dets.X1);
        ref double ry1 = ref MemoryMarshal.GetReference(dets.Y1);
        ref double rx2 = ref MemoryMarshal.GetReference(dets.X2);
        ref double ry2 = ref MemoryMarshal.GetReference(dets.Y2);
        ref double rArea = ref MemoryMarshal.GetReference(dets.Area);
        ref double rRow = ref MemoryMarshal.GetReference(row);
        Vector256<double> one = Vector256.Create(1.0);
        int end = row.Length - (row.Length % Vector256<double>.Count);
        for (int d = 0; d < end; d += Vector256<double>.Count)
        {
            // Lanes hold detections d .. d+3; the ground truth is broadcast.
            nuint at = (nuint)d;

            // iw = Math.Max(Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1) + 1.0, 0.0); ih likewise
            Vector256<double> iw = Vector256.Max(Vector256.Min(Vector256.LoadUnsafe(ref rx2, at), Vector256.Create(gx2)) - Vector256.Max(Vector256.LoadUnsafe(ref rx1, at), Vector256.Create(gx1)) + one, Vector256<double>.Zero);
            Vector256<double> ih = Vector256.Max(Vector256.Min(Vector256.LoadUnsafe(ref ry2, at), Vector256.Create(gy2)) - Vector256.Max(Vector256.LoadUnsafe(ref ry1, at), Vector256.Create(gy1)) + one, Vector256<double>.Zero);
            Vector256<double> inters = iw * ih;

            // row[d] = inters / (area[d] + gArea - inters)
            (inters / (Vector256.LoadUnsafe(ref rArea, at) + Vector256.Create(gArea) - inters)).StoreUnsafe(ref rRow, at);
        }

        // Tail: the last row.Length % 4 detections, by the specification itself.
        ScalarFrom(end, gx1, gy1, gx2, gy2, gArea, dets, row);
        return end;
    }

    /// <summary>Vector512 twin of <see cref="ComputeScalar"/> (8 doubles per vector); scalar loop for the tail.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    /// <returns>The number of detections handled in vector lanes.</returns>
    internal static int Compute512(double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(dets);
        ThrowIfShort(dets, row);
        if (!Vector512.IsHardwareAccelerated)
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, dets, row);
            return 0;
        }

        // Every column is at least row.Length long (checked above), so the unchecked loads stay in bounds.
        ref double rx1 = ref MemoryMarshal.GetReference(dets.X1);
        ref double ry1 = ref MemoryMarshal.GetReference(dets.Y1);
        ref double rx2 = ref MemoryMarshal.GetReference(dets.X2);
        ref double ry2 = ref MemoryMarshal.GetReference(dets.Y2);
        ref double rArea = ref MemoryMarshal.GetReference(dets.Area);
        ref double rRow = ref MemoryMarshal.GetReference(row);
        Vector512<double> one = Vector512.Create(1.0);
        int end = row.Length - (row.Length % Vector512<double>.Count);
        for (int d = 0; d < end; d += Vector512<double>.Count)
        {
            // Lanes hold detections d .. d+7; the ground truth is broadcast.
            nuint at = (nuint)d;

            // iw = Math.Max(Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1) + 1.0, 0.0); ih likewise
            Vector512<double> iw = Vector512.Max(Vector512.Min(Vector512.LoadUnsafe(ref rx2, at), Vector512.Create(gx2)) - Vector512.Max(Vector512.LoadUnsafe(ref rx1, at), Vector512.Create(gx1)) + one, Vector512<double>.Zero);
            Vector512<double> ih = Vector512.Max(Vector512.Min(Vector512.LoadUnsafe(ref ry2, at), Vector512.Create(gy2)) - Vector512.Max(Vector512.LoadUnsafe(ref ry1, at), Vector512.Create(gy1)) + one, Vector512<double>.Zero);
            Vector512<double> inters = iw * ih;

            // row[d] = inters / (area[d] + gArea - inters)
            (inters / (Vector512.LoadUnsafe(ref rArea, at) + Vector512.Create(gArea) - inters)).StoreUnsafe(ref rRow, at);
        }

        // Tail: the last row.Length % 8 detections, by the specification itself.
        ScalarFrom(end, gx1, gy1, gx2, gy2, gArea, dets, row);
        return end;
    }

    private static void ThrowIfShort(QuadColumns dets, Span<double> row)
    {
        if (dets.Count < row.Length)
        {
            throw new ArgumentException($"{dets.Count} detections are fewer than the row's {row.Length} entries", nameof(row));
        }
    }
}
