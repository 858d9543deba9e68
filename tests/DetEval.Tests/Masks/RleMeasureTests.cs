using System.Text;

namespace DetEval.Tests.Masks;

/// <summary>The measure, the decoder's fast loop and both box paths against the literal reference and the encoder.</summary>
public class RleMeasureTests
{
    private static readonly (int H, int W)[] Sizes = [.. MaskOracle.Sizes, (1, 300), (300, 1), (480, 640), (1000, 3)];

    [Fact]
    public void ToBox_EqualsLiteralReference_OnRandomRuns()
    {
        var random = new Random(41);
        foreach ((int h, int w) in Sizes)
        {
            for (int trial = 0; trial < 200; trial++)
            {
                uint[] counts = MaskOracle.RandomCounts(random, h, w);
                Assert.Equal(MaskOracle.LiteralToBbox(counts, (uint)h, (uint)w), new Rle(h, w, counts).ToBox());
            }
        }
    }

    [Fact]
    public void ToBox_AndArea_EqualLiteralReference_OnEncodedMasks()
    {
        // Encoded masks have no empty foreground run: the fast path (row tracking, full height after a run that
        // spans columns), against the literal port and the plain area.
        var random = new Random(44);
        foreach ((int h, int w) in Sizes)
        {
            for (int trial = 0; trial < 200; trial++)
            {
                var rle = Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w);
                var (area, box) = Rle.AreaAndBoxOf(rle.Counts, h, w);
                Assert.Equal(MaskOracle.LiteralToBbox(rle.Counts, (uint)h, (uint)w), box);
                Assert.Equal(rle.Counts.Where((_, i) => i % 2 == 1).Sum(c => (long)c), area);
                Assert.Equal(box, rle.ToBox());
            }
        }
    }

    [Fact]
    public void AreaAndBox_OfCheckedSums_EqualLiteralReference_OnMasksOfManyRuns()
    {
        // Counts known to sum to h * w may take the 512-bit path (blocks of 8 pairs, then the scalar loop): masks with
        // dozens to thousands of runs, some spanning columns, none, or only after the first blocks.
        var random = new Random(46);
        // At h = 49 (and 98, 196), k * 49 * (1 / 49.0) is below k for most k: runs starting at row 0 need the
        // quotient's correction.
        foreach ((int h, int w) in new[] { (16, 16), (31, 17), (40, 64), (480, 640), (3, 500), (1, 900), (900, 1), (49, 60), (98, 30), (196, 20) })
        {
            for (int trial = 0; trial < 150; trial++)
            {
                var rle = Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w);
                var expected = MaskOracle.LiteralToBbox(rle.Counts, (uint)h, (uint)w);
                var (area, box) = Rle.AreaAndBoxOf(rle.Counts, h, w, sumsToPixels: true);
                Assert.Equal(expected, box);
                Assert.Equal(rle.Counts.Where((_, i) => i % 2 == 1).Sum(c => (long)c), area);
            }
        }

        // Stripes inside columns (no run spans), and one tall run late in the mask.
        for (int n = 8; n < 70; n++)
        {
            var counts = new List<uint>();
            for (int i = 0; i < n; i++)
            {
                counts.Add((uint)(i == 0 ? 3 : 5));
                counts.Add((uint)(1 + (i % 3)));
            }

            counts[^1] = (uint)(n % 4 == 0 ? 30 : counts[^1]);
            long used = counts.Sum(c => (long)c);
            int height = 10, width = (int)((used + 9) / 10) + 1;
            counts.Add((uint)(((long)height * width) - used));
            uint[] runs = [.. counts];
            Assert.Equal(MaskOracle.LiteralToBbox(runs, (uint)height, (uint)width), Rle.AreaAndBoxOf(runs, height, width, sumsToPixels: true).Box);
        }
    }

    [Fact]
    public void ToBox_OneRunPerColumn_AndRunsSpanningColumns()
    {
        // Column runs that stay inside their column, then one that wraps into the next column (full height).
        uint[] inside = [1, 2, 3, 3, 1, 2, 4, 1, 2];
        uint[] spanning = [1, 2, 2, 5, 1, 1, 6];
        Assert.Equal(MaskOracle.LiteralToBbox(inside, 6, 3), new Rle(6, 3, inside).ToBox());
        Assert.Equal(MaskOracle.LiteralToBbox(spanning, 6, 3), new Rle(6, 3, spanning).ToBox());
        Assert.Equal(new Box(0, 0, 2, 6), new Rle(6, 3, spanning).ToBox());
    }

    [Theory]
    // A background that ends exactly on a column's end two or more columns on: at h = 49, 49 * (1 / 49.0) is below 1
    // in doubles, so the box's reciprocal remainder needs its correction; the others skip many columns at once.
    [InlineData(49, 6)]
    [InlineData(3, 40)]
    [InlineData(480, 640)]
    [InlineData(60_721_577, 3)]
    public void AreaAndBox_EqualLiteralReference_WhenBackgroundsSkipColumns(int h, int w)
    {
        for (int columns = 2; columns < w; columns++)
        {
            for (int extra = -1; extra <= 1; extra++)
            {
                // A background to row 0 of column `columns` (give or take a pixel), one pixel, a background to the same
                // row `columns` columns on, one pixel, and the rest.
                long first = ((long)columns * h) + extra;
                if (first < 0 || first + 1 > (long)h * w)
                {
                    continue;
                }

                var counts = new List<uint> { (uint)first, 1 };
                long used = first + 1;
                long second = ((long)columns * h) - 1;
                if (used + second + 1 <= (long)h * w)
                {
                    counts.Add((uint)second);
                    counts.Add(1);
                    used += second + 1;
                }

                counts.Add((uint)(((long)h * w) - used));
                uint[] runs = [.. counts];
                var (area, box) = Rle.AreaAndBoxOf(runs, h, w);
                Assert.Equal(MaskOracle.LiteralToBbox(runs, (uint)h, (uint)w), box);
                Assert.Equal(runs.Where((_, i) => i % 2 == 1).Sum(c => (long)c), area);
            }
        }
    }

    [Theory]
    // An empty first foreground run puts t at 2^32 - 1 (far past the last column); later runs come back to column 0.
    [InlineData(new uint[] { 0, 0, 3, 1, 4 }, 4, 2)]
    [InlineData(new uint[] { 0, 0, 0, 0, 2, 2, 0, 0, 4 }, 2, 4)]
    [InlineData(new uint[] { 5, 0, 0, 0, 3 }, 4, 2)]
    [InlineData(new uint[] { 0, 8 }, 4, 2)]
    [InlineData(new uint[] { 7, 1, 0 }, 4, 2)]
    public void ToBox_EqualsLiteralReference_OnEmptyRuns(uint[] counts, int h, int w)
    {
        Assert.Equal(MaskOracle.LiteralToBbox(counts, (uint)h, (uint)w), new Rle(h, w, counts).ToBox());
    }

    [Fact]
    public void ToBox_EqualsLiteralReference_WhenCountsWrap()
    {
        // h * w above 2^32: the cumulative count wraps in uint, as in the reference.
        uint[] counts = [3_000_000_000, 5, 2_000_000_000, 7, 1_000_000_000];
        long total = counts.Sum(c => (long)c);
        int h = 100_000;
        int w = (int)((total + h - 1) / h);
        counts[^1] += (uint)(((long)h * w) - total);
        Assert.Equal(MaskOracle.LiteralToBbox(counts, (uint)h, (uint)w), new Rle(h, w, counts).ToBox());
    }

    [Fact]
    public void MeasureCompressed_EqualsAreaAndBoxOfDecodedRuns()
    {
        var random = new Random(42);
        foreach ((int h, int w) in Sizes)
        {
            for (int trial = 0; trial < 100; trial++)
            {
                uint[] counts = trial % 2 == 0
                    ? MaskOracle.RandomCounts(random, h, w)
                    : Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w).Counts;
                byte[] text = Encoding.ASCII.GetBytes(new Rle(h, w, counts).ToCompressedString());
                Rle decoded = Rle.FromCompressedUtf8(text, h, w);
                Assert.Equal(counts, decoded.Counts);
                var (area, box) = Rle.MeasureCompressedUtf8(text, h, w);
                Assert.Equal(decoded.Area, area);
                Assert.Equal(MaskOracle.LiteralToBbox(counts, (uint)h, (uint)w), box);
            }
        }
    }

    [Theory]
    [InlineData("", 2, 2)]
    [InlineData("5", 2, 2)]
    [InlineData("14", 2, 3)]
    [InlineData("1p", 2, 2)]
    [InlineData("1/3", 2, 2)]
    [InlineData("1 3", 2, 2)]
    [InlineData("0Q", 2, 2)]
    [InlineData("0o", 2, 2)]
    [InlineData("0Q/", 2, 2)]
    [InlineData("0Qp", 2, 2)]
    [InlineData("0QQ", 2, 2)]
    [InlineData("01Q?", 2, 2)]
    [InlineData("01Q>", 3, 30)]
    [InlineData("oooooooooooo0", 2, 2)]
    [InlineData("02O3", 2, 2)]
    [InlineData("04", -1, 2)]
    [InlineData("0ooooooo3", 2, 2)]
    public void MeasureCompressed_RejectsBadInput_AsTheDecoderDoes(string text, int h, int w)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        var expected = Assert.Throws<FormatException>(() => Rle.FromCompressedUtf8(bytes, h, w));
        var actual = Assert.Throws<FormatException>(() => Rle.MeasureCompressedUtf8(bytes, h, w));
        Assert.Equal(expected.Message, actual.Message);
        var into = Assert.Throws<FormatException>(() =>
        {
            uint[] runs = [];
            Rle.DecodeCompressedUtf8Into(bytes, h, w, ref runs, 0);
        });
        Assert.Equal(expected.Message, into.Message);
    }

    [Fact]
    public void Decode_NamesTheBadCharacter_AnywhereInALongString()
    {
        // Past the third count numbers of one and two characters take the fast loop, which hands anything else back
        // to the checked reader: the message must still name the character's own position.
        var random = new Random(45);
        for (int trial = 0; trial < 300; trial++)
        {
            var rle = Rle.Encode(MaskOracle.RandomMask(random, 40, 30), 40, 30);
            byte[] text = Encoding.ASCII.GetBytes(rle.ToCompressedString());
            int at = random.Next(text.Length);
            text[at] = (byte)(trial % 3 == 0 ? ' ' : trial % 3 == 1 ? '/' : 'p');
            var e = Assert.Throws<FormatException>(() => Rle.FromCompressedUtf8(text, 40, 30));
            Assert.Contains($"at position {at};", e.Message);
            Assert.Equal(e.Message, Assert.Throws<FormatException>(() => Rle.MeasureCompressedUtf8(text, 40, 30)).Message);
        }
    }

    [Theory]
    // Raw numbers before delta decoding: count 4 is -16 + count 2 (one character), count 5 -40 + count 3 (two), count 9
    // 9 + count 7 (one character after a long number).
    [InlineData(new long[] { 2, 2, 2, 2, -16, 30 }, "Compressed RLE count 4 is negative (-14) after delta decoding.")]
    [InlineData(new long[] { 2, 2, 2, 2, 1, -40, 30 }, "Compressed RLE count 5 is negative (-36) after delta decoding.")]
    [InlineData(new long[] { 2, 4_294_967_295, 2, 1, 30 }, "Compressed RLE count 3 (4294967296) exceeds the 32-bit range.")]
    [InlineData(new long[] { 2, 2, 2, 2, 2, 2, 2, 4_294_967_285, 9, 9, 30 }, "Compressed RLE count 9 (4294967300) exceeds the 32-bit range.")]
    public void Decode_RejectsCountsOutOfRange_PastTheThird(long[] raw, string message)
    {
        byte[] text = Encoding.ASCII.GetBytes(EncodeRaw(raw));
        Assert.Equal(message, Assert.Throws<FormatException>(() => Rle.FromCompressedUtf8(text, 10, 10)).Message);
        Assert.Equal(message, Assert.Throws<FormatException>(() => Rle.MeasureCompressedUtf8(text, 10, 10)).Message);
    }

    /// <summary>The reference's character encoding of numbers given before delta encoding.</summary>
    private static string EncodeRaw(long[] raw)
    {
        var text = new StringBuilder();
        foreach (long value in raw)
        {
            long x = value;
            bool more = true;
            while (more)
            {
                int c = (int)(x & 0x1f);
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                text.Append((char)((more ? c | 0x20 : c) + 48));
            }
        }

        return text.ToString();
    }

    [Fact]
    public void DecodeInto_AppendsAtOffset_AndGrows()
    {
        var random = new Random(43);
        uint[] runs = new uint[3];
        int used = 0;
        var expected = new List<uint>();
        for (int trial = 0; trial < 50; trial++)
        {
            (int h, int w) = Sizes[random.Next(Sizes.Length)];
            uint[] counts = MaskOracle.RandomCounts(random, h, w);
            byte[] text = Encoding.ASCII.GetBytes(new Rle(h, w, counts).ToCompressedString());
            int n = Rle.DecodeCompressedUtf8Into(text, h, w, ref runs, used);
            Assert.Equal(counts, runs.AsSpan(used, n).ToArray());
            expected.AddRange(counts);
            used += n;
        }

        Assert.Equal(expected, runs.AsSpan(0, used).ToArray());
    }

    [Fact]
    public void Segmentation_Measure_RemembersBox_ForLazyDecoding()
    {
        var rle = new Rle(4, 3, [2, 3, 7]);
        var segmentation = Segmentation.FromCompressedUtf8(Encoding.ASCII.GetBytes(rle.ToCompressedString()), 4, 3);
        Assert.False(segmentation.TryGetMeasuredCompressed(out _, out _));
        var (area, box) = segmentation.Measure(0, 0);
        Assert.Equal(3, area);
        Assert.True(segmentation.TryGetMeasuredCompressed(out var bytes, out var remembered));
        Assert.Equal(box, remembered);
        Assert.Equal(new Box(0, 0, 2, 4), box);
        Assert.Equal(rle.ToCompressedString(), Encoding.ASCII.GetString(bytes));
    }
}
