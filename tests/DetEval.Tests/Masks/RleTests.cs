
namespace DetEval.Tests.Masks;

public class RleTests
{
    private const int Trials = 40;

    [Fact]
    public void Encode_Then_Decode_RoundTrips()
    {
        var random = new Random(11);
        foreach ((int h, int w) in MaskOracle.Sizes)
        {
            for (int trial = 0; trial < Trials; trial++)
            {
                byte[] mask = MaskOracle.RandomMask(random, h, w);
                Rle rle = Rle.Encode(mask, h, w);
                Assert.Equal(MaskOracle.Binarize(mask), rle.Decode());
                Assert.Equal(h, rle.Height);
                Assert.Equal(w, rle.Width);
                // Canonical form: only the first run may be empty.
                for (int j = 1; j < rle.Counts.Length; j++)
                {
                    Assert.True(rle.Counts[j] > 0);
                }
            }
        }
    }

    [Fact]
    public void Encode_EmptyMask_GivesSingleZeroCount()
    {
        Assert.Equal([0u], Rle.Encode([], 0, 0).Counts);
        Assert.Equal([0u, 2u], Rle.Encode([1, 1], 1, 2).Counts);
        Assert.Equal([1u, 1u], Rle.Encode([0, 7], 2, 1).Counts);
    }

    [Fact]
    public void Area_Equals_ForegroundPixelCount()
    {
        var random = new Random(12);
        foreach ((int h, int w) in MaskOracle.Sizes)
        {
            for (int trial = 0; trial < Trials; trial++)
            {
                byte[] mask = MaskOracle.RandomMask(random, h, w);
                Assert.Equal(MaskOracle.Area(mask), Rle.Encode(mask, h, w).Area);
            }
        }
    }

    [Fact]
    public void ToBox_Equals_TightPixelBox()
    {
        var random = new Random(13);
        foreach ((int h, int w) in MaskOracle.Sizes)
        {
            for (int trial = 0; trial < Trials; trial++)
            {
                byte[] mask = MaskOracle.RandomMask(random, h, w);
                Assert.Equal(MaskOracle.PixelBox(mask, h, w), Rle.Encode(mask, h, w).ToBox());
            }
        }
    }

    [Fact]
    public void ToBox_MatchesPublishedReferenceCases()
    {
        // ppwwyyxx/cocoapi tests/test_cases.py, TestToBBox (pycocotools toBbox outputs).
        byte[] full = ColumnMajor(new byte[,] { { 0, 1 }, { 1, 1 } });
        Assert.Equal(new Box(0, 0, 2, 2), Rle.Encode(full, 2, 2).ToBox());
        var partial = new byte[10, 10];
        for (int y = 2; y < 4; y++)
        {
            for (int x = 3; x < 6; x++)
            {
                partial[y, x] = 1;
            }
        }

        Assert.Equal(new Box(3, 2, 3, 2), Rle.Encode(ColumnMajor(partial), 10, 10).ToBox());
    }

    [Fact]
    public void ToBox_RunAcrossColumns_TakesFullHeight()
    {
        // 3x2 mask, foreground at (y=2, x=0) and (y=0, x=1): one run spanning two columns.
        var rle = new Rle(3, 2, [2, 2, 2]);
        Assert.Equal(new Box(0, 0, 2, 3), rle.ToBox());
    }

    [Fact]
    public void ToBox_EmptyForegroundRunAtStart_ReproducesUnsignedWrap()
    {
        // Parity: rleToBbox computes t = cc - 1 = 0 - 1 in uint for an empty first foreground run.
        var rle = new Rle(2, 2, [0, 0, 4]);
        Assert.Equal(new Box(0, 0, 2147483648, 2), rle.ToBox());
    }

    [Fact]
    public void ToBox_NoForegroundRun_IsZero()
    {
        Assert.Equal(default, new Rle(4, 4, [16]).ToBox());
        Assert.Equal(default, new Rle(0, 0, [0]).ToBox());
    }

    [Fact]
    public void Merge_UnionAndIntersection_MatchPixels()
    {
        var random = new Random(14);
        foreach ((int h, int w) in MaskOracle.Sizes)
        {
            for (int trial = 0; trial < Trials; trial++)
            {
                int n = 2 + random.Next(3);
                var masks = new byte[n][];
                var rles = new Rle[n];
                for (int i = 0; i < n; i++)
                {
                    masks[i] = MaskOracle.RandomMask(random, h, w);
                    rles[i] = Rle.Encode(masks[i], h, w);
                }

                var union = new byte[h * w];
                var intersection = new byte[h * w];
                for (int p = 0; p < union.Length; p++)
                {
                    bool any = false, all = true;
                    for (int i = 0; i < n; i++)
                    {
                        any |= masks[i][p] != 0;
                        all &= masks[i][p] != 0;
                    }

                    union[p] = (byte)(any ? 1 : 0);
                    intersection[p] = (byte)(all ? 1 : 0);
                }

                Assert.Equal(Rle.Encode(union, h, w).Counts, Rle.Merge(rles, intersect: false).Counts);
                Assert.Equal(Rle.Encode(intersection, h, w).Counts, Rle.Merge(rles, intersect: true).Counts);
            }
        }
    }

    [Fact]
    public void Merge_ZeroOrOneMask_FollowsReference()
    {
        Rle none = Rle.Merge([]);
        Assert.Equal(0, none.Height);
        Assert.Empty(none.Counts);
        var one = new Rle(2, 2, [1, 3]);
        Rle copy = Rle.Merge([one]);
        Assert.Equal(one.Counts, copy.Counts);
        Assert.NotSame(one.Counts, copy.Counts);
    }

    [Fact]
    public void Merge_DifferentSizes_Throws()
    {
        Assert.Throws<ArgumentException>(() => Rle.Merge([new Rle(2, 2, [4]), new Rle(1, 4, [4])]));
    }

    [Fact]
    public void FromCounts_BadInput_ThrowsFormatException()
    {
        Assert.Contains("negative", Assert.Throws<FormatException>(() => Rle.FromCounts(2, 2, [1, -1, 4])).Message);
        Assert.Contains("sum", Assert.Throws<FormatException>(() => Rle.FromCounts(2, 2, [1, 2])).Message);
        Assert.Contains("32-bit", Assert.Throws<FormatException>(() => Rle.FromCounts(2, 2, [1L << 33])).Message);
        Assert.Equal([1u, 3u], Rle.FromCounts(2, 2, [1, 3]).Counts);
    }

    [Fact]
    public void Validate_And_Decode_RejectWrongSums()
    {
        var rle = new Rle(3, 3, [2, 2]);
        Assert.Throws<FormatException>(rle.Validate);
        Assert.Throws<FormatException>(() => rle.Decode());
        Assert.Throws<FormatException>(() => Rle.Merge([rle, new Rle(3, 3, [9])]));
    }

    [Fact]
    public void Encode_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Rle.Encode(new byte[5], 2, 2));
    }

    internal static byte[] ColumnMajor(byte[,] rowMajor)
    {
        int h = rowMajor.GetLength(0), w = rowMajor.GetLength(1);
        var result = new byte[h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                result[(x * h) + y] = rowMajor[y, x];
            }
        }

        return result;
    }
}
