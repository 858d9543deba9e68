using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace DetEval.Kernels;

/// <summary>
/// The matched-boundary count of the DAVIS F-measure: the pixels set in A that lie within a disk of radius r of a
/// pixel set in B, i.e. <c>sum(A * cv2.dilate(B, disk(r)))</c> with the outside of the image as background.
/// </summary>
/// <remarks>
/// <para>
/// The disk is skimage's <c>disk(r)</c>: every offset (dy, dx) with <c>dy² + dx² &lt;= r²</c>. For row offset dy it
/// spans the columns <c>|dx| &lt;= k(dy)</c>, k(dy) the largest integer with <c>k² + dy² &lt;= r²</c>.
/// </para>
/// <para>
/// The vector widths dilate B row by row: for each row of B, windowed ORs over 2^p columns
/// (<c>T_p[x] = B[x] | ... | B[x + 2^p - 1]</c>, p up to log2(2r + 1)) are built once; the OR of B's row over
/// <c>[x - k, x + k]</c> is then <c>T_p[x - k] | T_p[x + k - 2^p + 1]</c> with 2^p the largest power of two not above
/// 2k + 1 (two overlapping windows that cover the span). The dilated row y is the OR of those spans over the rows
/// y - r .. y + r, ANDed with A's row y and counted. Rows of B live in a ring of 2r + 1 slots; rows are padded with
/// zeros so that every load stays in the buffer and the outside reads as background. Counts are integers, so every
/// width equals <see cref="ComputeScalar"/> exactly.
/// </para>
/// </remarks>
internal static class DiskMatch
{
    /// <summary>The specification: for each pixel of A, look for a pixel of B at every offset of the disk.</summary>
    /// <param name="a">A, row-major, 0 or non-zero per pixel.</param>
    /// <param name="b">B, same size.</param>
    /// <param name="height">The rows.</param>
    /// <param name="width">The columns.</param>
    /// <param name="radius">The disk radius r (at least 0).</param>
    /// <returns>The number of A's pixels with a pixel of B within the disk.</returns>
    public static long ComputeScalar(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius)
    {
        Check(a, b, height, width, radius);
        long count = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                if (a[(y * width) + x] != 0 && Dilated(b, height, width, radius, y, x))
                {
                    count++;
                }
            }
        }

        return count;
    }

    /// <summary>Like <see cref="ComputeScalar"/>, on the widest vector unit available.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    /// <returns>The number of A's pixels with a pixel of B within the disk.</returns>
    public static long Compute(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius)
    {
        if (ByteVector512.IsHardwareAccelerated)
        {
            return Compute512(a, b, height, width, radius);
        }

        if (ByteVector256.IsHardwareAccelerated)
        {
            return Compute256(a, b, height, width, radius);
        }

        return ByteVector128.IsHardwareAccelerated
            ? Compute128(a, b, height, width, radius)
            : ComputeScalar(a, b, height, width, radius);
    }

    /// <summary>The 128-bit width (16 columns per block).</summary>
    internal static long Compute128(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius) =>
        ComputeVector<ByteVector128>(a, b, height, width, radius);

    /// <summary>The 256-bit width (32 columns per block).</summary>
    internal static long Compute256(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius) =>
        ComputeVector<ByteVector256>(a, b, height, width, radius);

    /// <summary>The 512-bit width (64 columns per block).</summary>
    internal static long Compute512(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius) =>
        ComputeVector<ByteVector512>(a, b, height, width, radius);

    /// <summary>k(dy) for dy = 0..r: the half-width of the disk's row dy.</summary>
    internal static int[] HalfWidths(int radius)
    {
        var half = new int[radius + 1];
        long r2 = (long)radius * radius;
        for (int dy = 0; dy <= radius; dy++)
        {
            int k = radius;
            while ((long)k * k + ((long)dy * dy) > r2)
            {
                k--;
            }

            half[dy] = k;
        }

        return half;
    }

    private static bool Dilated(ReadOnlySpan<byte> b, int height, int width, int radius, int y, int x)
    {
        for (int dy = -radius; dy <= radius; dy++)
        {
            for (int dx = -radius; dx <= radius; dx++)
            {
                int yy = y + dy, xx = x + dx;
                if ((dy * dy) + (dx * dx) <= radius * radius && yy >= 0 && yy < height && xx >= 0 && xx < width && b[(yy * width) + xx] != 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static long ComputeVector<TVector>(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius)
        where TVector : struct, IByteVector<TVector>
    {
        Check(a, b, height, width, radius);
        if (height == 0 || width == 0)
        {
            return 0;
        }

        int lanes = TVector.Count;
        int[] half = HalfWidths(radius);
        var level = new int[radius + 1];
        for (int dy = 0; dy <= radius; dy++)
        {
            level[dy] = BitOperations.Log2((uint)((2 * half[dy]) + 1));
        }

        int levels = level[0] + 1;
        int pad = radius + lanes;
        int rounded = (pad + width + lanes - 1) / lanes * lanes;
        int rowLength = rounded + (1 << level[0]) + radius + (2 * lanes);
        int slots = (2 * radius) + 1;
        int tableBytes = slots * levels * rowLength;
        byte[] tables = ArrayPool<byte>.Shared.Rent(tableBytes + rowLength);
        try
        {
            Array.Clear(tables, 0, tableBytes + rowLength);
            Span<byte> aRow = tables.AsSpan(tableBytes, rowLength);
            Span<bool> empty = slots <= 256 ? stackalloc bool[slots] : new bool[slots];
            ref byte t = ref MemoryArrayStart(tables);
            int next = 0;
            long count = 0;
            for (int y = 0; y < height; y++)
            {
                ReadOnlySpan<byte> aSource = a.Slice(y * width, width);
                if (!aSource.ContainsAnyExcept((byte)0))
                {
                    continue;
                }

                // B's rows y - r .. y + r, each computed once, in order, into slot row % slots.
                int last = Math.Min(height - 1, y + radius);
                for (int row = Math.Max(next, y - radius); row <= last; row++)
                {
                    int slot = row % slots;
                    ReadOnlySpan<byte> bRow = b.Slice(row * width, width);
                    empty[slot] = !bRow.ContainsAnyExcept((byte)0);
                    if (!empty[slot])
                    {
                        BuildLevels<TVector>(tables.AsSpan(slot * levels * rowLength, levels * rowLength), bRow, levels, rowLength, pad, rounded);
                    }
                }

                next = Math.Max(next, last + 1);
                aSource.CopyTo(aRow[pad..]);
                ref byte aStart = ref MemoryMarshal.GetReference(aRow);

                // One block: lanes = columns xb..xb+lanes-1. acc = OR over the disk's rows of B's row dilated by k(dy),
                // each as two overlapping 2^p windows; lanes past the width see A's zero padding and add 0.
                // Scalar line equalled: a[y, x] != 0 && Dilated(b, ..., y, x).
                for (int xb = 0; xb < width; xb += lanes)
                {
                    TVector acc = TVector.Zero;
                    for (int dy = -radius; dy <= radius; dy++)
                    {
                        int row = y + dy;
                        if (row < 0 || row >= height || empty[row % slots])
                        {
                            continue;
                        }

                        int k = half[Math.Abs(dy)], p = level[Math.Abs(dy)];
                        nuint table = (nuint)((((row % slots) * levels) + p) * rowLength);
                        acc = TVector.Or(acc, TVector.Or(
                            TVector.Load(ref t, table + (nuint)(pad + xb - k)),
                            TVector.Load(ref t, table + (nuint)(pad + xb + k - (1 << p) + 1))));
                    }

                    count += TVector.CountNonZero(TVector.And(acc, TVector.Load(ref aStart, (nuint)(pad + xb))));
                }
            }

            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tables);
        }
    }

    /// <summary>
    /// Level 0 is B's row at <paramref name="pad"/> with zeros around it (the zeros are never overwritten); level p is
    /// <c>T_p[i] = T_(p-1)[i] | T_(p-1)[i + 2^(p-1)]</c> for i below <paramref name="rounded"/>. Past that index every
    /// level stays 0, as the windows there hold only padding.
    /// </summary>
    private static void BuildLevels<TVector>(Span<byte> slot, ReadOnlySpan<byte> bRow, int levels, int rowLength, int pad, int rounded)
        where TVector : struct, IByteVector<TVector>
    {
        bRow.CopyTo(slot[pad..]);
        ref byte s = ref MemoryMarshal.GetReference(slot);
        for (int p = 1; p < levels; p++)
        {
            nuint from = (nuint)((p - 1) * rowLength), to = (nuint)(p * rowLength), shift = (nuint)(1 << (p - 1));
            for (nuint i = 0; i < (nuint)rounded; i += (nuint)TVector.Count)
            {
                TVector.Store(TVector.Or(TVector.Load(ref s, from + i), TVector.Load(ref s, from + i + shift)), ref s, to + i);
            }
        }
    }

    private static ref byte MemoryArrayStart(byte[] array) => ref MemoryMarshal.GetArrayDataReference(array);

    private static void Check(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius)
    {
        if (height < 0 || width < 0 || radius < 0 || a.Length < (long)height * width || b.Length < (long)height * width)
        {
            throw new ArgumentException($"A {height}x{width} plane needs {(long)height * width} bytes per mask (A has {a.Length}, B {b.Length}); the radius must be at least 0 (it is {radius}).");
        }
    }
}
