using System.Text;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DetEval;

/// <summary>The compressed counts string of the reference (<c>rleToString</c> / <c>rleFrString</c>).</summary>
public sealed partial class Rle
{
    // Each character carries 5 value bits, a continuation bit (0x20) and is offset by 48 ('0'..'o').
    private const int CharOffset = 48;
    private const int MaxCharValue = 63;

    // 12 chunks carry 60 bits: more than any count delta needs; longer numbers are rejected as corrupt.
    private const int MaxChunks = 12;

    /// <summary>Encodes the counts as the reference's compressed string, byte for byte as <c>rleToString</c>.</summary>
    /// <remarks>
    /// Parity: count i is written as <c>counts[i] - counts[i - 2]</c> for <c>i &gt; 2</c> (not <c>i &gt;= 2</c>),
    /// otherwise as is; each value is split into 5-bit chunks, least significant first, sign-extended by bit 0x10
    /// of the last chunk; 0x20 marks a following chunk and 48 is added to each chunk.
    /// </remarks>
    /// <returns>The compressed counts, ASCII characters 48..111.</returns>
    public string ToCompressedString()
    {
        uint[] counts = Counts;
        var text = new StringBuilder(counts.Length * 2);
        for (int i = 0; i < counts.Length; i++)
        {
            long x = counts[i];
            if (i > 2)
            {
                x -= counts[i - 2];
            }

            bool more = true;
            while (more)
            {
                int c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more)
                {
                    c |= 0x20;
                }

                text.Append((char)(c + CharOffset));
            }
        }

        return text.ToString();
    }

    /// <summary>Decodes a compressed counts string as the reference <c>rleFrString</c>, with validation.</summary>
    /// <remarks>
    /// Inverse of <see cref="ToCompressedString"/>: count i is the decoded value plus <c>counts[i - 2]</c> for
    /// <c>i &gt; 2</c>. Unlike the reference, which reads past bad input, the string must consist of characters
    /// 48..111, must not end inside a number, every count must be in 0..2^32-1 and the counts must sum to
    /// <c>height * width</c>. Parity note: the reference shifts chunks in 32-bit <c>int</c>, which overflows for
    /// counts of 2^29 or more; this decoder uses 64-bit arithmetic there (the value the encoder meant).
    /// </remarks>
    /// <param name="counts">The compressed counts.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="width">Mask width.</param>
    /// <returns>The RLE.</returns>
    /// <exception cref="FormatException">The string is not a valid compressed RLE of that size.</exception>
    public static Rle FromCompressedString(string counts, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var bytes = new byte[counts.Length];
        for (int i = 0; i < counts.Length; i++)
        {
            // Any character outside ASCII is invalid; map it to a byte the decoder rejects, naming the position.
            bytes[i] = counts[i] < 128 ? (byte)counts[i] : (byte)0xFF;
        }

        return FromCompressedUtf8(bytes, height, width);
    }

    /// <summary>Decodes compressed counts given as UTF-8 bytes, as <see cref="FromCompressedString"/> does (no string is made).</summary>
    /// <param name="counts">The compressed counts, UTF-8.</param>
    /// <param name="height">Mask height.</param>
    /// <param name="width">Mask width.</param>
    /// <returns>The RLE.</returns>
    /// <exception cref="FormatException">The bytes are not a valid compressed RLE of that size.</exception>
    public static Rle FromCompressedUtf8(ReadOnlySpan<byte> counts, int height, int width)
    {
        var runs = DecodeChecked(counts, height, width);
        return new Rle(height, width, runs.ToArray());
    }

    /// <summary>
    /// The area and box of a compressed mask (<see cref="Area"/> and <see cref="ToBox"/> of
    /// <see cref="FromCompressedUtf8"/>), decoded into a per-thread buffer: no runs are kept, nothing is allocated.
    /// </summary>
    /// <remarks>Validates as <see cref="FromCompressedUtf8"/> does and throws the same message for the same input.</remarks>
    /// <exception cref="FormatException">The bytes are not a valid compressed RLE of that size.</exception>
    internal static (double Area, Box Box) MeasureCompressedUtf8(ReadOnlySpan<byte> counts, int height, int width)
    {
        // Two tight loops (decode into the thread's buffer, then area and box) run faster than one loop doing both,
        // whose live values do not fit in registers.
        var (area, box) = AreaAndBoxOf(DecodeChecked(counts, height, width), height, width, sumsToPixels: true);
        return (area, box);
    }

    /// <summary>Decodes compressed counts into <paramref name="runs"/> from <paramref name="offset"/>, growing it; returns the number of counts.</summary>
    /// <exception cref="FormatException">The bytes are not a valid compressed RLE of that size.</exception>
    internal static int DecodeCompressedUtf8Into(ReadOnlySpan<byte> counts, int height, int width, ref uint[] runs, int offset)
    {
        // Each count takes at least one character, so the length bounds the number of counts.
        if (runs.Length - offset < counts.Length)
        {
            Array.Resize(ref runs, Math.Max(offset + counts.Length, runs.Length * 2));
        }

        return Decode(counts, height, width, runs.AsSpan(offset));
    }

    [ThreadStatic]
    private static uint[]? decodeBuffer;

    /// <summary>Decodes into a per-thread buffer and checks the sum; the span is valid until the next decode on this thread.</summary>
    private static ReadOnlySpan<uint> DecodeChecked(ReadOnlySpan<byte> counts, int height, int width)
    {
        if (decodeBuffer is null || decodeBuffer.Length < counts.Length)
        {
            decodeBuffer = new uint[Math.Max(counts.Length, 1024)];
        }

        return decodeBuffer.AsSpan(0, Decode(counts, height, width, decodeBuffer));
    }

    /// <summary>Decodes into <paramref name="runs"/> (at least one slot per character) and checks the sum; returns the count.</summary>
    private static int Decode(ReadOnlySpan<byte> counts, int height, int width, Span<uint> runs)
    {
        CheckSize(height, width);
        int m = 0;
        int p = 0;
        long sum = 0;
        while (p < counts.Length)
        {
            if (m >= 3)
            {
                if (Avx512F.IsSupported)
                {
                    DecodeByCompress(counts, runs, ref p, ref m, ref sum);
                }

                if (Vector128.IsHardwareAccelerated)
                {
                    DecodeByNumberEnds(counts, runs, ref p, ref m, ref sum);
                }

                DecodeShortCounts(counts, runs, ref p, ref m, ref sum);
                if (p >= counts.Length)
                {
                    break;
                }
            }

            uint count = NextCount(counts, ref p, m, m > 2 ? runs[m - 2] : 0);
            runs[m++] = count;
            sum += count;
        }

        CheckSum(sum, height, width);
        return m;
    }

    // Counts the 512-bit path takes stay below this, so a window's sums (at most 8 deltas of |x| <= 512 per lane
    // parity) cannot overflow 32-bit lanes.
    private const int CompressLimit = 1 << 30;

    /// <summary>
    /// <see cref="DecodeShortCounts"/> for 16 characters at a time in 512-bit vectors (the counts of a block at once):
    /// the block's number ends (characters without the continuation bit) select, by a vector compress, each one- or
    /// two-character number's value, computed at every position (a number's first character may be the previous
    /// block's last); the counts are the values' prefix sums of stride 2 plus the two counts before the block. Blocks
    /// are fixed 16-character steps, so no load waits for the previous block's number ends. Stops, leaving the rest to
    /// the 128-bit and scalar loops from the first number it did not take, where fewer than 16 characters are left, at
    /// a block with a character outside 48..111, at a number of three or more characters (taking those before it) and
    /// at a block whose counts would leave 0..2^30-1 (a negative count, which those loops reject with their message,
    /// or counts too large for 32-bit lanes).
    /// </summary>
    private static void DecodeByCompress(ReadOnlySpan<byte> counts, Span<uint> runs, ref int p, ref int m, ref long sum)
    {
        ref byte text = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(counts);
        ref uint output = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(runs);
        int k = m, resume = p;
        uint twoBefore = runs[k - 2], oneBefore = runs[k - 1];
        if (twoBefore >= CompressLimit || oneBefore >= CompressLimit)
        {
            return;
        }

        // Lane j of a block's counts adds count k + j - 2: twoBefore for even j, oneBefore for odd j.
        var before = Vector512.Create(twoBefore | ((ulong)oneBefore << 32)).AsInt32();
        var offset = Vector128.Create((byte)CharOffset);
        var largest = Vector128.Create((byte)MaxCharValue);
        var limit = Vector512.Create(CompressLimit - 1).AsUInt32();
        var lanes = Vector512<int>.Indices;
        var zero = Vector512<int>.Zero;
        var total = Vector512<long>.Zero;

        // The previous block's characters (lane 15: the one before this block's first) and whether its last continues
        // a number (bit 0). p starts a number, so nothing continues into the first block.
        var previousChars = zero;
        uint previousMore = 0;
        for (int block = p; block <= counts.Length - 16; block += 16)
        {
            var chunks = Vector128.LoadUnsafe(ref text, (nuint)block) - offset;
            if (Vector128.GreaterThanAny(chunks, largest))
            {
                break;
            }

            // Bit 5 (continuation) of each character moved to bit 7, as in DecodeByNumberEnds.
            uint more = Vector128.ShiftLeft(chunks.AsUInt16(), 2).AsByte().ExtractMostSignificantBits() & 0xFFFF;
            uint ends = ~more & 0xFFFF;

            // A character continuing a number whose previous character (in this block or the last of the previous one)
            // continues it too: a number of three or more characters; only the numbers that end before it are taken.
            uint longer = more & ((more << 1) | previousMore);
            if (longer != 0)
            {
                ends &= (1u << System.Numerics.BitOperations.TrailingZeroCount(longer)) - 1;
            }

            if (ends == 0)
            {
                break;
            }

            int n = System.Numerics.BitOperations.PopCount(ends);
            int last = 31 - System.Numerics.BitOperations.LeadingZeroCount(ends);

            // At each position, the value of a number ending there: one character (5 bits, sign-extended) or, when
            // the character before continues a number, two.
            var c = Avx512F.ConvertToVector512Int32(chunks);
            var previous = Avx512F.AlignRight32(c, previousChars, 15);
            var one = Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(c, 27), 27);
            var two = (previous & Vector512.Create(0x1f)) | Vector512.ShiftLeft(one, 5);
            var continued = Vector512.Equals(previous & Vector512.Create(0x20), Vector512.Create(0x20));
            var values = Vector512.ConditionalSelect(continued, two, one);

            // The lanes ending a number, below the first longer number.
            var isEnd = Vector512.Equals(c & Vector512.Create(0x20), zero) & Vector512.LessThan(lanes, Vector512.Create(last + 1));
            var x = Avx512F.Compress(zero, isEnd, values);

            // Prefix sums of stride 2: lanes past n are 0, so they repeat the last even and odd sums.
            x += Avx512F.AlignRight32(x, zero, 14);
            x += Avx512F.AlignRight32(x, zero, 12);
            x += Avx512F.AlignRight32(x, zero, 8);
            var window = x + before;
            if (Vector512.GreaterThanAny(window.AsUInt32(), limit))
            {
                break;
            }

            window.AsUInt32().StoreUnsafe(ref output, (nuint)k);
            var taken = window & Vector512.LessThan(lanes, Vector512.Create(n));
            var (low, high) = Vector512.Widen(taken);
            total += low + high;

            // The two counts before the next block: lanes n - 2 and n - 1. (With one number, lane 1 repeats oneBefore,
            // which keeps the pair right.)
            before = Avx512F.PermuteVar16x32(window, Vector512.Create((uint)(n >= 2 ? n - 2 : 1) | ((ulong)(uint)(n - 1) << 32)).AsInt32());
            k += n;
            resume = block + last + 1;
            if (longer != 0)
            {
                break;
            }

            previousChars = c;
            previousMore = more >> 15;
        }

        p = resume;
        m = k;
        sum += Vector512.Sum(total);
    }

    /// <summary>
    /// <see cref="DecodeShortCounts"/> over blocks of 16 characters: a vector compare checks the block's characters
    /// and its mask of number ends (characters without the continuation bit) gives each number's last character, so
    /// the next number's position never waits for a load. Stops, as <see cref="DecodeShortCounts"/> does, at a
    /// number of three or more characters, at a count out of range, at a block with a character outside 48..111,
    /// or where fewer than 16 characters are left; the scalar loops go on from there.
    /// </summary>
    private static void DecodeByNumberEnds(ReadOnlySpan<byte> counts, Span<uint> runs, ref int p, ref int m, ref long sum)
    {
        ref byte text = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(counts);
        ref uint output = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(runs);
        int i = p, k = m, block = p;
        uint twoBefore = runs[k - 2], oneBefore = runs[k - 1];
        long total = sum;
        var offset = Vector128.Create((byte)CharOffset);
        var largest = Vector128.Create((byte)MaxCharValue);
        while (block <= counts.Length - 16)
        {
            var chunks = Vector128.LoadUnsafe(ref text, (nuint)block) - offset;
            if (Vector128.GreaterThanAny(chunks, largest))
            {
                break;
            }

            // Bit 5 (continuation) of each character moved to bit 7 (a 16-bit shift: bits crossing into the next
            // byte land below bit 7).
            uint ends = ~Vector128.ShiftLeft(chunks.AsUInt16(), 2).AsByte().ExtractMostSignificantBits() & 0xFFFF;
            while (ends != 0)
            {
                int end = block + System.Numerics.BitOperations.TrailingZeroCount(ends);
                int chars = end - i; // 0: one character, 1: two, more: left to the checked reader
                if (chars > 1)
                {
                    goto Done;
                }

                int last = System.Runtime.CompilerServices.Unsafe.Add(ref text, end) - CharOffset;
                int first = System.Runtime.CompilerServices.Unsafe.Add(ref text, end - chars) - CharOffset;
                int one = (last << 27) >> 27;
                int two = (first & 0x1f) | (one << 5);
                long value = twoBefore + (long)(one + ((two - one) & -chars));
                if ((ulong)value > uint.MaxValue)
                {
                    goto Done;
                }

                System.Runtime.CompilerServices.Unsafe.Add(ref output, k) = (uint)value;
                total += value;
                k++;
                i = end + 1;
                twoBefore = oneBefore;
                oneBefore = (uint)value;
                ends &= ends - 1;
            }

            block += 16;
        }

    Done:
        p = i;
        m = k;
        sum = total;
    }

    /// <summary>
    /// The decoding loop for counts after the third (<paramref name="m"/> &gt;= 3) while each number is one or two
    /// valid characters and the count stays in range: both readings are computed and one is selected without a
    /// branch; the two counts before are kept in registers. Stops, leaving <paramref name="p"/> and
    /// <paramref name="m"/> at the number it did not take, at the last character or at anything else, which
    /// <see cref="NextCount"/> then reads (or rejects with its message).
    /// </summary>
    private static void DecodeShortCounts(ReadOnlySpan<byte> counts, Span<uint> runs, ref int p, ref int m, ref long sum)
    {
        ref byte text = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(counts);
        ref uint output = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(runs);
        int i = p, k = m, last = counts.Length - 1;
        uint twoBefore = runs[k - 2], oneBefore = runs[k - 1];
        long total = sum;
        while (i < last)
        {
            uint c0 = (uint)System.Runtime.CompilerServices.Unsafe.Add(ref text, i) - CharOffset;
            uint c1 = (uint)System.Runtime.CompilerServices.Unsafe.Add(ref text, i + 1) - CharOffset;
            uint chunks = c0 >> 5; // 0: one character, 1: two (if the second ends the number), more: invalid
            uint second = c1 & (0u - chunks);
            if ((chunks > 1) | (second > 31))
            {
                break;
            }

            int one = ((int)c0 << 27) >> 27;
            int two = (int)(c0 & 0x1f) | ((((int)c1 << 27) >> 27) << 5);
            long value = twoBefore + (long)(one + ((two - one) & -(int)chunks));
            if ((ulong)value > uint.MaxValue)
            {
                break;
            }

            System.Runtime.CompilerServices.Unsafe.Add(ref output, k) = (uint)value;
            total += value;
            k++;
            i += 1 + (int)chunks;
            twoBefore = oneBefore;
            oneBefore = (uint)value;
        }

        p = i;
        m = k;
        sum = total;
    }

    private static void CheckSize(int height, int width)
    {
        if (height < 0 || width < 0)
        {
            throw new FormatException($"RLE size [{height}, {width}] is negative.");
        }
    }

    private static void CheckSum(long sum, int height, int width)
    {
        long pixels = (long)height * width;
        if (sum != pixels)
        {
            throw new FormatException($"Compressed RLE counts sum to {sum}, but the size [{height}, {width}] has {pixels} pixels.");
        }
    }

    /// <summary>
    /// Reads count <paramref name="m"/> at <paramref name="p"/> and moves past it; <paramref name="twoBefore"/> is
    /// count <c>m - 2</c>, added for <c>m &gt; 2</c>.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static uint NextCount(ReadOnlySpan<byte> counts, ref int p, int m, uint twoBefore)
    {
        long x;
        int c = counts[p] - CharOffset;
        if ((uint)c <= MaxCharValue && (c & 0x20) == 0)
        {
            // One chunk, the common case: 5 value bits, sign-extended from bit 0x10 (the loop below with k = 1).
            x = (c & 0x10) != 0 ? c - 32 : c;
            p++;
        }
        else if ((uint)c <= MaxCharValue && p + 1 < counts.Length && (uint)(counts[p + 1] - CharOffset) is uint c1 && c1 <= MaxCharValue && (c1 & 0x20) == 0)
        {
            // Two chunks, the next most common: the loop below with k = 2.
            x = ((uint)c & 0x1f) | ((c1 & 0x1f) << 5);
            if ((c1 & 0x10) != 0)
            {
                x |= -1L << 10;
            }

            p += 2;
        }
        else
        {
            x = ReadNumber(counts, ref p);
        }

        if (m > 2)
        {
            x += twoBefore;
        }

        if (x < 0)
        {
            throw new FormatException($"Compressed RLE count {m} is negative ({x}) after delta decoding.");
        }

        if (x > uint.MaxValue)
        {
            throw new FormatException($"Compressed RLE count {m} ({x}) exceeds the 32-bit range.");
        }

        return (uint)x;
    }

    /// <summary>Reads one number of any length (before delta decoding) and moves past it.</summary>
    private static long ReadNumber(ReadOnlySpan<byte> counts, ref int p)
    {
        long x = 0;
        int k = 0;
        bool more = true;
        int start = p;
        while (more)
        {
            if (p >= counts.Length)
            {
                throw new FormatException($"Compressed RLE is truncated: the number starting at character {start} has no final chunk.");
            }

            int c = counts[p] - CharOffset;
            if (c < 0 || c > MaxCharValue)
            {
                throw new FormatException($"Compressed RLE has an invalid character '{(char)counts[p]}' (code {counts[p]}) at position {p}; expected ASCII 48..111.");
            }

            if (k >= MaxChunks)
            {
                throw new FormatException($"Compressed RLE has a number longer than {MaxChunks} characters at position {start}.");
            }

            x |= (long)(c & 0x1f) << (5 * k);
            more = (c & 0x20) != 0;
            p++;
            k++;
            if (!more && (c & 0x10) != 0)
            {
                x |= -1L << (5 * k);
            }
        }

        return x;
    }
}
