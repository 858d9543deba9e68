using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DetEval.Kernels;

/// <summary>
/// The intersection of two masks given as sorted, disjoint foreground intervals <c>[start, end)</c> of the
/// column-major pixel index (the foreground runs of an RLE): the count the reference's <c>rleIou</c> run walk
/// calls <c>i</c>.
/// </summary>
/// <remarks>
/// <para>
/// The specification (<see cref="IntersectScalar"/>): for each interval a of A, the sum over the intervals b of B
/// that can meet it of <c>max(min(a.end, b.end) - max(a.start, b.start), 0)</c>. A pair that does not overlap
/// contributes exactly 0, so any window of B intervals that covers every one meeting a gives the same sum. The
/// window starts at the first b with <c>b.end &gt; a.start</c> (a pointer that only moves forward) and ends
/// before the first b with <c>b.start &gt;= a.end</c>.
/// </para>
/// <para>
/// The vector widths evaluate the same clamped overlaps <see cref="Vector512{T}.Count"/> (or 256/128-bit) B
/// intervals at a time, from the window's start until a block starts at or past <c>a.end</c>; the lanes past
/// the window add 0. Every quantity is an integer below 2^31, so the sums are exact and equal the scalar's in
/// any order. B's arrays carry <see cref="Padding"/> sentinel intervals <c>[int.MaxValue, int.MaxValue)</c>
/// after its last interval, so a block never reads past the arrays (a sentinel lane adds 0).
/// </para>
/// </remarks>
internal static class RunIntersection
{
    /// <summary>The number of sentinel entries B's arrays need after their last interval (16: one 512-bit block).</summary>
    public const int Padding = 16;

    /// <summary>
    /// Converts RLE counts (alternating background and foreground run lengths, background first) to foreground
    /// intervals, skipping empty runs, and writes <see cref="Padding"/> sentinels after them.
    /// </summary>
    /// <param name="counts">The RLE counts.</param>
    /// <param name="starts">Receives the interval starts; needs <c>counts.Length / 2 + Padding</c> entries.</param>
    /// <param name="ends">Receives the interval ends (exclusive); as long as <paramref name="starts"/>.</param>
    /// <param name="total">The sum of all counts (the pixels covered).</param>
    /// <returns>The number of intervals, or -1 when the pixel total reaches 2^31 (positions would not fit).</returns>
    public static int ToIntervals(ReadOnlySpan<uint> counts, Span<int> starts, Span<int> ends, out ulong total)
    {
        int needed = (counts.Length / 2) + Padding;
        if (starts.Length < needed || ends.Length < needed)
        {
            throw new ArgumentException($"The interval arrays need {needed} entries, they have {starts.Length} and {ends.Length}.");
        }

        return Avx512F.IsSupported && counts.Length >= 16 && ToIntervals512(counts, starts, ends, out total) is var n and not Undecided
            ? n
            : ToIntervalsScalar(counts, starts, ends, 0, 0, 0, out total);
    }

    /// <summary>
    /// The specification of <see cref="ToIntervals"/> from count <paramref name="from"/> on, at pixel
    /// <paramref name="position"/> with <paramref name="n"/> intervals written (all 0 for the whole conversion).
    /// </summary>
    internal static int ToIntervalsScalar(ReadOnlySpan<uint> counts, Span<int> starts, Span<int> ends, int from, ulong position, int n, out ulong total)
    {
        for (int k = from; k < counts.Length; k++)
        {
            ulong next = position + counts[k];
            if (next > int.MaxValue)
            {
                total = next;
                return -1;
            }

            if ((k & 1) == 1 && counts[k] != 0)
            {
                starts[n] = (int)position;
                ends[n] = (int)next;
                n++;
            }

            position = next;
        }

        starts.Slice(n, Padding).Fill(int.MaxValue);
        ends.Slice(n, Padding).Fill(int.MaxValue);
        total = position;
        return n;
    }

    /// <summary><see cref="ToIntervals512"/>'s answer when its blocks cannot take the counts (the specification then converts them all).</summary>
    private const int Undecided = -2;

    // A block's counts stay below this, so its prefix sums (16 counts on a position below 2^31) cannot wrap 32-bit lanes.
    private const uint BlockCountLimit = 1u << 27;

    /// <summary>
    /// <see cref="ToIntervals"/> for 16 counts (8 intervals) at a time in 512-bit vectors: the counts' prefix sums give
    /// each foreground run's start (even lanes) and end (odd lanes), split into the two arrays by one permutation.
    /// Whole blocks only, then <see cref="ToIntervalsScalar"/> for the rest; <see cref="Undecided"/> (the caller converts
    /// from the start) at a block with an empty foreground run (skipped by the specification), a count of 2^27 or more,
    /// or positions reaching 2^31.
    /// </summary>
    internal static int ToIntervals512(ReadOnlySpan<uint> counts, Span<int> starts, Span<int> ends, out ulong total)
    {
        ref uint first = ref MemoryMarshal.GetReference(counts);
        ref int startOut = ref MemoryMarshal.GetReference(starts);
        ref int endOut = ref MemoryMarshal.GetReference(ends);
        var zero = Vector512<uint>.Zero;
        var odd = Vector512.Create(0xFFFFFFFF00000000ul).AsUInt32();
        var largest = Vector512.Create(BlockCountLimit - 1);
        var positionLimit = Vector512.Create((uint)int.MaxValue);
        var split = Vector512.Create(0u, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15);
        var last = Vector512.Create(15u);
        var carry = zero;
        int blocks = counts.Length / 16, n = 0;
        for (int b = 0; b < blocks; b++)
        {
            var v = Vector512.LoadUnsafe(ref first, (nuint)(b * 16));
            if (Vector512.GreaterThanAny(v, largest) || !Vector512.EqualsAll(Vector512.Equals(v & odd, zero) & odd, zero))
            {
                total = 0;
                return Undecided;
            }

            var p = v + Avx512F.AlignRight32(v, zero, 15);
            p += Avx512F.AlignRight32(p, zero, 14);
            p += Avx512F.AlignRight32(p, zero, 12);
            p += Avx512F.AlignRight32(p, zero, 8);
            p += carry;
            if (Vector512.GreaterThanAny(p, positionLimit))
            {
                total = 0;
                return Undecided;
            }

            // Lane 2j: the start of run 2j + 1 (the prefix before it); lane 2j + 1: its end.
            var halves = Avx512F.PermuteVar16x32(p, split);
            halves.GetLower().AsInt32().StoreUnsafe(ref startOut, (nuint)n);
            halves.GetUpper().AsInt32().StoreUnsafe(ref endOut, (nuint)n);
            n += 8;
            carry = Avx512F.PermuteVar16x32(p, last);
        }

        return ToIntervalsScalar(counts, starts, ends, blocks * 16, carry.ToScalar(), n, out total);
    }

    /// <summary>The specification: the number of pixels in both A and B.</summary>
    /// <param name="startsA">A's interval starts.</param>
    /// <param name="endsA">A's interval ends (as many as the starts).</param>
    /// <param name="startsB">B's interval starts (only the first <paramref name="countB"/> are read).</param>
    /// <param name="endsB">B's interval ends.</param>
    /// <param name="countB">The number of B's intervals.</param>
    public static long IntersectScalar(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB)
    {
        long sum = 0;
        int lo = 0;
        for (int i = 0; i < startsA.Length; i++)
        {
            int sa = startsA[i], ea = endsA[i];
            while (lo < countB && endsB[lo] <= sa)
            {
                lo++;
            }

            for (int j = lo; j < countB && startsB[j] < ea; j++)
            {
                sum += Math.Max(Math.Min(ea, endsB[j]) - Math.Max(sa, startsB[j]), 0);
            }
        }

        return sum;
    }

    /// <summary>Like <see cref="IntersectScalar"/>, on the widest vector unit available.</summary>
    /// <inheritdoc cref="IntersectScalar" path="/param"/>
    /// <exception cref="ArgumentException">B's arrays lack the <see cref="Padding"/> sentinels, or A's lengths differ.</exception>
    public static long Intersect(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB)
    {
        Check(startsA, endsA, startsB, endsB, countB);
        if (Vector512.IsHardwareAccelerated)
        {
            return Intersect512(startsA, endsA, startsB, endsB, countB);
        }

        if (Vector256.IsHardwareAccelerated)
        {
            return Intersect256(startsA, endsA, startsB, endsB, countB);
        }

        return Vector128.IsHardwareAccelerated
            ? Intersect128(startsA, endsA, startsB, endsB, countB)
            : IntersectScalar(startsA, endsA, startsB, endsB, countB);
    }

    /// <summary>The 512-bit width (16 intervals of B per block); the caller checks the arguments.</summary>
    internal static long Intersect512(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB)
    {
        ref int sb = ref MemoryMarshal.GetReference(startsB);
        ref int eb = ref MemoryMarshal.GetReference(endsB);
        var acc = Vector512<int>.Zero;
        int lo = 0;
        for (int i = 0; i < startsA.Length; i++)
        {
            int sa = startsA[i], ea = endsA[i];
            while (lo < countB && Unsafe.Add(ref eb, lo) <= sa)
            {
                lo++;
            }

            var vsa = Vector512.Create(sa);
            var vea = Vector512.Create(ea);
            for (int j = lo; j < countB && Unsafe.Add(ref sb, j) < ea; j += Vector512<int>.Count)
            {
                var overlap = Vector512.Min(vea, Vector512.LoadUnsafe(ref eb, (nuint)j)) - Vector512.Max(vsa, Vector512.LoadUnsafe(ref sb, (nuint)j));
                acc += Vector512.Max(overlap, Vector512<int>.Zero);
            }
        }

        return Sum(acc.GetLower()) + Sum(acc.GetUpper());
    }

    /// <summary>The 256-bit width (8 intervals of B per block); the caller checks the arguments.</summary>
    internal static long Intersect256(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB)
    {
        ref int sb = ref MemoryMarshal.GetReference(startsB);
        ref int eb = ref MemoryMarshal.GetReference(endsB);
        var acc = Vector256<int>.Zero;
        int lo = 0;
        for (int i = 0; i < startsA.Length; i++)
        {
            int sa = startsA[i], ea = endsA[i];
            while (lo < countB && Unsafe.Add(ref eb, lo) <= sa)
            {
                lo++;
            }

            var vsa = Vector256.Create(sa);
            var vea = Vector256.Create(ea);
            for (int j = lo; j < countB && Unsafe.Add(ref sb, j) < ea; j += Vector256<int>.Count)
            {
                var overlap = Vector256.Min(vea, Vector256.LoadUnsafe(ref eb, (nuint)j)) - Vector256.Max(vsa, Vector256.LoadUnsafe(ref sb, (nuint)j));
                acc += Vector256.Max(overlap, Vector256<int>.Zero);
            }
        }

        return Sum(acc);
    }

    /// <summary>The 128-bit width (4 intervals of B per block); the caller checks the arguments.</summary>
    internal static long Intersect128(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB)
    {
        ref int sb = ref MemoryMarshal.GetReference(startsB);
        ref int eb = ref MemoryMarshal.GetReference(endsB);
        var acc = Vector128<int>.Zero;
        int lo = 0;
        for (int i = 0; i < startsA.Length; i++)
        {
            int sa = startsA[i], ea = endsA[i];
            while (lo < countB && Unsafe.Add(ref eb, lo) <= sa)
            {
                lo++;
            }

            var vsa = Vector128.Create(sa);
            var vea = Vector128.Create(ea);
            for (int j = lo; j < countB && Unsafe.Add(ref sb, j) < ea; j += Vector128<int>.Count)
            {
                var overlap = Vector128.Min(vea, Vector128.LoadUnsafe(ref eb, (nuint)j)) - Vector128.Max(vsa, Vector128.LoadUnsafe(ref sb, (nuint)j));
                acc += Vector128.Max(overlap, Vector128<int>.Zero);
            }
        }

        return Sum(acc.GetLower()) + Sum(acc.GetUpper());
    }

    internal static void Check(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB)
    {
        if (endsA.Length != startsA.Length)
        {
            throw new ArgumentException($"A has {startsA.Length} starts and {endsA.Length} ends.");
        }

        if (countB < 0 || startsB.Length < countB + Padding || endsB.Length < countB + Padding)
        {
            throw new ArgumentException($"B's arrays need {countB} intervals and {Padding} sentinels, they have {startsB.Length} and {endsB.Length} entries.");
        }
    }

    // Each lane holds a partial sum of overlaps: lanes add up to at most the intersection, below 2^31.
    private static long Sum(Vector256<int> v) => Sum(v.GetLower()) + Sum(v.GetUpper());

    private static long Sum(Vector128<int> v) => Sum(v.GetLower()) + Sum(v.GetUpper());

    private static long Sum(Vector64<int> v) => (long)v.GetElement(0) + v.GetElement(1);
}
