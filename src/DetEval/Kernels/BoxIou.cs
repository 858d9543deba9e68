using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DetEval.Kernels;

/// <summary>
/// Box IoU between one ground truth and a row of detections, exactly as the reference <c>bbIou</c>.
/// </summary>
/// <remarks>
/// For a ground truth G and detection D (x, y, w, h): <c>w = min(Dx2, Gx2) - max(Dx1, Gx1)</c>,
/// <c>h</c> likewise, IoU 0 when <c>w &lt;= 0</c> or <c>h &lt;= 0</c>, else <c>i = w*h</c>,
/// <c>u = crowd ? Darea : (Darea + Garea) - i</c>, IoU <c>i / u</c>.
/// <para>
/// The vector widths (<c>Compute128/256/512</c>) are bit-identical to <see cref="ComputeScalar"/>:
/// the same IEEE operations in the same order, each lane rounded once per operation, no fused
/// multiply-add (RyuJIT never contracts <c>a * b + c</c> on its own).
/// </para>
/// <para>
/// Why the vector min/max cannot change a result: <c>Vector*.Min/Max</c> follow <c>Math.Min/Max</c>
/// (IEEE 754:2019 minimum/maximum, -0 &lt; +0, NaN propagates) since .NET 9, but the argument does not even
/// need that. For non-NaN inputs any min/max can differ from <c>Math.Min/Max</c> only when the two
/// operands are equal, i.e. by the sign of a zero (+0 vs -0). Such a zero cannot change
/// <c>w = m - M</c> when it matters: if only m is a zero, <c>(+/-0) - M == -M</c> exactly; if only M is,
/// <c>m - (+/-0) == m</c>; if both are, w is a zero and the lane is forced to +0 because <c>w &lt;= 0</c>.
/// So wherever <c>w &gt; 0</c> and <c>h &gt; 0</c>, w and h, and hence i, u and i/u, equal the scalar
/// bits; everywhere else the result is exactly +0.0 in both.
/// </para>
/// <para>
/// Zero union: a pair reaches the division only when <c>w &gt; 0</c> and <c>h &gt; 0</c>, so a
/// zero-area box (whose union with a box it touches could be 0) yields 0, never NaN. (Only sides
/// so small that <c>w * h</c> and both areas underflow to 0, below about 1e-162, can still give 0/0 = NaN;
/// the reference does the same, so that is kept.)
/// </para>
/// </remarks>
internal static class BoxIou
{
    /// <summary>The specification: fills <paramref name="row"/>[d] with the IoU of the ground truth and detection d.</summary>
    /// <param name="gx1">Ground-truth left edge.</param>
    /// <param name="gy1">Ground-truth top edge.</param>
    /// <param name="gx2">Ground-truth right edge (x + w).</param>
    /// <param name="gy2">Ground-truth bottom edge (y + h).</param>
    /// <param name="gArea">Ground-truth area (w * h).</param>
    /// <param name="crowd">Whether the ground truth is a crowd region (union = detection area).</param>
    /// <param name="x1">Detection left edges.</param>
    /// <param name="y1">Detection top edges.</param>
    /// <param name="x2">Detection right edges.</param>
    /// <param name="y2">Detection bottom edges.</param>
    /// <param name="area">Detection areas.</param>
    /// <param name="row">Output, one IoU per detection.</param>
    public static void ComputeScalar(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        int n = row.Length;
        for (int d = 0; d < n; d++)
        {
            row[d] = 0;
            double w = Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1);
            if (w <= 0)
            {
                continue;
            }

            double h = Math.Min(y2[d], gy2) - Math.Max(y1[d], gy1);
            if (h <= 0)
            {
                continue;
            }

            double i = w * h;
            double u = crowd ? area[d] : area[d] + gArea - i;
            row[d] = i / u;
        }
    }

    /// <summary>Fills <paramref name="row"/> like <see cref="ComputeScalar"/>, on the widest vector unit available.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    /// <exception cref="ArgumentException">A detection column is shorter than <paramref name="row"/>.</exception>
    public static void Compute(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        // IsHardwareAccelerated is a JIT-time constant, so only one branch survives.
        if (Vector512.IsHardwareAccelerated)
        {
            Compute512(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Compute256(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            Compute128(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
        }
        else
        {
            ThrowIfShorterThanRow(x1, y1, x2, y2, area, row);
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
        }
    }

    /// <summary>
    /// Fills the IoU matrix of every ground truth against every detection, row-major by ground truth:
    /// <paramref name="matrix"/>[g * dets.Count + d], the reference's <c>o[g*m+d]</c> layout.
    /// </summary>
    /// <remarks>Each row is <see cref="Compute"/> of ground truth g against all detections.</remarks>
    /// <param name="gts">Ground-truth boxes.</param>
    /// <param name="gtCrowd">Crowd flag per ground truth, or empty for no crowd regions (the reference's <c>iscrowd == NULL</c>).</param>
    /// <param name="dets">Detection boxes.</param>
    /// <param name="matrix">Output with at least <c>gts.Count * dets.Count</c> elements; the rest is left untouched.</param>
    /// <exception cref="ArgumentException"><paramref name="gtCrowd"/> or <paramref name="matrix"/> has the wrong length.</exception>
    public static void ComputeMatrix(BoxColumns gts, ReadOnlySpan<bool> gtCrowd, BoxColumns dets, Span<double> matrix)
    {
        ArgumentNullException.ThrowIfNull(gts);
        ArgumentNullException.ThrowIfNull(dets);
        int gtCount = gts.Count;
        int detCount = dets.Count;
        if (!gtCrowd.IsEmpty && gtCrowd.Length != gtCount)
        {
            throw new ArgumentException($"Expected {gtCount} crowd flags (or none), got {gtCrowd.Length}.", nameof(gtCrowd));
        }

        if ((long)gtCount * detCount > matrix.Length)
        {
            throw new ArgumentException($"Matrix needs {(long)gtCount * detCount} elements, has {matrix.Length}.", nameof(matrix));
        }

        ReadOnlySpan<double> gx1 = gts.X1, gy1 = gts.Y1, gx2 = gts.X2, gy2 = gts.Y2, gArea = gts.Area;
        ReadOnlySpan<double> x1 = dets.X1, y1 = dets.Y1, x2 = dets.X2, y2 = dets.Y2, area = dets.Area;
        for (int gtIndex = 0; gtIndex < gtCount; gtIndex++)
        {
            bool crowd = !gtCrowd.IsEmpty && gtCrowd[gtIndex];
            Compute(
                gx1[gtIndex], gy1[gtIndex], gx2[gtIndex], gy2[gtIndex], gArea[gtIndex], crowd,
                x1, y1, x2, y2, area, matrix.Slice(gtIndex * detCount, detCount));
        }
    }

    // The three widths below are the same loop at different lane counts; only the width changes.
    // Each returns how many detections it handled in vector lanes (0 when the width is not
    // accelerated and everything went through ComputeScalar), so tests can assert the vector path ran.

    /// <summary>Vector128 twin of <see cref="ComputeScalar"/> (2 doubles per vector); scalar loop for the tail.</summary>
    /// <returns>The number of detections handled in vector lanes.</returns>
    internal static int Compute128(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        // Checked on every path, so a short column fails the same way with or without vector hardware.
        ThrowIfShorterThanRow(x1, y1, x2, y2, area, row);
        if (!Vector128.IsHardwareAccelerated)
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
            return 0;
        }

        int n = row.Length;

        // Every column is at least n long (checked above), so the unchecked loads below stay in bounds.
        ref double rx1 = ref MemoryMarshal.GetReference(x1);
        ref double ry1 = ref MemoryMarshal.GetReference(y1);
        ref double rx2 = ref MemoryMarshal.GetReference(x2);
        ref double ry2 = ref MemoryMarshal.GetReference(y2);
        ref double rArea = ref MemoryMarshal.GetReference(area);
        ref double rRow = ref MemoryMarshal.GetReference(row);

        // The ground truth, broadcast to every lane once per row.
        Vector128<double> vgx1 = Vector128.Create(gx1), vgy1 = Vector128.Create(gy1);
        Vector128<double> vgx2 = Vector128.Create(gx2), vgy2 = Vector128.Create(gy2);
        Vector128<double> vgArea = Vector128.Create(gArea);

        int vectorEnd = n - (n % Vector128<double>.Count);
        for (int d = 0; d < vectorEnd; d += Vector128<double>.Count)
        {
            // Lanes hold detections d .. d+1.
            nuint at = (nuint)d;

            // double w = Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1);
            Vector128<double> w = Vector128.Min(Vector128.LoadUnsafe(ref rx2, at), vgx2)
                - Vector128.Max(Vector128.LoadUnsafe(ref rx1, at), vgx1);

            // double h = Math.Min(y2[d], gy2) - Math.Max(y1[d], gy1);  (computed for every lane, masked below)
            Vector128<double> h = Vector128.Min(Vector128.LoadUnsafe(ref ry2, at), vgy2)
                - Vector128.Max(Vector128.LoadUnsafe(ref ry1, at), vgy1);

            // double i = w * h;
            Vector128<double> inter = w * h;

            // double u = crowd ? area[d] : area[d] + gArea - i;  ((area + gArea) - i, the scalar's left-to-right order)
            Vector128<double> a = Vector128.LoadUnsafe(ref rArea, at);
            Vector128<double> union = crowd ? a : (a + vgArea) - inter;

            // if (w <= 0) / if (h <= 0): row[d] = 0 (all bits clear, exactly +0.0); else row[d] = i / u.
            // Testing "<= 0" rather than "> 0" keeps the scalar's NaN behaviour too.
            Vector128<double> zero = Vector128.LessThanOrEqual(w, Vector128<double>.Zero)
                | Vector128.LessThanOrEqual(h, Vector128<double>.Zero);
            Vector128.AndNot(inter / union, zero).StoreUnsafe(ref rRow, at);
        }

        // Tail: the last n % 2 detections, by the specification itself.
        ComputeScalar(
            gx1, gy1, gx2, gy2, gArea, crowd,
            x1[vectorEnd..n], y1[vectorEnd..n], x2[vectorEnd..n], y2[vectorEnd..n], area[vectorEnd..n], row[vectorEnd..]);
        return vectorEnd;
    }

    /// <summary>Vector256 twin of <see cref="ComputeScalar"/> (4 doubles per vector); scalar loop for the tail.</summary>
    /// <returns>The number of detections handled in vector lanes.</returns>
    internal static int Compute256(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        // Checked on every path, so a short column fails the same way with or without vector hardware.
        ThrowIfShorterThanRow(x1, y1, x2, y2, area, row);
        if (!Vector256.IsHardwareAccelerated)
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
            return 0;
        }

        int n = row.Length;

        // Every column is at least n long (checked above), so the unchecked loads below stay in bounds.
        ref double rx1 = ref MemoryMarshal.GetReference(x1);
        ref double ry1 = ref MemoryMarshal.GetReference(y1);
        ref double rx2 = ref MemoryMarshal.GetReference(x2);
        ref double ry2 = ref MemoryMarshal.GetReference(y2);
        ref double rArea = ref MemoryMarshal.GetReference(area);
        ref double rRow = ref MemoryMarshal.GetReference(row);

        // The ground truth, broadcast to every lane once per row.
        Vector256<double> vgx1 = Vector256.Create(gx1), vgy1 = Vector256.Create(gy1);
        Vector256<double> vgx2 = Vector256.Create(gx2), vgy2 = Vector256.Create(gy2);
        Vector256<double> vgArea = Vector256.Create(gArea);

        int vectorEnd = n - (n % Vector256<double>.Count);
        for (int d = 0; d < vectorEnd; d += Vector256<double>.Count)
        {
            // Lanes hold detections d .. d+3.
            nuint at = (nuint)d;

            // double w = Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1);
            Vector256<double> w = Vector256.Min(Vector256.LoadUnsafe(ref rx2, at), vgx2)
                - Vector256.Max(Vector256.LoadUnsafe(ref rx1, at), vgx1);

            // double h = Math.Min(y2[d], gy2) - Math.Max(y1[d], gy1);  (computed for every lane, masked below)
            Vector256<double> h = Vector256.Min(Vector256.LoadUnsafe(ref ry2, at), vgy2)
                - Vector256.Max(Vector256.LoadUnsafe(ref ry1, at), vgy1);

            // double i = w * h;
            Vector256<double> inter = w * h;

            // double u = crowd ? area[d] : area[d] + gArea - i;  ((area + gArea) - i, the scalar's left-to-right order)
            Vector256<double> a = Vector256.LoadUnsafe(ref rArea, at);
            Vector256<double> union = crowd ? a : (a + vgArea) - inter;

            // if (w <= 0) / if (h <= 0): row[d] = 0 (all bits clear, exactly +0.0); else row[d] = i / u.
            // Testing "<= 0" rather than "> 0" keeps the scalar's NaN behaviour too.
            Vector256<double> zero = Vector256.LessThanOrEqual(w, Vector256<double>.Zero)
                | Vector256.LessThanOrEqual(h, Vector256<double>.Zero);
            Vector256.AndNot(inter / union, zero).StoreUnsafe(ref rRow, at);
        }

        // Tail: the last n % 4 detections, by the specification itself.
        ComputeScalar(
            gx1, gy1, gx2, gy2, gArea, crowd,
            x1[vectorEnd..n], y1[vectorEnd..n], x2[vectorEnd..n], y2[vectorEnd..n], area[vectorEnd..n], row[vectorEnd..]);
        return vectorEnd;
    }

    /// <summary>Vector512 twin of <see cref="ComputeScalar"/> (8 doubles per vector); scalar loop for the tail.</summary>
    /// <returns>The number of detections handled in vector lanes.</returns>
    internal static int Compute512(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        // Checked on every path, so a short column fails the same way with or without vector hardware.
        ThrowIfShorterThanRow(x1, y1, x2, y2, area, row);
        if (!Vector512.IsHardwareAccelerated)
        {
            ComputeScalar(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
            return 0;
        }

        int n = row.Length;

        // Every column is at least n long (checked above), so the unchecked loads below stay in bounds.
        ref double rx1 = ref MemoryMarshal.GetReference(x1);
        ref double ry1 = ref MemoryMarshal.GetReference(y1);
        ref double rx2 = ref MemoryMarshal.GetReference(x2);
        ref double ry2 = ref MemoryMarshal.GetReference(y2);
        ref double rArea = ref MemoryMarshal.GetReference(area);
        ref double rRow = ref MemoryMarshal.GetReference(row);

        // The ground truth, broadcast to every lane once per row.
        Vector512<double> vgx1 = Vector512.Create(gx1), vgy1 = Vector512.Create(gy1);
        Vector512<double> vgx2 = Vector512.Create(gx2), vgy2 = Vector512.Create(gy2);
        Vector512<double> vgArea = Vector512.Create(gArea);

        int vectorEnd = n - (n % Vector512<double>.Count);
        for (int d = 0; d < vectorEnd; d += Vector512<double>.Count)
        {
            // Lanes hold detections d .. d+7.
            nuint at = (nuint)d;

            // double w = Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1);
            Vector512<double> w = Vector512.Min(Vector512.LoadUnsafe(ref rx2, at), vgx2)
                - Vector512.Max(Vector512.LoadUnsafe(ref rx1, at), vgx1);

            // double h = Math.Min(y2[d], gy2) - Math.Max(y1[d], gy1);  (computed for every lane, masked below)
            Vector512<double> h = Vector512.Min(Vector512.LoadUnsafe(ref ry2, at), vgy2)
                - Vector512.Max(Vector512.LoadUnsafe(ref ry1, at), vgy1);

            // double i = w * h;
            Vector512<double> inter = w * h;

            // double u = crowd ? area[d] : area[d] + gArea - i;  ((area + gArea) - i, the scalar's left-to-right order)
            Vector512<double> a = Vector512.LoadUnsafe(ref rArea, at);
            Vector512<double> union = crowd ? a : (a + vgArea) - inter;

            // if (w <= 0) / if (h <= 0): row[d] = 0 (all bits clear, exactly +0.0); else row[d] = i / u.
            // Testing "<= 0" rather than "> 0" keeps the scalar's NaN behaviour too.
            Vector512<double> zero = Vector512.LessThanOrEqual(w, Vector512<double>.Zero)
                | Vector512.LessThanOrEqual(h, Vector512<double>.Zero);
            Vector512.AndNot(inter / union, zero).StoreUnsafe(ref rRow, at);
        }

        // Tail: the last n % 8 detections, by the specification itself.
        ComputeScalar(
            gx1, gy1, gx2, gy2, gArea, crowd,
            x1[vectorEnd..n], y1[vectorEnd..n], x2[vectorEnd..n], y2[vectorEnd..n], area[vectorEnd..n], row[vectorEnd..]);
        return vectorEnd;
    }

    private static void ThrowIfShorterThanRow(
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        int n = row.Length;
        if (x1.Length < n || y1.Length < n || x2.Length < n || y2.Length < n || area.Length < n)
        {
            throw new ArgumentException(
                $"Detection columns (x1 {x1.Length}, y1 {y1.Length}, x2 {x2.Length}, y2 {y2.Length}, area {area.Length}) are shorter than the row ({n}).");
        }
    }
}
