using System.Buffers;
using System.Globalization;
using System.Text;
using DetEval.Formats.Json;
using DetEval.Formats.Text;

namespace DetEval.Formats.Voc;

/// <summary>
/// The fast path for VOC annotation files: one pass over the UTF-8 bytes, no XML objects. It accepts only a strict
/// subset of XML (ASCII text; no DTD, entity or character references, CDATA, attributes or processing instructions; an
/// optional <c>&lt;?xml version="1.0" encoding="utf-8"?&gt;</c> declaration; comments outside the values read) and
/// checks the subset's well-formedness: names, tag nesting, one root, nothing but whitespace and comments around it.
/// </summary>
/// <remarks>
/// Null means "not decided here": a file outside the subset, or one that is not well-formed, not VOC, or has a bad
/// value. The caller then reads the file with the reference reader (<see cref="VocReader.ReadAnnotation"/>), which
/// either gives the same annotation or reports the error with its line. So a non-null result must equal the
/// reference's: the same elements are read (the first <c>size</c>, <c>width</c>, <c>height</c>, <c>name</c>,
/// <c>difficult</c>, <c>truncated</c>, <c>bndbox</c> and corner of their parent; every <c>object</c> child of the root),
/// their text trimmed of XML whitespace, numbers parsed as <see cref="TextFields.Finite(string, string, string, string)"/>
/// does and flags as <see cref="TextFields.Flag"/> does.
/// </remarks>
internal static class VocAnnotationScanner
{
    /// <summary>Deeper documents go to the reference reader (this scanner keeps the open tags on the stack).</summary>
    private const int MaxDepth = 64;

    // Tab, LF, CR and printable ASCII with DEL, but '&': the bytes of the subset. Any other byte (non-ASCII, a control
    // character, the start of an entity or character reference) sends the file to the reference reader.
    private static readonly SearchValues<byte> SubsetBytes = SearchValues.Create(
        "\t\n\r !\"#$%'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\x7F"u8);

    private enum Role
    {
        Other,
        Root,
        Size,
        Width,
        Height,
        Object,
        Name,
        Difficult,
        Truncated,
        Bndbox,
        XMin,
        YMin,
        XMax,
        YMax,
    }

    /// <summary>Reads an annotation file's bytes, or returns null when the reference reader must decide.</summary>
    public static VocReader.VocAnnotation? TryRead(ReadOnlySpan<byte> data, PixelConvention convention)
    {
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            data = data[3..];
        }

        // "]]>" may not appear in text; outside text it could only be in a comment, where giving up costs nothing.
        if (data.IndexOfAnyExcept(SubsetBytes) >= 0 || data.IndexOf("]]>"u8) >= 0)
        {
            return null;
        }

        int pos = 0;
        if (data.StartsWith("<?xml"u8) && !Declaration(data, ref pos))
        {
            return null;
        }

        SkipMisc(data, ref pos);
        if (pos >= data.Length || data[pos] != '<')
        {
            return null;
        }

        Span<Range> open = stackalloc Range[MaxDepth];
        Span<Role> roles = stackalloc Role[MaxDepth];
        int depth = 0;
        var state = new ObjectState();
        var objects = new List<VocReader.VocObject>();
        bool sizeSeen = false, widthSeen = false, heightSeen = false;
        int width = 0, height = 0;
        double one = convention == PixelConvention.Inclusive ? 1.0 : 0.0;
        while (true)
        {
            // pos is at a '<' inside the root (or at the root's start tag).
            if (pos + 1 >= data.Length)
            {
                return null;
            }

            byte next = data[pos + 1];
            if (next == '/')
            {
                int nameStart = pos + 2;
                int nameEnd = NameEnd(data, nameStart);
                if (nameEnd == nameStart || depth == 0 || !data[nameStart..nameEnd].SequenceEqual(data[open[depth - 1]]))
                {
                    return null;
                }

                pos = SkipSpace(data, nameEnd);
                if (pos >= data.Length || data[pos] != '>')
                {
                    return null;
                }

                pos++;
                depth--;
                if (roles[depth] == Role.Object)
                {
                    if (state.Finish(one) is not VocReader.VocObject obj)
                    {
                        return null;
                    }

                    objects.Add(obj);
                }

                if (depth == 0)
                {
                    break;
                }
            }
            else if (next == '!')
            {
                if (depth == 0 || IsLeaf(roles[depth - 1]) || !SkipComment(data, ref pos))
                {
                    return null;
                }
            }
            else
            {
                int nameStart = pos + 1;
                int nameEnd = NameEnd(data, nameStart);
                if (nameEnd == nameStart || depth == MaxDepth)
                {
                    return null;
                }

                pos = SkipSpace(data, nameEnd);
                bool empty = pos + 1 < data.Length && data[pos] == '/' && data[pos + 1] == '>';
                if (!empty && (pos >= data.Length || data[pos] != '>'))
                {
                    return null;
                }

                pos += empty ? 2 : 1;
                var name = data[nameStart..nameEnd];
                var role = Role.Other;
                switch (depth == 0 ? Role.Other : roles[depth - 1])
                {
                    case Role.Root when name.SequenceEqual("size"u8) && !sizeSeen:
                        (role, sizeSeen) = (Role.Size, true);
                        break;
                    case Role.Root when name.SequenceEqual("object"u8):
                        role = Role.Object;
                        state = new ObjectState();
                        break;
                    case Role.Size when name.SequenceEqual("width"u8) && !widthSeen:
                        (role, widthSeen) = (Role.Width, true);
                        break;
                    case Role.Size when name.SequenceEqual("height"u8) && !heightSeen:
                        (role, heightSeen) = (Role.Height, true);
                        break;
                    case Role.Object:
                        role = state.ChildOfObject(name);
                        break;
                    case Role.Bndbox:
                        role = state.ChildOfBndbox(name);
                        break;
                    case var parent when IsLeaf(parent):
                        return null; // an element inside a value: its text would join the value's
                }

                if (depth == 0)
                {
                    if (!name.SequenceEqual("annotation"u8))
                    {
                        return null;
                    }

                    role = Role.Root;
                }

                if (IsLeaf(role))
                {
                    // A value: text up to the element's own end tag (a comment or child element inside gives up).
                    var text = ReadOnlySpan<byte>.Empty;
                    if (!empty)
                    {
                        int lt = data[pos..].IndexOf((byte)'<');
                        if (lt < 0 || pos + lt + 1 >= data.Length || data[pos + lt + 1] != '/')
                        {
                            return null;
                        }

                        text = Trim(data.Slice(pos, lt));
                        pos += lt;
                    }

                    switch (role)
                    {
                        case Role.Width or Role.Height:
                            if (!TryNumber(text, out double v) || !(v >= 0 && v <= int.MaxValue))
                            {
                                return null;
                            }

                            if (role == Role.Width)
                            {
                                width = (int)Math.Floor(v);
                            }
                            else
                            {
                                height = (int)Math.Floor(v);
                            }

                            break;
                        default:
                            if (!state.SetValue(role, text))
                            {
                                return null;
                            }

                            break;
                    }
                }

                if (empty)
                {
                    if (role == Role.Object)
                    {
                        return null; // an object without a name or a box
                    }

                    if (depth == 0)
                    {
                        break;
                    }
                }
                else
                {
                    open[depth] = nameStart..nameEnd;
                    roles[depth] = role;
                    depth++;
                }
            }

            // Text between tags: any bytes of the subset up to the next tag.
            int tag = data[pos..].IndexOf((byte)'<');
            if (tag < 0)
            {
                return null;
            }

            pos += tag;
        }

        SkipMisc(data, ref pos);
        return pos == data.Length ? new VocReader.VocAnnotation(width, height, objects) : null;
    }

    private static bool IsLeaf(Role role) => role is Role.Width or Role.Height or Role.Name or Role.Difficult or Role.Truncated
        or Role.XMin or Role.YMin or Role.XMax or Role.YMax;

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static int SkipSpace(ReadOnlySpan<byte> data, int pos)
    {
        while (pos < data.Length && IsSpace(data[pos]))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>XML whitespace at both ends; within the subset, the same as <see cref="string.Trim()"/> on the value.</summary>
    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        int start = 0, end = text.Length;
        while (start < end && IsSpace(text[start]))
        {
            start++;
        }

        while (end > start && IsSpace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    /// <summary>The end of an ASCII XML name without a prefix: <c>[A-Za-z_][A-Za-z0-9_.-]*</c>; <paramref name="start"/> when none.</summary>
    private static int NameEnd(ReadOnlySpan<byte> data, int start)
    {
        int i = start;
        if (i < data.Length && (char.IsAsciiLetter((char)data[i]) || data[i] == '_'))
        {
            i++;
            while (i < data.Length && (char.IsAsciiLetterOrDigit((char)data[i]) || data[i] is (byte)'_' or (byte)'.' or (byte)'-'))
            {
                i++;
            }
        }

        return i;
    }

    /// <summary>Skips a comment at <paramref name="pos"/>; false if it is not one or holds "--" (not well-formed).</summary>
    private static bool SkipComment(ReadOnlySpan<byte> data, ref int pos)
    {
        if (!data[pos..].StartsWith("<!--"u8))
        {
            return false;
        }

        int dashes = data[(pos + 4)..].IndexOf("--"u8);
        if (dashes < 0 || pos + 4 + dashes + 2 >= data.Length || data[pos + 4 + dashes + 2] != '>')
        {
            return false;
        }

        pos += 4 + dashes + 3;
        return true;
    }

    /// <summary>Skips whitespace and comments (before and after the root).</summary>
    private static void SkipMisc(ReadOnlySpan<byte> data, ref int pos)
    {
        while (true)
        {
            pos = SkipSpace(data, pos);
            if (pos >= data.Length || !data[pos..].StartsWith("<!--"u8) || !SkipComment(data, ref pos))
            {
                return;
            }
        }
    }

    /// <summary>Reads <c>&lt;?xml version="1.0" [encoding="utf-8"] [standalone="yes|no"]?&gt;</c>; false for anything else.</summary>
    private static bool Declaration(ReadOnlySpan<byte> data, ref int pos)
    {
        int i = 5;
        if (!Pseudo(data, ref i, "version"u8, out var version) || !version.SequenceEqual("1.0"u8))
        {
            return false;
        }

        int mark = i;
        if (Pseudo(data, ref i, "encoding"u8, out var encoding))
        {
            if (!Ascii.EqualsIgnoreCase(encoding, "utf-8"u8))
            {
                return false;
            }

            mark = i;
        }

        i = mark;
        if (Pseudo(data, ref i, "standalone"u8, out var standalone))
        {
            if (!standalone.SequenceEqual("yes"u8) && !standalone.SequenceEqual("no"u8))
            {
                return false;
            }

            mark = i;
        }

        i = SkipSpace(data, mark);
        if (!data[i..].StartsWith("?>"u8))
        {
            return false;
        }

        pos = i + 2;
        return true;
    }

    /// <summary>Reads <c>S name S? = S? "value"</c> (or single quotes) at <paramref name="i"/>.</summary>
    private static bool Pseudo(ReadOnlySpan<byte> data, ref int i, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        int j = SkipSpace(data, i);
        if (j == i || !data[j..].StartsWith(name))
        {
            return false;
        }

        j = SkipSpace(data, j + name.Length);
        if (j >= data.Length || data[j] != '=')
        {
            return false;
        }

        j = SkipSpace(data, j + 1);
        if (j >= data.Length || data[j] is not ((byte)'"' or (byte)'\''))
        {
            return false;
        }

        int close = data[(j + 1)..].IndexOf(data[j]);
        if (close < 0)
        {
            return false;
        }

        value = data.Slice(j + 1, close);
        i = j + 1 + close + 1;
        return true;
    }

    /// <summary>A finite number as the reference parses it (the fast path for short decimals, the full parser otherwise).</summary>
    private static bool TryNumber(ReadOnlySpan<byte> text, out double value) =>
        JsonValues.TryParseShortDecimal(text, out value)
        || (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value));

    /// <summary>The values read so far of one <c>object</c> element.</summary>
    private sealed class ObjectState
    {
        private string? name;
        private bool difficult;
        private bool truncated;
        private bool difficultSeen;
        private bool truncatedSeen;
        private bool bndboxSeen;
        private int cornersSeen; // bits: XMin, YMin, XMax, YMax
        private double x1, y1, x2, y2;

        public Role ChildOfObject(ReadOnlySpan<byte> element)
        {
            if (element.SequenceEqual("name"u8) && name is null)
            {
                // Marks the name as seen; SetValue replaces it with the text.
                name = "";
                return Role.Name;
            }

            if (element.SequenceEqual("difficult"u8) && !difficultSeen)
            {
                difficultSeen = true;
                return Role.Difficult;
            }

            if (element.SequenceEqual("truncated"u8) && !truncatedSeen)
            {
                truncatedSeen = true;
                return Role.Truncated;
            }

            if (element.SequenceEqual("bndbox"u8) && !bndboxSeen)
            {
                bndboxSeen = true;
                return Role.Bndbox;
            }

            return Role.Other;
        }

        public Role ChildOfBndbox(ReadOnlySpan<byte> element)
        {
            var role = element.SequenceEqual("xmin"u8) ? Role.XMin
                : element.SequenceEqual("ymin"u8) ? Role.YMin
                : element.SequenceEqual("xmax"u8) ? Role.XMax
                : element.SequenceEqual("ymax"u8) ? Role.YMax
                : Role.Other;
            if (role == Role.Other)
            {
                return role;
            }

            int bit = 1 << (role - Role.XMin);
            if ((cornersSeen & bit) != 0)
            {
                return Role.Other;
            }

            cornersSeen |= bit;
            return role;
        }

        public bool SetValue(Role role, ReadOnlySpan<byte> text)
        {
            switch (role)
            {
                case Role.Name:
                    // A line break inside a name would be normalised by an XML reader ("\r\n" to "\n"): not decided here.
                    if (text.IsEmpty || text.Contains((byte)'\r'))
                    {
                        return false;
                    }

                    name = Encoding.ASCII.GetString(text);
                    return true;
                case Role.Difficult:
                    return TryFlag(text, "difficult", out difficult);
                case Role.Truncated:
                    return TryFlag(text, "truncated", out truncated);
                case Role.XMin:
                    return TryNumber(text, out x1);
                case Role.YMin:
                    return TryNumber(text, out y1);
                case Role.XMax:
                    return TryNumber(text, out x2);
                default:
                    return TryNumber(text, out y2);
            }
        }

        /// <summary>The object, or null if its name or a corner is missing or the box has a negative size.</summary>
        public VocReader.VocObject? Finish(double one)
        {
            if (string.IsNullOrEmpty(name) || !bndboxSeen || cornersSeen != 0b1111)
            {
                return null;
            }

            var box = new BoxCorners(x1, y1, x2, y2);
            return TextFields.HasNegativeSize(box, one) ? null : new VocReader.VocObject(name, box, difficult, truncated);
        }

        private static bool TryFlag(ReadOnlySpan<byte> text, string what, out bool flag)
        {
            if (text.Length == 1 && text[0] is (byte)'0' or (byte)'1')
            {
                flag = text[0] == '1';
                return true;
            }

            return TextFields.TryFlag(Encoding.ASCII.GetString(text), what, out flag);
        }
    }
}
