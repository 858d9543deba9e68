using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DetEval.Kernels;

/// <summary>
/// The one-pixel boundary map of a binary mask that the DAVIS F-measure uses (<c>_seg2bmap</c> of
/// davis2017-evaluation, as copied into SAM 2's <c>sav_benchmark.py</c>): a pixel is a boundary pixel when it differs
/// from its right, lower or lower-right neighbour.
/// </summary>
/// <remarks>
/// <para>
/// With M the mask (row-major, 0/1 bytes, <c>height</c> x <c>width</c>), E, S and SE its right, lower and lower-right
/// neighbours (0 past the last column or row): <c>b = (M ^ E) | (M ^ S) | (M ^ SE)</c>; then, as the reference
/// overwrites them, the last row is <c>M ^ E</c>, the last column <c>M ^ S</c>, and the bottom-right pixel 0. The
/// image edge is therefore never a boundary by itself, and a mask covering the whole image has none.
/// </para>
/// <para>
/// The map of a window that holds the mask's bounding box grown by one pixel on every side (clipped at the image)
/// equals the image's map there, and the image's map is 0 outside: callers may work on such a window.
/// </para>
/// </remarks>
internal static class BoundaryMap
{
    /// <summary>The specification: the reference's rules pixel by pixel.</summary>
    /// <param name="mask">The mask, row-major, 0 or 1 per pixel.</param>
    /// <param name="boundary">Receives the map (0 or 1 per pixel), as long as <paramref name="mask"/>.</param>
    /// <param name="height">The rows.</param>
    /// <param name="width">The columns.</param>
    /// <returns>The number of boundary pixels.</returns>
    public static int ComputeScalar(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width)
    {
        Check(mask, boundary, height, width);
        int count = 0;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte b = Pixel(mask, y, x, height, width);
                boundary[(y * width) + x] = b;
                count += b;
            }
        }

        return count;
    }

    /// <summary>Like <see cref="ComputeScalar"/>, on the widest vector unit available.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    /// <returns>The number of boundary pixels.</returns>
    public static int Compute(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width)
    {
        if (ByteVector512.IsHardwareAccelerated)
        {
            return Compute512(mask, boundary, height, width);
        }

        if (ByteVector256.IsHardwareAccelerated)
        {
            return Compute256(mask, boundary, height, width);
        }

        return ByteVector128.IsHardwareAccelerated
            ? Compute128(mask, boundary, height, width)
            : ComputeScalar(mask, boundary, height, width);
    }

    /// <summary>The 128-bit width (16 pixels per block).</summary>
    internal static int Compute128(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width) =>
        ComputeVector<ByteVector128>(mask, boundary, height, width);

    /// <summary>The 256-bit width (32 pixels per block).</summary>
    internal static int Compute256(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width) =>
        ComputeVector<ByteVector256>(mask, boundary, height, width);

    /// <summary>The 512-bit width (64 pixels per block).</summary>
    internal static int Compute512(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width) =>
        ComputeVector<ByteVector512>(mask, boundary, height, width);

    private static int ComputeVector<TVector>(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width)
        where TVector : struct, IByteVector<TVector>
    {
        Check(mask, boundary, height, width);
        ref byte m = ref MemoryMarshal.GetReference(mask);
        ref byte b = ref MemoryMarshal.GetReference(boundary);
        int lanes = TVector.Count;
        int count = 0;
        for (int y = 0; y < height; y++)
        {
            nuint row = (nuint)(y * width);
            nuint below = row + (nuint)width;
            bool lastRow = y == height - 1;
            int x = 0;

            // Blocks of pixels x..x+lanes-1 that all have a right neighbour in the row (x + lanes <= width - 1), so
            // the loads at x + 1 stay in the row. Lanes: M, E = M at x+1, S and SE from the row below.
            // Scalar line equalled: b = (M ^ E) | (M ^ S) | (M ^ SE), or M ^ E in the last row.
            for (; x + lanes <= width - 1; x += lanes)
            {
                TVector here = TVector.Load(ref m, row + (nuint)x);
                TVector east = TVector.Xor(here, TVector.Load(ref m, row + (nuint)x + 1));
                TVector edge = lastRow
                    ? east
                    : TVector.Or(east, TVector.Or(
                        TVector.Xor(here, TVector.Load(ref m, below + (nuint)x)),
                        TVector.Xor(here, TVector.Load(ref m, below + (nuint)x + 1))));
                TVector.Store(edge, ref b, row + (nuint)x);
                count += TVector.CountNonZero(edge);
            }

            // Tail (fewer than lanes + 1 pixels, including the last column): the scalar rule.
            for (; x < width; x++)
            {
                byte value = Pixel(mask, y, x, height, width);
                Unsafe.Add(ref b, row + (nuint)x) = value;
                count += value;
            }
        }

        return count;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Pixel(ReadOnlySpan<byte> mask, int y, int x, int height, int width)
    {
        int at = (y * width) + x;
        int m = mask[at];
        bool lastRow = y == height - 1, lastColumn = x == width - 1;
        if (lastRow && lastColumn)
        {
            return 0;
        }

        int east = lastColumn ? 0 : mask[at + 1];
        if (lastRow)
        {
            return (byte)(m ^ east);
        }

        int south = mask[at + width];
        if (lastColumn)
        {
            return (byte)(m ^ south);
        }

        int southEast = mask[at + width + 1];
        return (byte)((m ^ east) | (m ^ south) | (m ^ southEast));
    }

    private static void Check(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width)
    {
        if (height < 0 || width < 0 || mask.Length < (long)height * width || boundary.Length < (long)height * width)
        {
            throw new ArgumentException($"A {height}x{width} map needs {(long)height * width} bytes; the mask has {mask.Length} and the output {boundary.Length}.");
        }
    }
}
