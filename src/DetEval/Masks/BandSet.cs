using System.Numerics;
using DetEval.Kernels;

namespace DetEval.Masks;

/// <summary>
/// Boundary bands of masks kept as bit words in one arena (<see cref="BandFrame"/> says where each is), made from a
/// mask's foreground intervals: the inner band <c>M - erode(M)</c> by the (2d + 1) square, outside the image being
/// background, as boundary-iou-api's <c>mask_to_boundary</c>.
/// </summary>
/// <remarks>
/// <para>
/// The square erosion is split in two: the vertical segment of 2d + 1 pixels on runs (each column's foreground run
/// <c>[s, e)</c> becomes <c>[s + d, e - d)</c>: pixels outside the column are background, which is the image border
/// rule) and the horizontal segment on words by the <see cref="BandErosion"/> kernel. Only the mask's box is framed:
/// everything outside it is background, inside the image or not, so the border needs no other treatment and a mask
/// thinner than 2d + 1 in either direction is all band.
/// </para>
/// <para>Not thread-safe: one set per thread (or per cell) of work.</para>
/// </remarks>
internal sealed class BandSet
{
    private ulong[] arena = new ulong[1024];
    private ulong[] vertical = new ulong[1024];
    private int used;

    /// <summary>The words of every band added since the last <see cref="Clear"/>.</summary>
    public ReadOnlySpan<ulong> Arena => arena.AsSpan(0, used);

    /// <summary>Forgets every band (their frames become invalid).</summary>
    public void Clear() => used = 0;

    /// <summary>
    /// The band's half-width d for a mask of <paramref name="height"/> x <paramref name="width"/>:
    /// <c>max(1, round(ratio * sqrt(h² + w²)))</c>, rounding half to even (Python's <c>round</c>, as the reference).
    /// </summary>
    /// <param name="ratio">The dilation ratio (finite, not negative).</param>
    /// <param name="height">The mask's height.</param>
    /// <param name="width">The mask's width.</param>
    public static int Radius(double ratio, int height, int width)
    {
        // Parity: img_diag = np.sqrt(h ** 2 + w ** 2) of the exact integer, then int(round(ratio * img_diag)),
        // which rounds half to even (0.02 * 175 = 3.5 -> 4, 0.02 * 625 = 12.5 -> 12), then at least 1.
        double diagonal = Math.Sqrt((double)(((long)height * height) + ((long)width * width)));
        double d = Math.Round(ratio * diagonal, MidpointRounding.ToEven);
        return d >= int.MaxValue / 4 ? int.MaxValue / 4 : Math.Max(1, (int)d);
    }

    /// <summary>Adds the band of a mask given as foreground intervals of its column-major pixel index.</summary>
    /// <param name="starts">Interval starts, ascending (intervals disjoint; touching ones are merged here).</param>
    /// <param name="ends">Interval ends (exclusive).</param>
    /// <param name="height">The mask's height h: position p is row <c>p % h</c> of column <c>p / h</c>.</param>
    /// <param name="radius">The band's half-width d (see <see cref="Radius"/>).</param>
    /// <returns>Where the band is; empty (0 columns) for an empty mask.</returns>
    public BandFrame Add(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends, int height, int radius)
    {
        if (starts.IsEmpty || height <= 0)
        {
            return default;
        }

        // Pass 1: the frame. Columns from the first and last pixel; rows from each run, all rows once a run
        // crosses from one column into the next.
        int firstColumn = starts[0] / height, lastColumn = (ends[^1] - 1) / height;
        int firstRow = height - 1, lastRow = 0;
        var cursor = new ColumnCursor(height, firstColumn);
        for (int k = 0; k < starts.Length && (firstRow > 0 || lastRow < height - 1); k++)
        {
            cursor.MoveTo(starts[k]);
            int top = (int)(starts[k] - cursor.Start);
            long bottom = ends[k] - 1 - cursor.Start;
            if (bottom >= height)
            {
                (firstRow, lastRow) = (0, height - 1);
                break;
            }

            firstRow = Math.Min(firstRow, top);
            lastRow = Math.Max(lastRow, (int)bottom);
        }

        int columns = lastColumn - firstColumn + 1;
        int block0 = firstRow >> 6;
        int blocks = (lastRow >> 6) - block0 + 1;
        int words = checked(columns * blocks);
        int offset = used;
        Reserve(words);
        var mask = arena.AsSpan(offset, words);
        mask.Clear();

        // A window longer than the frame in either direction fits nowhere: nothing survives the erosion.
        int window = (2 * radius) + 1;
        bool erodes = window <= columns && window <= lastRow - firstRow + 1;
        Span<ulong> eroded = default;
        if (erodes)
        {
            if (vertical.Length < words)
            {
                vertical = new ulong[Math.Max(words, vertical.Length * 2)];
            }

            eroded = vertical.AsSpan(0, words);
            eroded.Clear();
        }

        // Pass 2: each maximal run of a column sets its rows in the mask and, shrunk by d at both ends, in the
        // vertically eroded mask.
        int rowBase = block0 << 6;
        cursor = new ColumnCursor(height, firstColumn);
        for (int k = 0; k < starts.Length; k++)
        {
            int start = starts[k], end = ends[k];
            while (k + 1 < starts.Length && starts[k + 1] == end)
            {
                end = ends[++k];
            }

            cursor.MoveTo(start);
            while (start < end)
            {
                int stop = (int)Math.Min(end, cursor.Start + height);
                int top = (int)(start - cursor.Start) - rowBase, bottom = (int)(stop - cursor.Start) - rowBase;
                SetRows(mask, columns, cursor.Column - firstColumn, top, bottom);
                if (erodes && bottom - top > 2 * radius)
                {
                    SetRows(eroded, columns, cursor.Column - firstColumn, top + radius, bottom - radius);
                }

                start = stop;
                if (start < end)
                {
                    cursor.Next();
                }
            }
        }

        long area = 0;
        for (int b = 0; b < blocks; b++)
        {
            var row = mask.Slice(b * columns, columns);
            if (erodes)
            {
                BandErosion.Compute(row, eroded.Slice(b * columns, columns), radius, row);
            }

            foreach (ulong word in row)
            {
                area += BitOperations.PopCount(word);
            }
        }

        used += words;
        return new BandFrame(firstColumn, columns, block0, blocks, offset, area);
    }

    /// <summary>The number of pixels in two bands (of masks of one size).</summary>
    /// <param name="a">A band of this set.</param>
    /// <param name="other">The set holding <paramref name="b"/> (may be this one).</param>
    /// <param name="b">The other band.</param>
    public long Intersect(in BandFrame a, BandSet other, in BandFrame b)
    {
        int x0 = Math.Max(a.X0, b.X0), x1 = Math.Min(a.X0 + a.Columns, b.X0 + b.Columns);
        int b0 = Math.Max(a.Block0, b.Block0), b1 = Math.Min(a.Block0 + a.Blocks, b.Block0 + b.Blocks);
        if (x0 >= x1 || b0 >= b1)
        {
            return 0;
        }

        ReadOnlySpan<ulong> wa = arena, wb = other.arena;
        int width = x1 - x0;
        long count = 0;
        for (int block = b0; block < b1; block++)
        {
            var ra = wa.Slice(a.Offset + ((block - a.Block0) * a.Columns) + (x0 - a.X0), width);
            var rb = wb.Slice(b.Offset + ((block - b.Block0) * b.Columns) + (x0 - b.X0), width);
            for (int k = 0; k < width; k++)
            {
                count += BitOperations.PopCount(ra[k] & rb[k]);
            }
        }

        return count;
    }

    /// <summary>
    /// The IoU of two bands as the reference's <c>maskUtils.iou</c> of two band masks (non-crowd): intersection over
    /// union, 0 when they do not intersect.
    /// </summary>
    /// <param name="a">A band of this set.</param>
    /// <param name="other">The set holding <paramref name="b"/>.</param>
    /// <param name="b">The other band.</param>
    public double Iou(in BandFrame a, BandSet other, in BandFrame b)
    {
        long i = Intersect(a, other, b);
        // Parity: rleIou sets the union to 1 when nothing intersects.
        return i == 0 ? 0 : (double)i / (double)(a.Area + b.Area - i);
    }

    /// <summary>The band as RLE counts of a <paramref name="height"/> x <paramref name="width"/> mask (zeros first).</summary>
    /// <param name="band">A band of this set.</param>
    /// <param name="height">The mask's height.</param>
    /// <param name="width">The mask's width.</param>
    public uint[] ToCounts(in BandFrame band, int height, int width)
    {
        var counts = new List<uint>();
        long total = (long)height * width, position = 0; // the end of the last foreground run written
        for (int c = 0; c < band.Columns; c++)
        {
            long columnStart = (long)(band.X0 + c) * height;
            for (int b = 0; b < band.Blocks; b++)
            {
                ulong word = arena[band.Offset + (b * band.Columns) + c];
                int rowBase = (band.Block0 + b) << 6;
                while (word != 0)
                {
                    int from = BitOperations.TrailingZeroCount(word);
                    int length = BitOperations.TrailingZeroCount(~(word >> from));
                    word = length + from >= 64 ? 0 : word & (ulong.MaxValue << (from + length));
                    long start = columnStart + rowBase + from;
                    if (start == position && counts.Count > 0)
                    {
                        // Continues the last run (across a word or a column).
                        counts[^1] += (uint)length;
                    }
                    else
                    {
                        counts.Add((uint)(start - position));
                        counts.Add((uint)length);
                    }

                    position = start + length;
                }
            }
        }

        if (position < total || counts.Count == 0)
        {
            counts.Add((uint)(total - position));
        }

        return [.. counts];
    }

    /// <summary>The column of ascending positions, stepping from the last one where it can instead of dividing.</summary>
    private struct ColumnCursor(int height, int column)
    {
        public int Column { get; private set; } = column;

        /// <summary>The position of the column's first pixel.</summary>
        public long Start { get; private set; } = (long)column * height;

        /// <summary>Moves to the column of <paramref name="position"/> (in the current column or after it).</summary>
        public void MoveTo(int position)
        {
            long offset = position - Start;
            if (offset < height)
            {
                return;
            }

            if (offset < 2L * height)
            {
                Next();
                return;
            }

            Column = position / height;
            Start = (long)Column * height;
        }

        public void Next()
        {
            Column++;
            Start += height;
        }
    }

    /// <summary>Sets rows <c>[from, to)</c> (relative to the frame's first block) of one column.</summary>
    private static void SetRows(Span<ulong> words, int columns, int column, int from, int to)
    {
        int block = from >> 6, last = (to - 1) >> 6;
        ulong head = ulong.MaxValue << (from & 63);
        ulong tail = ulong.MaxValue >> (63 - ((to - 1) & 63));
        if (block == last)
        {
            words[(block * columns) + column] |= head & tail;
            return;
        }

        words[(block * columns) + column] |= head;
        for (block++; block < last; block++)
        {
            words[(block * columns) + column] = ulong.MaxValue;
        }

        words[(last * columns) + column] |= tail;
    }

    private void Reserve(int words)
    {
        if (arena.Length - used < words)
        {
            Array.Resize(ref arena, Math.Max(used + words, arena.Length * 2));
        }
    }
}
