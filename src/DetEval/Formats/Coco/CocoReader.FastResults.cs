using DetEval.Formats.Coco;
using DetEval.Formats.Json;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>
    /// The fast path for the results array's common elements: <c>, {"image_id": 1, "category_id": 2, "bbox": [x, y, w,
    /// h], "score": 0.9}</c>, with or without a compressed-RLE <c>"segmentation": {"size": [h, w], "counts": "..."}</c>,
    /// keys in any order, read straight from the bytes after the previous element. It accepts only what
    /// <see cref="ReadResult"/> accepts and gives the same result; anything else (another key, a key given twice, an
    /// escape other than <c>\\</c>, a number the short-decimal parser does not take, a bad box, the end of the buffer)
    /// returns false before anything is kept, and the element goes the general way, which gives the answer or the
    /// error. <paramref name="consumed"/> ends just after the element's closing brace.
    /// </summary>
    private static bool TryReadResultFast(ReadOnlySpan<byte> s, ByteArena arena, CocoResultsOptions options, out RawResult raw, out int consumed)
    {
        raw = default;
        consumed = 0;
        int i = SkipSpace(s, 0);
        if (i >= s.Length || s[i] != (byte)',')
        {
            return false;
        }

        i = SkipSpace(s, i + 1);
        if (i >= s.Length || s[i] != (byte)'{')
        {
            return false;
        }

        int seen = 0;
        Span<double> bb = stackalloc double[4];
        i++;
        while (true)
        {
            i = SkipSpace(s, i);
            if (!TryKey(s, ref i, out int key) || (seen & key) != 0)
            {
                return false;
            }

            seen |= key;
            switch (key)
            {
                case KeyImage when TryInteger(s, ref i, out raw.ImageId):
                case KeyCategory when TryInteger(s, ref i, out raw.CategoryId):
                case KeyScore when TryNumber(s, ref i, out raw.Score):
                    break;
                case KeyBox when TryNumbers(s, ref i, bb) == 4 && (options.KeepNegativeBoxSizes || (bb[2] >= 0 && bb[3] >= 0)):
                    raw.Box = new Box(bb[0], bb[1], bb[2], bb[3]);
                    raw.HasBox = true;
                    break;
                case KeySegmentation when TryCompressedRle(s, ref i, arena, out raw.Segmentation):
                    break;
                default:
                    return false;
            }

            i = SkipSpace(s, i);
            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] == (byte)'}')
            {
                break;
            }

            if (s[i] != (byte)',')
            {
                return false;
            }

            i++;
        }

        if ((seen & (KeyImage | KeyCategory | KeyScore)) != (KeyImage | KeyCategory | KeyScore) || (seen & (KeyBox | KeySegmentation)) == 0)
        {
            return false; // the general way names what is missing
        }

        MeasureWhenNeeded(ref raw, options);
        consumed = i + 1;
        return true;
    }

    private const int KeyImage = 1, KeyCategory = 2, KeyBox = 4, KeyScore = 8, KeySegmentation = 16;

    /// <summary>A key of a result followed by its colon, or false (another key, an escape, the end of the buffer).</summary>
    private static bool TryKey(ReadOnlySpan<byte> s, ref int i, out int key)
    {
        key = 0;
        if (i + 1 >= s.Length || s[i] != (byte)'"')
        {
            return false;
        }

        // Each name with its closing quote: a match is the whole key, unescaped.
        var rest = s[(i + 1)..];
        int length;
        (key, length) = rest[0] switch
        {
            (byte)'i' when rest.StartsWith("image_id\""u8) => (KeyImage, 9),
            (byte)'c' when rest.StartsWith("category_id\""u8) => (KeyCategory, 12),
            (byte)'b' when rest.StartsWith("bbox\""u8) => (KeyBox, 5),
            (byte)'s' when rest.StartsWith("score\""u8) => (KeyScore, 6),
            (byte)'s' when rest.StartsWith("segmentation\""u8) => (KeySegmentation, 13),
            _ => (0, 0),
        };
        i = SkipSpace(s, i + 1 + length);
        if (key == 0 || i >= s.Length || s[i] != (byte)':')
        {
            return false;
        }

        i = SkipSpace(s, i + 1);
        return true;
    }

    /// <summary>A JSON integer of at most 18 digits (no fraction, no exponent), as <see cref="JsonValues.ReadId"/> reads it.</summary>
    private static bool TryInteger(ReadOnlySpan<byte> s, ref int i, out long value)
    {
        value = 0;
        int end = ScanNumber(s, i);
        if (end < 0)
        {
            return false;
        }

        var token = s[i..end];
        bool negative = token[0] == (byte)'-';
        var digits = negative ? token[1..] : token;
        if (digits.Length > 18)
        {
            return false;
        }

        foreach (byte c in digits)
        {
            if (!IsDigit(c))
            {
                return false; // a fraction or an exponent: the general way decides
            }

            value = (value * 10) + (c - '0');
        }

        value = negative ? -value : value;
        i = end;
        return true;
    }

    /// <summary>A JSON number the short-decimal parser reads exactly (as <see cref="JsonValues.ReadDouble"/> would).</summary>
    private static bool TryNumber(ReadOnlySpan<byte> s, ref int i, out double value)
    {
        value = 0;
        int end = ScanNumber(s, i);
        if (end < 0 || !JsonValues.TryParseShortDecimal(s[i..end], out value))
        {
            return false;
        }

        i = end;
        return true;
    }

    /// <summary>An array of up to <c>values.Length</c> numbers; returns how many, or -1.</summary>
    private static int TryNumbers(ReadOnlySpan<byte> s, ref int i, Span<double> values)
    {
        if (i >= s.Length || s[i] != (byte)'[')
        {
            return -1;
        }

        int n = 0;
        i = SkipSpace(s, i + 1);
        if (i < s.Length && s[i] == (byte)']')
        {
            i++;
            return 0;
        }

        while (true)
        {
            if (n == values.Length || !TryNumber(s, ref i, out values[n]))
            {
                return -1;
            }

            n++;
            i = SkipSpace(s, i);
            if (i >= s.Length)
            {
                return -1;
            }

            if (s[i] == (byte)']')
            {
                i++;
                return n;
            }

            if (s[i] != (byte)',')
            {
                return -1;
            }

            i = SkipSpace(s, i + 1);
        }
    }

    [ThreadStatic]
    private static byte[]? fastUnescape;

    /// <summary>
    /// <c>{"size": [h, w], "counts": "..."}</c> in either order, as <see cref="CocoSegmentationParser"/> reads it:
    /// the counts' bytes kept in the arena, a <c>\\</c> unescaped; any other escape, a byte outside printable ASCII or
    /// another key returns false.
    /// </summary>
    private static bool TryCompressedRle(ReadOnlySpan<byte> s, ref int i, ByteArena arena, out Segmentation? segmentation)
    {
        segmentation = null;
        if (i >= s.Length || s[i] != (byte)'{')
        {
            return false;
        }

        int height = -1, width = -1;
        ReadOnlySpan<byte> counts = default;
        bool hasCounts = false, escaped = false;
        Span<double> size = stackalloc double[2];
        i++;
        while (true)
        {
            i = SkipSpace(s, i);
            if (i >= s.Length || s[i] != (byte)'"')
            {
                return false;
            }

            var rest = s[(i + 1)..];
            if (rest.StartsWith("size\""u8) && height < 0)
            {
                i = SkipSpace(s, i + 6);
                if (i >= s.Length || s[i] != (byte)':')
                {
                    return false;
                }

                i = SkipSpace(s, i + 1);
                if (TryNumbers(s, ref i, size) != 2 || !IsRleSize(size[0]) || !IsRleSize(size[1]))
                {
                    return false;
                }

                (height, width) = ((int)size[0], (int)size[1]);
            }
            else if (rest.StartsWith("counts\""u8) && !hasCounts)
            {
                i = SkipSpace(s, i + 8);
                if (i >= s.Length || s[i] != (byte)':')
                {
                    return false;
                }

                i = SkipSpace(s, i + 1);
                if (i >= s.Length || s[i] != (byte)'"')
                {
                    return false;
                }

                int from = i + 1, at = from;
                while (true)
                {
                    int special = s[at..].IndexOfAny((byte)'"', (byte)'\\');
                    if (special < 0 || s.Slice(at, special).ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
                    {
                        return false; // the end of the buffer, or a control byte or non-ASCII before the quote
                    }

                    at += special;
                    if (s[at] == (byte)'"')
                    {
                        break;
                    }

                    if (at + 1 >= s.Length || s[at + 1] != (byte)'\\')
                    {
                        return false;
                    }

                    escaped = true;
                    at += 2;
                }

                counts = s[from..at];
                hasCounts = true;
                i = at + 1;
            }
            else
            {
                return false;
            }

            i = SkipSpace(s, i);
            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] == (byte)'}')
            {
                i++;
                break;
            }

            if (s[i] != (byte)',')
            {
                return false;
            }

            i++;
        }

        if (height < 0 || !hasCounts)
        {
            return false;
        }

        ReadOnlyMemory<byte> kept;
        if (escaped)
        {
            var buffer = fastUnescape is { } b && b.Length >= counts.Length ? b : fastUnescape = new byte[Math.Max(counts.Length, 4096)];
            int n = 0;
            for (int k = 0; k < counts.Length; k++)
            {
                buffer[n++] = counts[k];
                k += counts[k] == (byte)'\\' ? 1 : 0;
            }

            kept = arena.Copy(buffer.AsSpan(0, n));
        }
        else
        {
            kept = arena.Copy(counts);
        }

        segmentation = Segmentation.FromCompressedUtf8(kept, height, width);
        return true;
    }

    /// <summary>The sizes <see cref="CocoSegmentationParser"/> accepts: integers in [0, 1000000].</summary>
    private static bool IsRleSize(double v) => v >= 0 && v <= 1_000_000 && Math.Floor(v) == v;

    /// <summary>
    /// The end of the JSON number starting at <paramref name="i"/> (<c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>),
    /// or -1 when there is none or it reaches the end of the buffer (it may go on in the next one).
    /// </summary>
    private static int ScanNumber(ReadOnlySpan<byte> s, int i)
    {
        if (i < s.Length && s[i] == (byte)'-')
        {
            i++;
        }

        if (i >= s.Length)
        {
            return -1;
        }

        if (s[i] == (byte)'0')
        {
            i++;
        }
        else if (IsDigit(s[i]))
        {
            i = Digits(s, i);
        }
        else
        {
            return -1;
        }

        if (i < s.Length && s[i] == (byte)'.')
        {
            if (i + 1 >= s.Length || !IsDigit(s[i + 1]))
            {
                return -1;
            }

            i = Digits(s, i + 1);
        }

        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < s.Length && s[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (i >= s.Length || !IsDigit(s[i]))
            {
                return -1;
            }

            i = Digits(s, i);
        }

        return i < s.Length ? i : -1;
    }

    private static bool IsDigit(byte c) => (uint)(c - '0') <= 9;

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipSpace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }
}
