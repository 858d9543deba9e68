using System.Text;

namespace DetEval.Tests.Masks;

/// <summary>The one-pass measure and the column-tracking box against the literal reference and the decoder.</summary>
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
