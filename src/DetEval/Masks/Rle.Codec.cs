using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DetEval;

/// <summary>Encoding, decoding, validation, area and bounding box (the reference's <c>maskApi.c</c>).</summary>
public sealed partial class Rle
{
    /// <summary>Foreground pixel count: the sum of the odd runs, as the reference <c>rleArea</c>.</summary>
    /// <remarks>Summed in 32-bit unsigned arithmetic like the reference (which returns uint32), then widened.</remarks>
    public double Area => AreaUInt32();

    /// <summary>The number of pixels, <c>Height * Width</c>.</summary>
    public long PixelCount => (long)Height * Width;

    /// <summary>
    /// Encodes a column-major mask (pixel (row y, column x) at index <c>x * height + y</c>) as the reference <c>rleEncode</c>.
    /// </summary>
    /// <remarks>Any non-zero byte is foreground. Runs alternate starting with background; the first run may be empty
    /// and the last run is never an empty padding run (a 0x0 mask gives counts <c>[0]</c>).</remarks>
    /// <param name="columnMajorMask">The mask, <c>height * width</c> bytes.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="width">Mask width.</param>
    /// <returns>The runs.</returns>
    public static Rle Encode(ReadOnlySpan<byte> columnMajorMask, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        long area = (long)height * width;
        if (columnMajorMask.Length != area)
        {
            throw new ArgumentException($"The mask has {columnMajorMask.Length} bytes, expected height*width = {area}.", nameof(columnMajorMask));
        }

        var counts = new List<uint>();
        int position = 0;
        bool foreground = false;
        while (true)
        {
            ReadOnlySpan<byte> rest = columnMajorMask[position..];
            // A background run ends at the first non-zero byte, a foreground run at the first zero.
            int run = foreground ? rest.IndexOf((byte)0) : rest.IndexOfAnyExcept((byte)0);
            if (run < 0)
            {
                counts.Add((uint)rest.Length);
                break;
            }

            counts.Add((uint)run);
            position += run;
            foreground = !foreground;
        }

        return new Rle(height, width, [.. counts]);
    }

    /// <summary>
    /// Builds a validated RLE from run lengths: every count must be in 0..<see cref="uint.MaxValue"/> and they
    /// must sum to <c>height * width</c>.
    /// </summary>
    /// <param name="height">Mask height.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="counts">Run lengths, background first.</param>
    /// <returns>The RLE (counts copied).</returns>
    /// <exception cref="FormatException">A count is negative or too large, or the sum differs from height*width.</exception>
    public static Rle FromCounts(int height, int width, IReadOnlyList<long> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (height < 0 || width < 0)
        {
            throw new FormatException($"RLE size [{height}, {width}] is negative.");
        }

        var runs = new uint[counts.Count];
        long sum = 0;
        for (int i = 0; i < runs.Length; i++)
        {
            long c = counts[i];
            if (c < 0)
            {
                throw new FormatException($"RLE count {i} is negative ({c}).");
            }

            if (c > uint.MaxValue)
            {
                throw new FormatException($"RLE count {i} ({c}) exceeds the 32-bit range.");
            }

            runs[i] = (uint)c;
            sum += c;
        }

        var rle = new Rle(height, width, runs);
        if (sum != rle.PixelCount)
        {
            throw new FormatException($"RLE counts sum to {sum}, but the size [{height}, {width}] has {rle.PixelCount} pixels.");
        }

        return rle;
    }

    /// <summary>Checks that the counts sum to <c>Height * Width</c>.</summary>
    /// <exception cref="FormatException">The counts do not cover the mask exactly.</exception>
    public void Validate()
    {
        long sum = CountSum();
        if (sum != PixelCount)
        {
            throw new FormatException($"RLE counts sum to {sum}, but the size [{Height}, {Width}] has {PixelCount} pixels.");
        }
    }

    /// <summary>Decodes to a column-major mask of 0/1 bytes, as the reference <c>rleDecode</c>.</summary>
    /// <returns><c>Height * Width</c> bytes, pixel (y, x) at <c>x * Height + y</c>.</returns>
    /// <exception cref="FormatException">The counts do not sum to <c>Height * Width</c>.</exception>
    public byte[] Decode()
    {
        Validate();
        if (PixelCount > Array.MaxLength)
        {
            throw new FormatException($"RLE size [{Height}, {Width}] is too large to decode into one array.");
        }

        var mask = new byte[PixelCount];
        int position = 0;
        for (int j = 0; j < Counts.Length; j++)
        {
            int run = (int)Counts[j];
            if ((j & 1) == 1)
            {
                mask.AsSpan(position, run).Fill(1);
            }

            position += run;
        }

        return mask;
    }

    /// <summary>The bounding box exactly as the reference <c>rleToBbox</c>.</summary>
    /// <remarks>
    /// Parity: for each run end (an even count index j takes the first pixel of the foreground run, an odd one the
    /// last), with cumulative count <c>cc</c>, <c>t = cc - j % 2</c>, <c>y = t % h</c>, <c>x = (t - y) / h</c> in
    /// 32-bit unsigned arithmetic; when a foreground run spans columns the box takes the full height. The box is
    /// <c>[xs, ys, xe - xs + 1, ye - ys + 1]</c>; a mask with fewer than two counts gives <c>[0, 0, 0, 0]</c>.
    /// A trailing odd count is ignored, as in the reference.
    /// </remarks>
    /// <returns>The box in pixel units.</returns>
    public Box ToBox() => BoxOf(Counts, Height, Width);

    /// <summary><see cref="ToBox"/> of runs held anywhere.</summary>
    internal static Box BoxOf(ReadOnlySpan<uint> counts, int height, int width) =>
        TryAreaAndBox(counts, height, out _, out var box) ? box : BoxOfAnyRuns(counts, height, width);

    /// <summary><see cref="AreaOf"/> and <see cref="BoxOf"/> in one pass.</summary>
    /// <param name="counts">The runs.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="width">Mask width.</param>
    /// <param name="sumsToPixels">The caller has checked that the counts sum to <c>height * width</c>: below 2^31, the
    /// positions then fit 32-bit lanes and the 512-bit path may take the runs.</param>
    internal static (uint Area, Box Box) AreaAndBoxOf(ReadOnlySpan<uint> counts, int height, int width, bool sumsToPixels = false) =>
        TryAreaAndBox(counts, height, out uint area, out var box, sumsToPixels && (long)height * width < int.MaxValue)
            ? (area, box)
            : (AreaOf(counts), BoxOfAnyRuns(counts, height, width));

    /// <summary>
    /// The area and box of runs whose foreground runs are all non-empty and whose positions stay below 2^32 (every
    /// mask an encoder writes), false for any other runs, which <see cref="BoxOfAnyRuns"/> then takes.
    /// </summary>
    /// <remarks>
    /// Equal to the reference's loop under those conditions: positions then increase, so <c>xs</c> is the column
    /// of the first foreground pixel and <c>xe</c> that of the last; each foreground run either stays in its
    /// column (rows <c>y .. y + length - 1</c>) or spans columns, after which the box has the full height and only
    /// the area is still summed. Only the row of the position is tracked, a remainder only when a background run
    /// passes more than one column end. With <paramref name="positionsFit"/> (the counts sum to h * w below 2^31),
    /// whole blocks of 8 pairs go through <see cref="RowsBy512"/> first where AVX-512 is present; this loop is its twin.
    /// </remarks>
    private static bool TryAreaAndBox(ReadOnlySpan<uint> counts, int height, out uint area, out Box box, bool positionsFit = false)
    {
        area = 0;
        box = default;
        int pairs = counts.Length / 2;
        if (height <= 0)
        {
            return false;
        }

        if (pairs == 0)
        {
            return true;
        }

        // The loop is the hot path of measuring every result mask: no bounds checks, the row's wrap as arithmetic
        // and the rows' minimum and maximum in a vector register, not as branches (the JIT keeps branches in loops,
        // and which way they go depends on the mask), and no division in the loop (it pins registers,
        // and a call there makes the JIT keep every value in memory).
        uint h = (uint)height;
        ref uint run = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(counts);
        ref uint stop = ref System.Runtime.CompilerServices.Unsafe.Add(ref run, pairs * 2);
        ulong backgrounds = 0, foreground = 0;
        uint row = 0, lengthsLessOne = 0;
        var firstRow = Vector128.Create(h);
        var pastRow = Vector128<uint>.Zero;
        double inverse = 1.0 / h;
        bool spanning = false;
        if (positionsFit && Avx512F.IsSupported && pairs >= 8)
        {
            int blocks = pairs / 8;
            RowsBy512(ref run, blocks, h, out uint position0, out uint foreground0, out uint firstRow0, out uint pastRow0, out spanning, out bool empty0);
            run = ref System.Runtime.CompilerServices.Unsafe.Add(ref run, blocks * 16);
            backgrounds = position0 - foreground0;
            foreground = foreground0;
            lengthsLessOne = empty0 ? 1u << 31 : 0;
            row = position0 % h;
            firstRow = Vector128.Create(firstRow0);
            pastRow = Vector128.Create(pastRow0);
        }

        while (!spanning && System.Runtime.CompilerServices.Unsafe.IsAddressLessThan(ref run, ref stop))
        {
            uint background = run, length = System.Runtime.CompilerServices.Unsafe.Add(ref run, 1);
            run = ref System.Runtime.CompilerServices.Unsafe.Add(ref run, 2);
            ulong start = row + (ulong)background;
            start -= h & (0ul - Bit(start >= h));
            if (start >= h)
            {
                // The background passes more than one column's end (rare): the remainder by a double reciprocal.
                // start < 2^33 and h < 2^31, so the two roundings make the quotient at most one too small, never too
                // large (that would need start + h near 2^52): the remainder is in 0..2h-1, and one step corrects it.
                ulong rest = start - ((ulong)(start * inverse) * h);
                start = rest - (h & (0ul - Bit(rest >= h)));
            }

            backgrounds += background;
            foreground += length;
            lengthsLessOne |= length - 1; // bit 31 set by an empty run (or one of 2^31 pixels or more)
            ulong end = start + length; // one past the run's last row, if it stays in the column
            if (end > h)
            {
                spanning = true;
                break;
            }

            firstRow = Vector128.Min(firstRow, Vector128.CreateScalarUnsafe((uint)start));
            pastRow = Vector128.Max(pastRow, Vector128.CreateScalarUnsafe((uint)end));
            row = (uint)end; // h at a column's end: the next start subtracts it
        }

        if (spanning)
        {
            // A run spans columns: the full height from here on; only the sums go on.
            firstRow = Vector128<uint>.Zero;
            pastRow = Vector128.Create(h);
            while (System.Runtime.CompilerServices.Unsafe.IsAddressLessThan(ref run, ref stop))
            {
                uint next = System.Runtime.CompilerServices.Unsafe.Add(ref run, 1);
                backgrounds += run;
                foreground += next;
                lengthsLessOne |= next - 1;
                run = ref System.Runtime.CompilerServices.Unsafe.Add(ref run, 2);
            }
        }

        ulong position = backgrounds + foreground;
        if ((int)lengthsLessOne < 0 || position > uint.MaxValue)
        {
            return false;
        }

        uint xs = counts[0] / h, xe = ((uint)position - 1) / h, ys = firstRow.ToScalar();
        area = (uint)foreground;
        box = new Box(xs, ys, xe - xs + 1, pastRow.ToScalar() - ys);
        return true;
    }

    /// <summary>
    /// The loop of <see cref="TryAreaAndBox"/> over <paramref name="blocks"/> blocks of 16 counts (8 pairs) in 512-bit
    /// vectors, for positions below 2^31: the counts' prefix sums give each foreground run's first pixel (even lanes)
    /// and last pixel (odd lanes, minus one); their columns and rows come from a double reciprocal of h with one
    /// correction (the quotient is never too large and at most one too small, as in the scalar remainder). A run spans
    /// columns where its first and last columns differ. Gives the position after the blocks, the area, the least first
    /// row, one past the largest last row, whether a run spans columns and whether one is empty.
    /// </summary>
    private static void RowsBy512(ref uint first, int blocks, uint h, out uint position, out uint foreground, out uint firstRow, out uint pastRow, out bool spans, out bool empty)
    {
        var zero = Vector512<uint>.Zero;
        var odd = Vector512.Create(0xFFFFFFFF00000000ul).AsUInt32();
        var height = Vector512.Create(h);
        var inverse = Vector512.Create(1.0 / h);
        var last = Vector512.Create(15u);
        var carry = zero;
        var least = height;
        var most = zero;
        var crossed = zero;
        var empties = zero;
        var area = zero;
        for (int b = 0; b < blocks; b++)
        {
            var v = Vector512.LoadUnsafe(ref first, (nuint)(b * 16));
            var s = v + Avx512F.AlignRight32(v, zero, 15);
            s += Avx512F.AlignRight32(s, zero, 14);
            s += Avx512F.AlignRight32(s, zero, 12);
            s += Avx512F.AlignRight32(s, zero, 8);
            s += carry;

            // t: a run's first pixel (even lanes) or last pixel (odd lanes: adding 2^32 - 1 subtracts one).
            var t = s + odd;
            var q = Vector512.Create(
                Avx512F.ConvertToVector256UInt32WithTruncation(Avx512F.ConvertToVector512Double(t.GetLower()) * inverse),
                Avx512F.ConvertToVector256UInt32WithTruncation(Avx512F.ConvertToVector512Double(t.GetUpper()) * inverse));
            var r = t - (q * height);
            var over = Vector512.GreaterThanOrEqual(r, height);
            r -= height & over;
            q -= over;

            // Lane i against lane i + 1: on even lanes, a run's first column against its last. The rows' minimum and
            // maximum may take every lane: a run that stays in its column has first row <= last row, and one that
            // spans columns gives the full height anyway.
            crossed |= ~Vector512.Equals(q, Avx512F.AlignRight32(zero, q, 1)) & ~odd;
            least = Vector512.Min(least, r);
            most = Vector512.Max(most, r);
            empties |= Vector512.Equals(v, zero) & odd;
            area += v & odd;
            carry = Avx512F.PermuteVar16x32(s, last);
        }

        position = carry.ToScalar();
        foreground = Vector512.Sum(area);
        var low = Vector256.Min(least.GetLower(), least.GetUpper());
        var high = Vector256.Max(most.GetLower(), most.GetUpper());
        var low4 = Vector128.Min(low.GetLower(), low.GetUpper());
        var high4 = Vector128.Max(high.GetLower(), high.GetUpper());
        low4 = Vector128.Min(low4, Vector128.Shuffle(low4, Vector128.Create(2u, 3, 0, 1)));
        high4 = Vector128.Max(high4, Vector128.Shuffle(high4, Vector128.Create(2u, 3, 0, 1)));
        low4 = Vector128.Min(low4, Vector128.Shuffle(low4, Vector128.Create(1u, 0, 3, 2)));
        high4 = Vector128.Max(high4, Vector128.Shuffle(high4, Vector128.Create(1u, 0, 3, 2)));
        firstRow = low4.ToScalar();
        pastRow = high4.ToScalar() + 1;
        spans = crossed != zero;
        empty = empties != zero;
    }

    /// <summary>1 for true, 0 for false, as a flag register's set instruction gives it (no branch).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint Bit(bool value) => System.Runtime.CompilerServices.Unsafe.BitCast<bool, byte>(value);

    /// <summary>
    /// <see cref="BoxOf"/> of any runs, by the reference's loop literally: <c>cc += counts[j]; t = cc - j % 2;
    /// y = t % h; x = (t - y) / h;</c> then <c>xp = x</c> for even j, the full-height rule for odd j, and min/max of x
    /// and y, all in 32-bit unsigned arithmetic; a trailing unpaired count is left out (<c>m = n / 2 * 2</c>).
    /// </summary>
    private static Box BoxOfAnyRuns(ReadOnlySpan<uint> counts, int height, int width)
    {
        uint h = (uint)height;
        int m = counts.Length / 2 * 2;
        if (h == 0 || m == 0)
        {
            return default;
        }

        uint xs = (uint)width, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++)
        {
            cc += counts[j];
            uint t = cc - (uint)(j % 2), y = t % h, x = (t - y) / h;
            if (j % 2 == 0)
            {
                xp = x;
            }
            else if (xp < x)
            {
                ys = 0;
                ye = h - 1;
            }

            xs = Math.Min(xs, x);
            xe = Math.Max(xe, x);
            ys = Math.Min(ys, y);
            ye = Math.Max(ye, y);
        }

        return new Box(xs, ys, xe - xs + 1, ye - ys + 1);
    }

    /// <summary>The foreground area in the reference's 32-bit unsigned arithmetic.</summary>
    internal uint AreaUInt32() => AreaOf(Counts);

    /// <summary><see cref="Area"/> of runs held anywhere, in 32-bit unsigned arithmetic.</summary>
    internal static uint AreaOf(ReadOnlySpan<uint> counts)
    {
        uint a = 0;
        for (int j = 1; j < counts.Length; j += 2)
        {
            a += counts[j];
        }

        return a;
    }

    /// <summary>The sum of all counts, in 64 bits (cannot overflow).</summary>
    internal long CountSum()
    {
        long sum = 0;
        foreach (uint c in Counts)
        {
            sum += c;
        }

        return sum;
    }
}
