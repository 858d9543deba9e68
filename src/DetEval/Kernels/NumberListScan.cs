using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DetEval.Kernels;

/// <summary>
/// Skips a flat JSON list of plain numbers (<c>12.5,-3,0.25]</c>: the inside of a polygon) 64 bytes at a time, checking
/// the number grammar with bit masks instead of byte by byte. It only ever accepts: a list it cannot decide (any
/// whitespace, an exponent, a character that is not a digit, <c>.</c>, <c>-</c>, <c>,</c> or <c>]</c>, a number the
/// grammar refuses, or a list that does not close within whole 64-byte blocks of the span) is left to the scalar scan,
/// which is the specification and names the error.
/// </summary>
/// <remarks>
/// Each block's bytes are classified into masks (bit k for byte k). A number starts after a comma (or the list's
/// opening); a <c>-</c> only there and followed by a digit; a <c>.</c> between digits; a leading <c>0</c> not followed
/// by a digit; a comma or the closing <c>]</c> after a digit; and the digits after a <c>.</c> end at a comma or the
/// <c>]</c>, which adding each fraction's first digit to the digit mask finds (the carry runs through the digits),
/// and which also refuses a second <c>.</c> in a number. Shifts and the addition carry their last bit into the next block.
/// </remarks>
internal static class NumberListScan
{
    /// <summary>The bytes classified at a time.</summary>
    public const int Block = 64;

    /// <summary>
    /// With <paramref name="start"/> just after a list's <c>[</c>: the position of its closing <c>]</c> when every item
    /// is a plain JSON number, decided in whole blocks of <paramref name="s"/>; -1 when this scan does not decide.
    /// </summary>
    public static int SkipPlainNumbers(ReadOnlySpan<byte> s, int start) => SkipPlainNumbers(s, start, BestWidth);

    /// <summary>The widest vector this machine runs: 512, 256, 128, or 0 (masks built byte by byte).</summary>
    internal static int BestWidth { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary><see cref="SkipPlainNumbers(ReadOnlySpan{byte}, int)"/> with the masks built at <paramref name="width"/> bits (0: byte by byte).</summary>
    internal static int SkipPlainNumbers(ReadOnlySpan<byte> s, int start, int width)
    {
        // The byte before the block: the list's '[' acts as a separator.
        ulong prevSeparator = 1, prevDigit = 0, prevMinus = 0, prevPoint = 0, prevZeroStart = 0, carry = 0;
        ref byte origin = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(s);
        for (int at = start; at <= s.Length - Block; at += Block)
        {
            var m = Classify(ref Unsafe.Add(ref origin, at), width);
            ulong close = m.Close & (0 - m.Close); // the first ']', or 0
            ulong region = close == 0 ? ulong.MaxValue : close - 1; // the bytes before it
            if ((~(m.Digit | m.Point | m.Comma | m.Minus) & region) != 0)
            {
                return -1;
            }

            ulong digit = m.Digit & region, point = m.Point & region, comma = m.Comma & region, minus = m.Minus & region;
            ulong afterSeparator = (comma << 1) | prevSeparator;
            ulong afterDigit = (digit << 1) | prevDigit;
            ulong afterMinus = (minus << 1) | prevMinus;
            ulong afterPoint = (point << 1) | prevPoint;
            ulong inside = region | close;
            ulong integerStart = (afterSeparator | afterMinus) & digit;
            ulong zeroStart = integerStart & m.Zero;
            ulong afterZeroStart = (zeroStart << 1) | prevZeroStart;

            // The end of each fraction's digits: its first digit added to the digit mask carries to the byte after them.
            ulong firstFraction = afterPoint & digit;
            ulong sum = digit + firstFraction;
            ulong carryOut = sum < digit ? 1UL : 0;
            ulong total = sum + carry;
            carryOut |= total < sum ? 1UL : 0;
            ulong fractionEnd = total & ~digit & inside;

            ulong bad = (minus & ~afterSeparator)
                | (afterSeparator & inside & ~(digit | minus))
                | (afterMinus & inside & ~digit)
                | (point & ~afterDigit)
                | (afterPoint & inside & ~digit)
                | ((comma | close) & ~afterDigit)
                | (afterZeroStart & digit)
                | (fractionEnd & ~(comma | close));
            if (bad != 0)
            {
                return -1;
            }

            if (close != 0)
            {
                return at + BitOperations.TrailingZeroCount(close);
            }

            prevSeparator = comma >> 63;
            prevDigit = digit >> 63;
            prevMinus = minus >> 63;
            prevPoint = point >> 63;
            prevZeroStart = zeroStart >> 63;
            carry = carryOut;
        }

        return -1;
    }

    /// <summary>One block's classes, bit k for byte k.</summary>
    internal readonly record struct Masks(ulong Digit, ulong Zero, ulong Point, ulong Comma, ulong Minus, ulong Close);

    /// <summary>Classifies the <see cref="Block"/> bytes at <paramref name="source"/>, with vectors of <paramref name="width"/> bits (0: byte by byte).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Masks Classify(ref byte source, int width)
    {
        if (width == 512)
        {
            var v = Vector512.LoadUnsafe(ref source);
            return new Masks(
                Vector512.LessThanOrEqual(v - Vector512.Create((byte)'0'), Vector512.Create((byte)9)).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)'0')).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)'.')).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)',')).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)'-')).ExtractMostSignificantBits(),
                Vector512.Equals(v, Vector512.Create((byte)']')).ExtractMostSignificantBits());
        }

        if (width == 256)
        {
            return Combine(Classify256(ref source), Classify256(ref Unsafe.Add(ref source, 32)), 32);
        }

        if (width == 128)
        {
            var low = Combine(Classify128(ref source), Classify128(ref Unsafe.Add(ref source, 16)), 16);
            var high = Combine(Classify128(ref Unsafe.Add(ref source, 32)), Classify128(ref Unsafe.Add(ref source, 48)), 16);
            return Combine(low, high, 32);
        }

        return ClassifyBytes(ref source);
    }

    /// <summary>The specification of <see cref="Classify"/>: byte by byte.</summary>
    internal static Masks ClassifyBytes(ref byte source)
    {
        ulong digit = 0, zero = 0, point = 0, comma = 0, minus = 0, close = 0;
        for (int k = 0; k < Block; k++)
        {
            byte b = Unsafe.Add(ref source, k);
            ulong bit = 1UL << k;
            digit |= (uint)(b - '0') <= 9 ? bit : 0;
            zero |= b == (byte)'0' ? bit : 0;
            point |= b == (byte)'.' ? bit : 0;
            comma |= b == (byte)',' ? bit : 0;
            minus |= b == (byte)'-' ? bit : 0;
            close |= b == (byte)']' ? bit : 0;
        }

        return new Masks(digit, zero, point, comma, minus, close);
    }

    private static Masks Combine(Masks low, Masks high, int shift) => new(
        low.Digit | (high.Digit << shift),
        low.Zero | (high.Zero << shift),
        low.Point | (high.Point << shift),
        low.Comma | (high.Comma << shift),
        low.Minus | (high.Minus << shift),
        low.Close | (high.Close << shift));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks Classify256(ref byte source)
    {
        var v = Vector256.LoadUnsafe(ref source);
        return new Masks(
            Vector256.LessThanOrEqual(v - Vector256.Create((byte)'0'), Vector256.Create((byte)9)).ExtractMostSignificantBits(),
            Vector256.Equals(v, Vector256.Create((byte)'0')).ExtractMostSignificantBits(),
            Vector256.Equals(v, Vector256.Create((byte)'.')).ExtractMostSignificantBits(),
            Vector256.Equals(v, Vector256.Create((byte)',')).ExtractMostSignificantBits(),
            Vector256.Equals(v, Vector256.Create((byte)'-')).ExtractMostSignificantBits(),
            Vector256.Equals(v, Vector256.Create((byte)']')).ExtractMostSignificantBits());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Masks Classify128(ref byte source)
    {
        var v = Vector128.LoadUnsafe(ref source);
        return new Masks(
            Vector128.LessThanOrEqual(v - Vector128.Create((byte)'0'), Vector128.Create((byte)9)).ExtractMostSignificantBits(),
            Vector128.Equals(v, Vector128.Create((byte)'0')).ExtractMostSignificantBits(),
            Vector128.Equals(v, Vector128.Create((byte)'.')).ExtractMostSignificantBits(),
            Vector128.Equals(v, Vector128.Create((byte)',')).ExtractMostSignificantBits(),
            Vector128.Equals(v, Vector128.Create((byte)'-')).ExtractMostSignificantBits(),
            Vector128.Equals(v, Vector128.Create((byte)']')).ExtractMostSignificantBits());
    }
}
