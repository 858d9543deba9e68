using DetEval.Formats.Coco;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>
    /// A results file's element layout, learned from a box element the fast path read (<c>image_id</c>,
    /// <c>category_id</c>, <c>bbox</c> and <c>score</c>, in its order): the bytes around its seven numbers, keys,
    /// punctuation and spaces included. An element with the same bytes there is read by comparing them and converting
    /// the numbers as the fast path converts them, with no key matched; any other element goes the fast path's way.
    /// Programs write every element alike, so after the first element the keys are not looked at again.
    /// </summary>
    /// <remarks>
    /// It accepts no more than the fast path does: the bytes around the numbers are those of an element the fast path
    /// accepted, so the element has the same keys in the same order, and each number is read by the same reader, which
    /// refuses a number that does not end where the next bytes begin. The box's width and height are checked as there.
    /// </remarks>
    internal sealed class ResultLayout
    {
        private const int Image = 0, Category = 1, Box = 2, Score = 6, Numbers = 7;

        // gaps[j]: the bytes before number j; gaps[Numbers]: the bytes after the last, to the closing brace.
        private readonly byte[][] gaps;

        // roles[j]: the field of number j (Image, Category, Box + 0..3, Score).
        private readonly int[] roles;

        private ResultLayout(byte[][] gaps, int[] roles)
        {
            this.gaps = gaps;
            this.roles = roles;
        }

        /// <summary>
        /// The layout of <paramref name="element"/> (the bytes the fast path consumed, from the comma before it to its
        /// closing brace), or null when it is not a box element of seven numbers keyed as expected.
        /// </summary>
        public static ResultLayout? Learn(ReadOnlySpan<byte> element)
        {
            var gaps = new byte[Numbers + 1][];
            var roles = new int[Numbers];
            int at = 0, j = 0, box = -1;
            bool seenImage = false, seenCategory = false, seenScore = false;
            for (int i = 0; i < element.Length;)
            {
                byte b = element[i];
                if (b != (byte)'-' && (uint)(b - '0') > 9)
                {
                    i++;
                    continue;
                }

                // Only keys are strings here, and none holds a digit or a minus: this is a number.
                int end = ScanNumber(element, i);
                if (end < 0 || j == Numbers)
                {
                    return null;
                }

                var gap = element[at..i];
                gaps[j] = gap.ToArray();
                if (box >= 0 && box < 4 && gap.IndexOf((byte)'"') < 0)
                {
                    roles[j] = Box + box++;
                }
                else if (gap.IndexOf("\"image_id\""u8) >= 0 && !seenImage && box is < 0 or 4)
                {
                    (roles[j], seenImage) = (Image, true);
                }
                else if (gap.IndexOf("\"category_id\""u8) >= 0 && !seenCategory && box is < 0 or 4)
                {
                    (roles[j], seenCategory) = (Category, true);
                }
                else if (gap.IndexOf("\"score\""u8) >= 0 && !seenScore && box is < 0 or 4)
                {
                    (roles[j], seenScore) = (Score, true);
                }
                else if (gap.IndexOf("\"bbox\""u8) >= 0 && box < 0)
                {
                    (roles[j], box) = (Box, 1);
                }
                else
                {
                    return null;
                }

                j++;
                at = i = end;
            }

            if (j != Numbers || box != 4 || !seenImage || !seenCategory || !seenScore || element[^1] != (byte)'}')
            {
                return null;
            }

            gaps[Numbers] = element[at..].ToArray();
            return new ResultLayout(gaps, roles);
        }

        /// <summary>The element at the start of <paramref name="s"/> when it has this layout, as the fast path reads it.</summary>
        public bool TryRead(ReadOnlySpan<byte> s, CocoResultsOptions options, out RawResult raw, out int consumed)
        {
            raw = default;
            consumed = 0;
            Span<double> box = stackalloc double[4];
            int i = 0;
            for (int j = 0; j < Numbers; j++)
            {
                var gap = gaps[j];
                if (!s[i..].StartsWith(gap))
                {
                    return false;
                }

                i += gap.Length;
                int role = roles[j];
                bool read = role switch
                {
                    Image => TryInteger(s, ref i, out raw.ImageId),
                    Category => TryInteger(s, ref i, out raw.CategoryId),
                    Score => TryNumber(s, ref i, out raw.Score),
                    _ => TryNumber(s, ref i, out box[role - Box]),
                };
                if (!read)
                {
                    return false;
                }
            }

            var last = gaps[Numbers];
            if (!s[i..].StartsWith(last) || !(options.KeepNegativeBoxSizes || (box[2] >= 0 && box[3] >= 0)))
            {
                return false;
            }

            raw.Box = new Box(box[0], box[1], box[2], box[3]);
            raw.HasBox = true;
            consumed = i + last.Length;
            return true;
        }
    }
}
