using System.Runtime.Intrinsics;
using DetEval.Formats.Coco;
using DetEval.Formats.Json;
using DetEval.Kernels;

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
        var member = new ResultMembers { Arena = arena, Options = options };
        int seen = TryObject(s, out consumed, ref member);
        raw = member.Raw;
        if (seen < 0 || (seen & (KeyImage | KeyCategory | KeyScore)) != (KeyImage | KeyCategory | KeyScore) || (seen & (KeyBox | KeySegmentation)) == 0)
        {
            return false; // the general way reads it, or names what is missing
        }

        MeasureWhenNeeded(ref raw, options);
        return true;
    }

    private struct ResultMembers : IObjectMembers<ResultMembers>
    {
        public static (int Key, int Length) Key(ReadOnlySpan<byte> name) => ResultKey(name);

        public static bool Read(ReadOnlySpan<byte> s, ref int i, int key, ref ResultMembers members) => ReadResultMember(s, ref i, key, ref members);

        public RawResult Raw;
        public ByteArena Arena;
        public CocoResultsOptions Options;
    }

    private static bool ReadResultMember(ReadOnlySpan<byte> s, ref int i, int key, ref ResultMembers m)
    {
        Span<double> bb = stackalloc double[4];
        switch (key)
        {
            case KeyImage:
                return TryInteger(s, ref i, out m.Raw.ImageId);
            case KeyCategory:
                return TryInteger(s, ref i, out m.Raw.CategoryId);
            case KeyScore:
                return TryNumber(s, ref i, out m.Raw.Score);
            case KeyBox when TryNumbers(s, ref i, bb) == 4 && (m.Options.KeepNegativeBoxSizes || (bb[2] >= 0 && bb[3] >= 0)):
                m.Raw.Box = new Box(bb[0], bb[1], bb[2], bb[3]);
                m.Raw.HasBox = true;
                return true;
            case KeySegmentation:
                return TryCompressedRle(s, ref i, m.Arena, out m.Raw.Segmentation);
            default:
                return false;
        }
    }

    /// <summary>
    /// The fast path for the ground truth's common annotations, as <see cref="TryReadResultFast"/> is for results:
    /// <c>, {"id", "image_id", "category_id", "bbox", "area", "iscrowd", "segmentation"}</c> with polygon segmentation
    /// (kept, or only checked when masks are not read), in any order. Anything else returns false, and
    /// <see cref="ReadAnnotation"/> reads the element.
    /// </summary>
    private static bool TryReadAnnotationFast(ReadOnlySpan<byte> s, bool readSegmentation, out GroundTruth? truth, out int consumed)
    {
        truth = null;
        var m = new AnnotationMembers { ReadSegmentation = readSegmentation };
        int seen = TryObject(s, out consumed, ref m);

        // Every id and a box: the cases without (and their messages) are the general way's.
        const int Needed = AnnotationId | AnnotationImage | AnnotationCategory | AnnotationBox;
        if (seen < 0 || (seen & Needed) != Needed)
        {
            return false;
        }

        var segmentation = readSegmentation && m.Polygons is not null ? Segmentation.FromPolygons(m.Polygons) : null;
        truth = new GroundTruth(m.Id, m.ImageId, m.CategoryId, m.Box, (seen & AnnotationArea) != 0 ? m.Area : m.Box.Area, m.Crowd != 0, false, segmentation);
        return true;
    }

    private struct AnnotationMembers : IObjectMembers<AnnotationMembers>
    {
        public static (int Key, int Length) Key(ReadOnlySpan<byte> name) => AnnotationKey(name);

        public static bool Read(ReadOnlySpan<byte> s, ref int i, int key, ref AnnotationMembers members) => ReadAnnotationMember(s, ref i, key, ref members);

        public long Id, ImageId, CategoryId;
        public double Area, Crowd;
        public Box Box;
        public List<double[]>? Polygons;
        public bool ReadSegmentation;
    }

    private static bool ReadAnnotationMember(ReadOnlySpan<byte> s, ref int i, int key, ref AnnotationMembers m)
    {
        Span<double> bb = stackalloc double[4];
        switch (key)
        {
            case AnnotationId:
                return TryInteger(s, ref i, out m.Id);
            case AnnotationImage:
                return TryInteger(s, ref i, out m.ImageId);
            case AnnotationCategory:
                return TryInteger(s, ref i, out m.CategoryId);
            case AnnotationArea:
                return TryNumber(s, ref i, out m.Area);
            case AnnotationCrowd:
                return TryNumber(s, ref i, out m.Crowd);
            case AnnotationSegmentation:
                return TryPolygons(s, ref i, m.ReadSegmentation, out m.Polygons);
            case AnnotationBox when TryNumbers(s, ref i, bb) == 4 && bb[2] >= 0 && bb[3] >= 0:
                m.Box = new Box(bb[0], bb[1], bb[2], bb[3]);
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// An object's members as the fast path reads them: which key a name starts with (its closing quote included in
    /// the match) and its length, or (0, 0); and the value of a matched key into the members. Static, so that each
    /// object's reader is compiled with its own members inlined (no call through a delegate per member).
    /// </summary>
    private interface IObjectMembers<TSelf>
        where TSelf : struct, IObjectMembers<TSelf>
    {
        static abstract (int Key, int Length) Key(ReadOnlySpan<byte> name);

        static abstract bool Read(ReadOnlySpan<byte> s, ref int i, int key, ref TSelf members);
    }

    /// <summary>
    /// <c>, {members}</c> after the previous element (see <see cref="TryMembers"/>). Returns the keys seen with
    /// <paramref name="consumed"/> just after the closing brace, or -1 as soon as anything is not as expected.
    /// </summary>
    private static int TryObject<TState>(ReadOnlySpan<byte> s, out int consumed, ref TState state)
        where TState : struct, IObjectMembers<TState>
    {
        consumed = 0;
        int i = OpenElement(s);
        int seen = i < 0 ? -1 : TryMembers(s, ref i, ref state);
        consumed = seen < 0 ? 0 : i;
        return seen;
    }

    /// <summary>
    /// An object's members from just after its opening brace: each key matched by <typeparamref name="TState"/>'s
    /// <c>Key</c> (each at most once) and its value read by its <c>Read</c>. Returns the keys seen with <paramref name="i"/> just
    /// after the closing brace, or -1.
    /// </summary>
    private static int TryMembers<TState>(ReadOnlySpan<byte> s, ref int i, ref TState state)
        where TState : struct, IObjectMembers<TState>
    {
        int seen = 0, next;
        do
        {
            if (!TryNewKey<TState>(s, ref i, ref seen, out int key) || !TState.Read(s, ref i, key, ref state))
            {
                return -1;
            }

            next = NextMember(s, ref i);
        }
        while (next > 0);
        if (next < 0)
        {
            return -1;
        }

        i++;
        return seen;
    }

    private const int AnnotationId = 1, AnnotationImage = 2, AnnotationCategory = 4, AnnotationBox = 8, AnnotationArea = 16, AnnotationCrowd = 32, AnnotationSegmentation = 128;

    [ThreadStatic]
    private static List<double>? fastNumbers;

    /// <summary>What <see cref="TryPolygons"/> gives for polygons it does not keep (never changed, never kept).</summary>
    private static readonly List<double[]> NoPolygons = [];

    /// <summary>
    /// Polygons <c>[[x, y, ...], ...]</c> of numbers the short-decimal parser reads, as
    /// <see cref="CocoSegmentationParser"/> reads them, when <paramref name="keep"/>; otherwise any JSON numbers, only
    /// scanned (the general way skips the value). Anything else is false.
    /// </summary>

    private static bool TryPolygons(ReadOnlySpan<byte> s, ref int i, bool keep, out List<double[]>? polygons)
    {
        polygons = null;
        if (i >= s.Length || s[i] != (byte)'[')
        {
            return false;
        }

        var kept = keep ? new List<double[]>() : null;
        var numbers = fastNumbers ??= [];
        i = SkipSpace(s, i + 1);
        if (i < s.Length && s[i] == (byte)']')
        {
            i++;
            polygons = kept ?? NoPolygons;
            return true;
        }

        while (true)
        {
            if (i >= s.Length || s[i] != (byte)'[')
            {
                return false;
            }

            numbers.Clear();
            i = SkipSpace(s, i + 1);
            if (i < s.Length && s[i] == (byte)']')
            {
                i++;
            }
            else if (kept is null && NumberListScan.SkipPlainNumbers(s, i) is int close and >= 0)
            {
                // Not kept: a list of plain numbers is checked 64 bytes at a time; anything else goes the scan below.
                i = close + 1;
            }
            else
            {
                while (true)
                {
                    // Not kept (box evaluation), the general way skips the value: the number's grammar is all
                    // that matters, and it is not converted.
                    if (kept is null)
                    {
                        int end = ScanNumber(s, i);
                        if (end < 0)
                        {
                            return false;
                        }

                        i = end;
                    }
                    else if (TryNumber(s, ref i, out double value))
                    {
                        numbers.Add(value);
                    }
                    else
                    {
                        return false;
                    }

                    int next = NextItem(s, ref i, (byte)']');
                    if (next < 0)
                    {
                        return false;
                    }

                    i = SkipSpace(s, i + (1 - next));
                    if (next == 0)
                    {
                        break;
                    }
                }
            }

            kept?.Add([.. numbers]);
            int more = NextItem(s, ref i, (byte)']');
            if (more < 0)
            {
                return false;
            }

            if (more == 0)
            {
                i++;
                polygons = kept ?? NoPolygons;
                return true;
            }

            i = SkipSpace(s, i);
        }
    }

    private const int KeyImage = 1, KeyCategory = 2, KeyBox = 4, KeyScore = 8, KeySegmentation = 16;


    private static (int Key, int Length) ResultKey(ReadOnlySpan<byte> rest) => rest[0] switch
    {
        (byte)'i' when rest.StartsWith("image_id\""u8) => (KeyImage, 9),
        (byte)'c' when rest.StartsWith("category_id\""u8) => (KeyCategory, 12),
        (byte)'b' when rest.StartsWith("bbox\""u8) => (KeyBox, 5),
        (byte)'s' when rest.StartsWith("score\""u8) => (KeyScore, 6),
        (byte)'s' when rest.StartsWith("segmentation\""u8) => (KeySegmentation, 13),
        _ => (0, 0),
    };

    private static (int Key, int Length) AnnotationKey(ReadOnlySpan<byte> rest) => rest[0] switch
    {
        (byte)'i' when rest.StartsWith("id\""u8) => (AnnotationId, 3),
        (byte)'i' when rest.StartsWith("image_id\""u8) => (AnnotationImage, 9),
        (byte)'i' when rest.StartsWith("iscrowd\""u8) => (AnnotationCrowd, 8),
        (byte)'c' when rest.StartsWith("category_id\""u8) => (AnnotationCategory, 12),
        (byte)'b' when rest.StartsWith("bbox\""u8) => (AnnotationBox, 5),
        (byte)'a' when rest.StartsWith("area\""u8) => (AnnotationArea, 5),
        (byte)'s' when rest.StartsWith("segmentation\""u8) => (AnnotationSegmentation, 13),
        _ => (0, 0),
    };

    /// <summary>A known key followed by its colon (each name with its closing quote, so a match is the whole key,
    /// unescaped), or false: another key, an escape, the end of the buffer.</summary>
    private static bool TryKey<TState>(ReadOnlySpan<byte> s, ref int i, out int key)
        where TState : struct, IObjectMembers<TState>
    {
        key = 0;
        if (i + 1 >= s.Length || s[i] != (byte)'"')
        {
            return false;
        }

        (key, int length) = TState.Key(s[(i + 1)..]);
        i = SkipSpace(s, i + 1 + length);
        if (key == 0 || i >= s.Length || s[i] != (byte)':')
        {
            return false;
        }

        i = SkipSpace(s, i + 1);
        return true;
    }

    /// <summary>The next member's key (see <see cref="TryKey"/>), not seen before in this object.</summary>
    private static bool TryNewKey<TState>(ReadOnlySpan<byte> s, ref int i, ref int seen, out int key)
        where TState : struct, IObjectMembers<TState>
    {
        i = SkipSpace(s, i);
        if (!TryKey<TState>(s, ref i, out key) || (seen & key) != 0)
        {
            return false;
        }

        seen |= key;
        return true;
    }

    /// <summary><c>, {</c> after the previous element: the position after the brace, or -1.</summary>
    private static int OpenElement(ReadOnlySpan<byte> s)
    {
        int i = SkipSpace(s, 0);
        if (i >= s.Length || s[i] != (byte)',')
        {
            return -1;
        }

        i = SkipSpace(s, i + 1);
        return i < s.Length && s[i] == (byte)'{' ? i + 1 : -1;
    }

    /// <summary>After a member's value: 1 past a comma (another member follows), 0 on the closing brace, -1 otherwise.</summary>
    private static int NextMember(ReadOnlySpan<byte> s, ref int i) => NextItem(s, ref i, (byte)'}');

    /// <summary>After an item: 1 past a comma (another item follows), 0 on <paramref name="close"/>, -1 otherwise.</summary>
    private static int NextItem(ReadOnlySpan<byte> s, ref int i, byte close)
    {
        i = SkipSpace(s, i);
        if (i >= s.Length)
        {
            return -1;
        }

        if (s[i] == close)
        {
            return 0;
        }

        if (s[i] != (byte)',')
        {
            return -1;
        }

        i++;
        return 1;
    }

    /// <summary>
    /// A JSON integer of at most 18 digits (no fraction, no exponent), as <see cref="JsonValues.ReadId"/> reads it, in
    /// one pass: the same answer as <see cref="ScanNumber"/> followed by a digit check (a fraction or an exponent, a
    /// number reaching the end of the buffer or more digits is false, and the general way decides).
    /// </summary>
    internal static bool TryInteger(ReadOnlySpan<byte> s, ref int i, out long value)
    {
        value = 0;
        int j = i;
        if (!TryIntegerPart(s, ref j, out bool negative, out long v, out int digits)
            || digits > 18 || j >= s.Length || s[j] == (byte)'.' || (s[j] | 0x20) == (byte)'e')
        {
            return false;
        }

        value = negative ? -v : v;
        i = j;
        return true;
    }

    /// <summary>
    /// JSON's sign and integer part (<c>-?(0|[1-9][0-9]*)</c>) from <paramref name="j"/>, left just after it: its value and
    /// significant digits (none for a lone 0), or false when no number starts there.
    /// </summary>
    private static bool TryIntegerPart(ReadOnlySpan<byte> s, ref int j, out bool negative, out long value, out int digits)
    {
        value = 0;
        digits = 0;
        negative = j < s.Length && s[j] == (byte)'-';
        j += negative ? 1 : 0;
        uint d;
        if (j >= s.Length || (d = (uint)(s[j] - '0')) > 9)
        {
            return false;
        }

        if (d == 0)
        {
            j++; // a digit after the 0 ends the number
            return true;
        }

        int start = j;
        do
        {
            value = (value * 10) + d;
            j++;
        }
        while (j < s.Length && (d = (uint)(s[j] - '0')) <= 9);
        digits = j - start;
        return true;
    }

    /// <summary>
    /// A JSON number the short-decimal parser reads exactly, in one pass: the same answer as <see cref="ScanNumber"/>
    /// followed by <see cref="JsonValues.TryParseShortDecimal"/> on its token (Clinger's fast path: at most 15
    /// significant digits, a decimal exponent within 22), false for anything else.
    /// </summary>
    internal static bool TryNumber(ReadOnlySpan<byte> s, ref int i, out double value)
    {
        value = 0;
        int j = i;
        if (!TryIntegerPart(s, ref j, out bool negative, out long mantissa, out int digits))
        {
            return false;
        }

        int scale = 0;
        uint d;
        if (j < s.Length && s[j] == (byte)'.')
        {
            int fraction = ++j;
            if (j >= s.Length || (uint)(s[j] - '0') > 9)
            {
                return false;
            }

            if (mantissa == 0)
            {
                // Zeros before the first significant digit only scale.
                while (j < s.Length && s[j] == (byte)'0')
                {
                    j++;
                }
            }

            int start = j;
            while (j < s.Length && (d = (uint)(s[j] - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + d;
                j++;
            }

            digits += j - start;
            scale = fraction - j;
        }

        if (j < s.Length && (s[j] | 0x20) == (byte)'e')
        {
            j++;
            if (!JsonValues.TryExponent(s, ref j, out int exponent))
            {
                return false;
            }

            scale += exponent;
        }

        // A number that reaches the buffer's end may go on in the next one.
        if (j >= s.Length || !JsonValues.TryExactDecimal(mantissa, digits, scale, negative, out value))
        {
            return false;
        }

        i = j;
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
            int next = NextItem(s, ref i, (byte)']');
            if (next <= 0)
            {
                i += next == 0 ? 1 : 0;
                return next == 0 ? n : -1;
            }

            i = SkipSpace(s, i);
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

        i++;
        var m = new RleMembers { Arena = arena };
        if (TryMembers(s, ref i, ref m) != (RleSize | RleCounts))
        {
            return false;
        }

        segmentation = arena.Compressed(m.Kept, m.Height, m.Width);
        return true;
    }

    /// <summary>
    /// A counts string's bytes copied into the arena, each <c>\\</c> (the only escape <see cref="CountsStringEnd"/>
    /// lets through, flagged by <paramref name="escaped"/>) unescaped to one backslash.
    /// </summary>
    internal static ReadOnlyMemory<byte> KeepCounts(ReadOnlySpan<byte> counts, bool escaped, ByteArena arena)
    {
        if (!escaped)
        {
            return arena.Copy(counts);
        }

        var buffer = fastUnescape is { } b && b.Length >= counts.Length ? b : fastUnescape = new byte[Math.Max(counts.Length, 4096)];
        // Copy the text between the escapes, and one backslash for each.
        int n = 0;
        var rest = counts;
        while (true)
        {
            int escape = rest.IndexOf((byte)'\\');
            if (escape < 0)
            {
                rest.CopyTo(buffer.AsSpan(n));
                n += rest.Length;
                break;
            }

            rest[..(escape + 1)].CopyTo(buffer.AsSpan(n));
            n += escape + 1;
            rest = rest[(escape + 2)..];
        }

        return arena.Copy(buffer.AsSpan(0, n));
    }

    private const int RleSize = 1, RleCounts = 2;

    private static (int Key, int Length) RleKey(ReadOnlySpan<byte> rest) => rest[0] switch
    {
        (byte)'s' when rest.StartsWith("size\""u8) => (RleSize, 5),
        (byte)'c' when rest.StartsWith("counts\""u8) => (RleCounts, 7),
        _ => (0, 0),
    };

    private struct RleMembers : IObjectMembers<RleMembers>
    {
        public static (int Key, int Length) Key(ReadOnlySpan<byte> name) => RleKey(name);

        public static bool Read(ReadOnlySpan<byte> s, ref int i, int key, ref RleMembers members) => ReadRleMember(s, ref i, key, ref members);

        public int Height, Width;
        public ByteArena Arena;
        public ReadOnlyMemory<byte> Kept;
    }

    private static bool ReadRleMember(ReadOnlySpan<byte> s, ref int i, int key, ref RleMembers m)
    {
        if (key == RleSize)
        {
            Span<double> size = stackalloc double[2];
            if (TryNumbers(s, ref i, size) != 2 || !IsRleSize(size[0]) || !IsRleSize(size[1]))
            {
                return false;
            }

            (m.Height, m.Width) = ((int)size[0], (int)size[1]);
            return true;
        }

        if (i >= s.Length || s[i] != (byte)'"')
        {
            return false;
        }

        int end = ScanCounts(s, i + 1, m.Arena, out m.Kept);
        if (end < 0)
        {
            return false;
        }

        i = end + 1;
        return true;
    }

    // The arena space a counts string is unescaped into in one pass (a longer one takes the two passes).
    private const int CountsSpace = 64 << 10;

    /// <summary>
    /// <see cref="CountsStringEnd"/> and <see cref="KeepCounts"/> in one pass: the counts string from
    /// <paramref name="at"/> is checked and unescaped straight into the arena (<see cref="CopyCounts"/>). Gives the
    /// closing quote's index (or -1, as <see cref="CountsStringEnd"/>) and the kept bytes. The bytes of a string kept
    /// for an element that then goes the general way stay unused in the arena.
    /// </summary>
    internal static int ScanCounts(ReadOnlySpan<byte> s, int at, ByteArena arena, out ReadOnlyMemory<byte> kept)
    {
        int end = CopyCounts(s, at, arena.FreeSpace(CountsSpace), out int written);
        if (end != -2)
        {
            kept = end >= 0 ? arena.Commit(written) : default;
            return end;
        }

        end = CountsStringEnd(s, at, out bool escaped);
        kept = end >= 0 ? KeepCounts(s[at..end], escaped, arena) : default;
        return end;
    }

    /// <summary>
    /// Copies the counts string from <paramref name="at"/> into <paramref name="output"/>, each <c>\\</c> as one
    /// backslash: the closing quote's index and the bytes written; -1 where <see cref="CountsStringEnd"/> gives -1
    /// (another escape, a byte outside printable ASCII, the end of the buffer); -2 when <paramref name="output"/> is
    /// too short. Sixteen bytes at a time, each block stored whole and the first byte needing a look (a quote, a
    /// backslash, or outside 0x20..0x7E) found from the block's compare mask; the byte loop after it is its twin.
    /// </summary>
    internal static int CopyCounts(ReadOnlySpan<byte> s, int at, Span<byte> output, out int written)
    {
        int i = at, w = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte source = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(s);
            ref byte target = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(output);
            var quote = Vector128.Create((byte)'"');
            var slash = Vector128.Create((byte)'\\');
            var low = Vector128.Create((byte)0x20);
            var high = Vector128.Create((byte)0x7E);
            while (i <= s.Length - 16 && w <= output.Length - 16)
            {
                var v = Vector128.LoadUnsafe(ref source, (nuint)i);
                v.StoreUnsafe(ref target, (nuint)w);
                uint look = (Vector128.Equals(v, quote) | Vector128.Equals(v, slash) | Vector128.LessThan(v, low) | Vector128.GreaterThan(v, high)).ExtractMostSignificantBits();
                if (look == 0)
                {
                    i += 16;
                    w += 16;
                    continue;
                }

                int k = System.Numerics.BitOperations.TrailingZeroCount(look);
                i += k;
                w += k;
                if (s[i] != (byte)'\\' || i + 1 >= s.Length || s[i + 1] != (byte)'\\')
                {
                    break; // the byte loop decides the quote, the error or the end
                }

                // The escape's backslash is written (at w: in the block just stored, so within the output).
                output[w++] = (byte)'\\';
                i += 2;
            }
        }

        while (i < s.Length)
        {
            byte c = s[i];
            if (c == (byte)'"')
            {
                written = w;
                return i;
            }

            if (c < 0x20 || c > 0x7E || (c == (byte)'\\' && (i + 1 >= s.Length || s[i + 1] != (byte)'\\')))
            {
                break;
            }

            if (w >= output.Length)
            {
                written = w;
                return -2;
            }

            output[w++] = c;
            i += c == (byte)'\\' ? 2 : 1;
        }

        written = w;
        return -1;
    }

    /// <summary>
    /// The closing quote of a counts string whose bytes start at <paramref name="at"/>: printable ASCII, a backslash
    /// only as the escape <c>\\</c> (<paramref name="escaped"/> when there is one); -1 for anything else or the end of
    /// the buffer.
    /// </summary>
    internal static int CountsStringEnd(ReadOnlySpan<byte> s, int at, out bool escaped)
    {
        escaped = false;
        while (true)
        {
            int special = s[at..].IndexOfAny((byte)'"', (byte)'\\');
            if (special < 0 || s.Slice(at, special).ContainsAnyExceptInRange((byte)0x20, (byte)0x7E))
            {
                return -1; // the end of the buffer, or a control byte or non-ASCII before the quote
            }

            at += special;
            if (s[at] == (byte)'"')
            {
                return at;
            }

            if (at + 1 >= s.Length || s[at + 1] != (byte)'\\')
            {
                return -1;
            }

            escaped = true;
            at += 2;
        }
    }

    /// <summary>The sizes <see cref="CocoSegmentationParser"/> accepts: integers in [0, 1000000].</summary>
    private static bool IsRleSize(double v) => v >= 0 && v <= 1_000_000 && Math.Floor(v) == v;

    /// <summary>
    /// The end of the JSON number starting at <paramref name="i"/> (<c>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?</c>),
    /// or -1 when there is none or it reaches the end of the buffer (it may go on in the next one).
    /// </summary>
    internal static int ScanNumber(ReadOnlySpan<byte> s, int i)
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
