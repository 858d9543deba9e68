using DetEval.Formats.Coco;
using DetEval.Formats.Json;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>
    /// A results file's element layout, learned from an element the fast path read (<c>image_id</c>,
    /// <c>category_id</c>, <c>score</c>, and <c>bbox</c>, a compressed-RLE <c>segmentation</c> or both, in its order):
    /// the bytes around its numbers and its counts string, keys, punctuation and spaces included. An element with the
    /// same bytes there is read by comparing them and converting the values as the fast path converts them, with no
    /// key matched; any other element goes the fast path's way. Programs write every element alike, so after the
    /// first element the keys are not looked at again.
    /// </summary>
    /// <remarks>
    /// It accepts no more than the fast path does: the bytes around the values are those of an element the fast path
    /// accepted, so the element has the same keys in the same order, each number is read by the same reader, which
    /// refuses a number that does not end where the next bytes begin, and the counts string is scanned by the same
    /// rule (an escaped backslash unescaped as there). The box's width and height and the mask's size are checked as
    /// there, and a mask is measured as there.
    /// </remarks>
    internal sealed class ResultLayout
    {
        // Value roles: the ids, the box's four numbers, the score, the mask's height and width, its counts string.
        private const int Image = 0, Category = 1, Box = 2, Score = 6, Height = 7, Width = 8, Counts = 9;

        // gaps[j]: the bytes before value j; the last: the bytes after the last value, to the closing brace. A counts
        // string's gap ends with its opening quote, and the next gap starts with its closing one.
        private readonly byte[][] gaps;

        // roles[j]: the role of value j.
        private readonly int[] roles;

        // Whether the layout has a box, and a mask.
        private readonly bool hasBox, hasMask;

        private ResultLayout(byte[][] gaps, int[] roles)
        {
            this.gaps = gaps;
            this.roles = roles;
            hasBox = roles.Contains(Box);
            hasMask = roles.Contains(Counts);
        }

        /// <summary>
        /// The layout of <paramref name="element"/> (the bytes the fast path consumed, from the comma before it to its
        /// closing brace), or null when its values are not those of a box or compressed-RLE element keyed as expected.
        /// </summary>
        public static ResultLayout? Learn(ReadOnlySpan<byte> element)
        {
            var gaps = new List<byte[]>();
            var roles = new List<int>();
            int seen = 0, at = 0, box = -1, size = -1;
            for (int i = 0; i < element.Length;)
            {
                byte b = element[i];
                if (b == (byte)'"')
                {
                    int close = element[(i + 1)..].IndexOfAny((byte)'"', (byte)'\\');
                    if (close < 0 || element[i + 1 + close] != (byte)'"')
                    {
                        return null; // an escape: such elements stay with the fast path
                    }

                    close += i + 1;
                    bool key = close + 1 < element.Length && element[(close + 1)..].TrimStart(" \t\r\n"u8).StartsWith(":"u8);
                    if (!key)
                    {
                        // The one string value: the counts, after the "counts" key.
                        if (element[at..i].IndexOf("\"counts\""u8) < 0 || !Take(Counts))
                        {
                            return null;
                        }

                        gaps.Add(element[at..(i + 1)].ToArray());
                        at = close;
                    }

                    i = close + 1;
                    continue;
                }

                if (b != (byte)'-' && (uint)(b - '0') > 9)
                {
                    i++;
                    continue;
                }

                int end = ScanNumber(element, i);
                if (end < 0)
                {
                    return null;
                }

                var gap = element[at..i];
                bool quoted = gap.IndexOf((byte)'"') >= 0;
                bool inside = box is > 0 and < 4 || size == 1; // within the box's numbers or the size's two
                if (quoted && inside)
                {
                    return null;
                }

                int role = inside && box is > 0 and < 4 ? Box + box++
                    : inside ? Width + (size++ - 1)
                    : gap.IndexOf("\"image_id\""u8) >= 0 ? Image
                    : gap.IndexOf("\"category_id\""u8) >= 0 ? Category
                    : gap.IndexOf("\"score\""u8) >= 0 ? Score
                    : gap.IndexOf("\"bbox\""u8) >= 0 && box < 0 ? Box
                    : gap.IndexOf("\"size\""u8) >= 0 && size < 0 ? Height
                    : -1;
                box = role == Box ? 1 : box;
                size = role == Height ? 1 : size;
                if (role < 0 || !Take(role))
                {
                    return null;
                }

                gaps.Add(gap.ToArray());
                at = i = end;
            }

            // Every id and the score; a box of four numbers, a mask with its size, or both.
            const int Ids = (1 << Image) | (1 << Category) | (1 << Score);
            const int Boxes = (1 << Box) | (1 << (Box + 1)) | (1 << (Box + 2)) | (1 << (Box + 3));
            const int Mask = (1 << Height) | (1 << Width) | (1 << Counts);
            int rest = seen & ~Ids;
            if ((seen & Ids) != Ids || rest is not (Boxes or Mask or (Boxes | Mask)) || element[^1] != (byte)'}')
            {
                return null;
            }

            gaps.Add(element[at..].ToArray());
            return new ResultLayout([.. gaps], [.. roles]);

            bool Take(int role)
            {
                if ((seen & (1 << role)) != 0)
                {
                    return false;
                }

                seen |= 1 << role;
                roles.Add(role);
                return true;
            }
        }

        /// <summary>The element at the start of <paramref name="s"/> when it has this layout, as the fast path reads it.</summary>
        public bool TryRead(ReadOnlySpan<byte> s, ByteArena arena, CocoResultsOptions options, out RawResult raw, out int consumed)
        {
            raw = default;
            consumed = 0;
            Span<double> values = stackalloc double[Counts];
            int i = 0;
            ReadOnlyMemory<byte> kept = default;
            for (int j = 0; j < roles.Length; j++)
            {
                var gap = gaps[j];
                if (!s[i..].StartsWith(gap))
                {
                    return false;
                }

                i += gap.Length;
                int role = roles[j];
                bool read;
                switch (role)
                {
                    case Image:
                        read = TryInteger(s, ref i, out raw.ImageId);
                        break;
                    case Category:
                        read = TryInteger(s, ref i, out raw.CategoryId);
                        break;
                    case Counts:
                        int countsEnd = ScanCounts(s, i, arena, out kept);
                        read = countsEnd >= 0;
                        i = countsEnd;
                        break;
                    default:
                        read = TryNumber(s, ref i, out values[role]);
                        break;
                }

                if (!read)
                {
                    return false;
                }
            }

            var last = gaps[^1];
            if (!s[i..].StartsWith(last))
            {
                return false;
            }

            raw.Score = values[Score];
            if (hasBox)
            {
                if (!(options.KeepNegativeBoxSizes || (values[Box + 2] >= 0 && values[Box + 3] >= 0)))
                {
                    return false;
                }

                raw.Box = new Box(values[Box], values[Box + 1], values[Box + 2], values[Box + 3]);
                raw.HasBox = true;
            }

            if (hasMask)
            {
                if (!IsRleSize(values[Height]) || !IsRleSize(values[Width]))
                {
                    return false;
                }

                raw.Segmentation = arena.Compressed(kept, (int)values[Height], (int)values[Width]);
            }

            MeasureWhenNeeded(ref raw, options);
            consumed = i + last.Length;
            return true;
        }
    }
}
