using System.Runtime.InteropServices;

namespace DetEval.Kernels;

/// <summary>
/// The horizontal half of a boundary band: one row of 64-pixel column words of a mask (<c>mask</c>) and of the
/// same mask already eroded vertically (<c>vertical</c>), to the band <c>mask AND NOT erode(mask)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Word <c>c</c> holds 64 consecutive rows of column <c>c</c> (bit k = row 64·block + k); the row is one block of a
/// mask's frame, columns left to right. Words outside <c>[0, n)</c> are background (the frame covers the mask's box,
/// and outside it every pixel is background, the image border included).
/// </para>
/// <para>
/// The specification (<see cref="ComputeScalar"/>): <c>E[c] = AND_{k=-r..r} vertical[c + k]</c>, 0 when the window
/// leaves <c>[0, n)</c>; <c>band[c] = mask[c] AND NOT E[c]</c>. With <c>vertical</c> the mask eroded by the vertical
/// segment of 2r + 1 pixels, <c>E</c> is the erosion by the (2r + 1) square (a square is the Minkowski sum of the two
/// segments), which the reference computes as r erosions by the 3 x 3 square of the mask padded with background.
/// </para>
/// <para>
/// The vector widths compute the same words by doubling: <c>P_1 = vertical</c>, <c>P_2j[c] = P_j[c] AND P_j[c + j]</c>
/// (the AND over <c>[c, c + 2j)</c>), up to the largest power of two p &lt;= 2r + 1, then
/// <c>P[c] AND P[c + 2r + 1 - p]</c>, the AND over <c>[c, c + 2r + 1)</c>; <c>E[c]</c> is that at <c>c - r</c>. AND is
/// exact, associative and idempotent, so overlapping windows give the specification's words bit for bit.
/// </para>
/// </remarks>
internal static class BandErosion
{
    /// <summary>The specification: the plain windowed AND of every word.</summary>
    /// <param name="mask">The mask's words, one per column.</param>
    /// <param name="vertical">The vertically eroded mask's words (read only here).</param>
    /// <param name="radius">r: the erosion square is 2r + 1 pixels wide.</param>
    /// <param name="band">Receives the band's words; may be <paramref name="mask"/> itself.</param>
    public static void ComputeScalar(ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> vertical, int radius, Span<ulong> band)
    {
        int n = mask.Length;
        for (int c = 0; c < n; c++)
        {
            ulong eroded = 0;
            if (c - radius >= 0 && c + radius < n)
            {
                eroded = ulong.MaxValue;
                for (int k = -radius; k <= radius; k++)
                {
                    eroded &= vertical[c + k];
                }
            }

            band[c] = mask[c] & ~eroded;
        }
    }

    /// <summary>Like <see cref="ComputeScalar"/>, on the widest vector unit available.</summary>
    /// <param name="mask">The mask's words, one per column.</param>
    /// <param name="vertical">The vertically eroded mask's words; overwritten (work space).</param>
    /// <param name="radius">r: the erosion square is 2r + 1 pixels wide.</param>
    /// <param name="band">Receives the band's words; may be <paramref name="mask"/> itself.</param>
    public static void Compute(ReadOnlySpan<ulong> mask, Span<ulong> vertical, int radius, Span<ulong> band)
    {
        Check(mask, vertical, radius, band);
        if (ByteVector512.IsHardwareAccelerated)
        {
            Compute512(mask, vertical, radius, band);
        }
        else if (ByteVector256.IsHardwareAccelerated)
        {
            Compute256(mask, vertical, radius, band);
        }
        else if (ByteVector128.IsHardwareAccelerated)
        {
            Compute128(mask, vertical, radius, band);
        }
        else
        {
            ComputeScalar(mask, vertical, radius, band);
        }
    }

    /// <summary>The 512-bit width (8 columns per vector); the caller checks the arguments.</summary>
    internal static void Compute512(ReadOnlySpan<ulong> mask, Span<ulong> vertical, int radius, Span<ulong> band) =>
        ComputeVector<ByteVector512>(mask, vertical, radius, band);

    /// <summary>The 256-bit width (4 columns per vector); the caller checks the arguments.</summary>
    internal static void Compute256(ReadOnlySpan<ulong> mask, Span<ulong> vertical, int radius, Span<ulong> band) =>
        ComputeVector<ByteVector256>(mask, vertical, radius, band);

    /// <summary>The 128-bit width (2 columns per vector); the caller checks the arguments.</summary>
    internal static void Compute128(ReadOnlySpan<ulong> mask, Span<ulong> vertical, int radius, Span<ulong> band) =>
        ComputeVector<ByteVector128>(mask, vertical, radius, band);

    internal static void Check(ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> vertical, int radius, ReadOnlySpan<ulong> band)
    {
        if (vertical.Length != mask.Length || band.Length != mask.Length)
        {
            throw new ArgumentException($"mask, vertical and band must have one length, they have {mask.Length}, {vertical.Length} and {band.Length}.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(radius);
    }

    /// <summary>The doubling schedule, the same for every width; <typeparamref name="TVector"/> does the vector blocks.</summary>
    private static void ComputeVector<TVector>(ReadOnlySpan<ulong> mask, Span<ulong> vertical, int radius, Span<ulong> band)
        where TVector : struct, IByteVector<TVector>
    {
        // Radii of n or more leave no window inside the row (E = 0), so they all give the same words; clamping keeps
        // the passes short.
        int n = mask.Length;
        radius = Math.Min(radius, n);
        int window = (2 * radius) + 1;
        int span = 1;
        while (span <= window - span)
        {
            AndAhead<TVector>(vertical, span);
            span *= 2;
        }

        if (window > span)
        {
            AndAhead<TVector>(vertical, window - span);
        }

        // vertical[c] is now the AND over [c, c + window), 0 where that passes n; E[c] = vertical[c - radius] for
        // c >= radius and 0 before, so the first radius columns keep the mask.
        mask[..radius].CopyTo(band);
        int c = AndNotBlocks<TVector>(mask, vertical, radius, band);
        for (; c < n; c++)
        {
            band[c] = mask[c] & ~vertical[c - radius];
        }
    }

    /// <summary>
    /// In place, ascending: <c>words[c] &amp;= words[c + k]</c> for <c>c + k &lt; n</c>, 0 for the last k words (beyond
    /// the row is background). A block reads words c..c+lanes+k-1 before it stores c..c+lanes-1, and later blocks read
    /// only words no block has stored yet, so every AND sees the previous pass's words.
    /// </summary>
    private static void AndAhead<TVector>(Span<ulong> words, int k)
        where TVector : struct, IByteVector<TVector>
    {
        int last = words.Length - k;
        ref byte w = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(words));
        int lanes = TVector.Count / sizeof(ulong);
        int c = 0;
        for (; c + lanes <= last; c += lanes)
        {
            // Lanes: words c..c+lanes-1 and their partners c+k..c+k+lanes-1 (below n, as c + lanes <= n - k), as bytes.
            var here = TVector.Load(ref w, (nuint)c * sizeof(ulong));
            TVector.Store(TVector.And(here, TVector.Load(ref w, (nuint)(c + k) * sizeof(ulong))), ref w, (nuint)c * sizeof(ulong));
        }

        for (; c < last; c++)
        {
            words[c] &= words[c + k];
        }

        words[Math.Max(c, 0)..].Clear();
    }

    /// <summary>
    /// <c>band[c] = mask[c] &amp; ~eroded[c - radius]</c> for whole vector blocks of c from radius; returns the first
    /// column it left to the scalar tail.
    /// </summary>
    private static int AndNotBlocks<TVector>(ReadOnlySpan<ulong> mask, ReadOnlySpan<ulong> eroded, int radius, Span<ulong> band)
        where TVector : struct, IByteVector<TVector>
    {
        ref byte m = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(mask));
        ref byte e = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(eroded));
        ref byte b = ref MemoryMarshal.GetReference(MemoryMarshal.AsBytes(band));
        int lanes = TVector.Count / sizeof(ulong);
        int c = radius;
        for (; c + lanes <= mask.Length; c += lanes)
        {
            // Lanes: columns c..c+lanes-1 as bytes; the scalar line band[c] = mask[c] & ~E[c].
            var result = TVector.AndNot(TVector.Load(ref m, (nuint)c * sizeof(ulong)), TVector.Load(ref e, (nuint)(c - radius) * sizeof(ulong)));
            TVector.Store(result, ref b, (nuint)c * sizeof(ulong));
        }

        return c;
    }
}
