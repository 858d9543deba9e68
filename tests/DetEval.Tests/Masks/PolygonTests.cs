
namespace DetEval.Tests.Masks;

public class PolygonTests
{
    [Fact]
    public void FromPolygon_MatchesPublishedReferenceStrings()
    {
        // twsl/pytorchcocotools tests/mask/test_frPyObjects.py: strings asserted equal to pycocotools frPyObjects output.
        Assert.Equal("T8:?00000000001O00000:F`2", Rle.FromPolygon([10, 10, 20, 10, 20, 20, 21, 21, 10, 20], 25, 25).ToCompressedString());
        double[] first =
        [
            266.83, 189.37, 267.79, 175.29, 269.46, 170.04, 271.37, 165.98, 270.89, 163.12, 269.12, 159.54, 272.8, 156.44,
            287.36, 156.44, 293.33, 157.87, 296.91, 160.49, 296.91, 161.21, 291.89, 161.92, 289.98, 165.03, 291.42, 169.56,
            285.16, 196.54,
        ];
        double[] second = [266.35, 214.44, 270.41, 217.3, 276.38, 218.97, 282.11, 218.97, 285.93, 217.3, 286.88, 207.28, 267.07, 201.07];
        Assert.Equal(
            @"\`_3;j<6B@nCc0Q<@kCc0S<;01N10001O001O00001O001O0000O1L4K6K4L4B]COh<O<O001O0O2Omk^4",
            Rle.FromPolygon(first, 427, 640).ToCompressedString());
        Assert.Equal("RT_32n<<O100O0010O000010O0001O00001O000O101O0ISPc4", Rle.FromPolygon(second, 427, 640).ToCompressedString());
    }

    [Theory]
    // twsl/pytorchcocotools tests (frBbox / frPyObjects with an ndarray box), pycocotools outputs.
    [InlineData(10, 10, 10, 10, "T8:?00000000000000000c3")]
    [InlineData(5, 5, 10, 10, "R4:?00000000000000000e7")]
    [InlineData(15, 15, 5, 5, "V<5d00000000^3")]
    [InlineData(0, 0, 25, 25, "0ac0")]
    public void FromBox_MatchesPublishedReferenceStrings(double x, double y, double w, double h, string expected)
    {
        Assert.Equal(expected, Rle.FromBox(new Box(x, y, w, h), 25, 25).ToCompressedString());
    }

    [Fact]
    public void FromPolygon_UnitSquare_CoversOnePixel()
    {
        // Vertices on pixel corners: the square [1,2] x [1,2] is pixel (x=1, y=1).
        Rle rle = Rle.FromPolygon([1, 1, 2, 1, 2, 2, 1, 2], 4, 4);
        Assert.Equal([5u, 1u, 10u], rle.Counts);
    }

    [Fact]
    public void FromPolygon_IntegerBox_CoversExactPixels()
    {
        var random = new Random(41);
        for (int trial = 0; trial < 50; trial++)
        {
            int h = 1 + random.Next(20), w = 1 + random.Next(20);
            int x0 = random.Next(w), y0 = random.Next(h);
            int x1 = x0 + 1 + random.Next(w - x0), y1 = y0 + 1 + random.Next(h - y0);
            var mask = new byte[h * w];
            for (int x = x0; x < x1; x++)
            {
                for (int y = y0; y < y1; y++)
                {
                    mask[(x * h) + y] = 1;
                }
            }

            Rle expected = Rle.Encode(mask, h, w);
            Assert.Equal(expected.Counts, Rle.FromPolygon([x0, y0, x1, y0, x1, y1, x0, y1], h, w).Counts);
            Assert.Equal(expected.Counts, Rle.FromBox(new Box(x0, y0, x1 - x0, y1 - y0), h, w).Counts);
        }
    }

    [Fact]
    public void FromPolygon_EqualsLiteralPortOfReference_OnRandomPolygons()
    {
        var random = new Random(42);
        for (int trial = 0; trial < 3000; trial++)
        {
            int h = random.Next(1, 30), w = random.Next(1, 30);
            int k = random.Next(0, 8);
            var xy = new double[k * 2];
            for (int i = 0; i < xy.Length; i++)
            {
                // Mix integer, half and arbitrary coordinates, including outside the image and negative.
                double extent = (i % 2 == 0 ? w : h) + 10;
                double value = (random.NextDouble() * extent * 1.4) - 8;
                xy[i] = random.Next(3) switch { 0 => Math.Round(value), 1 => Math.Round(value * 2) / 2, _ => value };
            }

            Rle rle = Rle.FromPolygon(xy, h, w);
            Assert.Equal(MaskOracle.LiteralFrPoly(xy, k, h, w), rle.Counts);
            rle.Validate();
        }
    }

    [Fact]
    public void FromPolygon_EqualsLiteralPortOfReference_OnLargeImagesAndLongEdges()
    {
        // Long edges in every direction and slope (the walk evaluates only every fifth step of an x-major edge).
        var random = new Random(43);
        for (int trial = 0; trial < 400; trial++)
        {
            int h = random.Next(1, 700), w = random.Next(1, 700);
            int k = random.Next(3, 40);
            var xy = new double[k * 2];
            for (int i = 0; i < xy.Length; i++)
            {
                double extent = i % 2 == 0 ? w : h;
                double value = (random.NextDouble() * extent * 1.3) - (extent * 0.15);
                xy[i] = random.Next(4) switch { 0 => Math.Round(value), 1 => Math.Round(value * 2) / 2, 2 => Math.Round(value * 5) / 5, _ => value };
            }

            Assert.Equal(MaskOracle.LiteralFrPoly(xy, k, h, w), Rle.FromPolygon(xy, h, w).Counts);
        }
    }

    [Fact]
    public void FromPolygon_EqualsLiteralPortOfReference_OnSteepEdges()
    {
        // y-major edges of every small slope, long and short, in both directions, partly left or right of the image
        // (their crossing columns are looked up, not walked).
        var random = new Random(45);
        for (int trial = 0; trial < 600; trial++)
        {
            int h = random.Next(1, 3000), w = random.Next(1, 60);
            int k = random.Next(3, 12);
            var xy = new double[k * 2];
            for (int i = 0; i < k; i++)
            {
                double x = (random.NextDouble() * (w + 20)) - 10, y = (random.NextDouble() * h * 1.2) - (h * 0.1);
                xy[2 * i] = random.Next(3) switch { 0 => Math.Round(x), 1 => Math.Round(x * 5) / 5, _ => x };
                xy[(2 * i) + 1] = random.Next(3) == 0 ? Math.Round(y) : y;
            }

            Assert.Equal(MaskOracle.LiteralFrPoly(xy, k, h, w), Rle.FromPolygon(xy, h, w).Counts);
        }
    }

    [Fact]
    public void FromPolygon_NegativeCoordinates_RoundTowardZero()
    {
        // (int)(5 * -0.3 + .5) = (int)(-1.0) = -1 and (int)(5 * -0.1 + .5) = 0: truncation, not floor.
        double[] shifted = [-0.1, -0.1, 2, -0.1, 2, 2, -0.1, 2];
        double[] origin = [0, 0, 2, 0, 2, 2, 0, 2];
        Assert.Equal(Rle.FromPolygon(origin, 4, 4).Counts, Rle.FromPolygon(shifted, 4, 4).Counts);
        double[] further = [-0.3, -0.3, 2, -0.3, 2, 2, -0.3, 2];
        Assert.Equal(MaskOracle.LiteralFrPoly(further, 4, 4, 4), Rle.FromPolygon(further, 4, 4).Counts);
    }

    [Fact]
    public void FromPolygon_VerticesOutsideImage_ClipToImage()
    {
        Rle rle = Rle.FromPolygon([-10, -10, 50, -10, 50, 50, -10, 50], 6, 5);
        Assert.Equal([0u, 30u], rle.Counts);
        Rle outside = Rle.FromPolygon([100, 100, 110, 100, 110, 110], 6, 5);
        Assert.Equal([30u], outside.Counts);
    }

    [Fact]
    public void FromPolygon_ZeroAreaAndDegenerate_GiveEmptyMasks()
    {
        Assert.Equal(0, Rle.FromPolygon([1, 1, 3, 3, 5, 5], 8, 8).Area);
        Assert.Equal(0, Rle.FromPolygon([2, 2, 2, 2, 2, 2], 8, 8).Area);
        Assert.Equal([64u], Rle.FromPolygon([], 8, 8).Counts);
        Assert.Equal([64u], Rle.FromPolygon([3, 3], 8, 8).Counts);
        Assert.Equal([0u], Rle.FromPolygon([0, 0, 5, 0, 5, 5], 0, 0).Counts);
    }

    [Fact]
    public void FromPolygon_OddCoordinateCount_IgnoresLastNumber()
    {
        Assert.Equal(
            Rle.FromPolygon([1, 1, 6, 1, 6, 6], 8, 8).Counts,
            Rle.FromPolygon([1, 1, 6, 1, 6, 6, 99], 8, 8).Counts);
    }

    [Fact]
    public void FromPolygon_NonFinite_Throws()
    {
        Assert.Throws<FormatException>(() => Rle.FromPolygon([0, 0, double.NaN, 0, 5, 5], 8, 8));
    }

    [Fact]
    public void FromPolygon_PixelsStayWithinImage_AndTriangleIsPlausible()
    {
        // Right triangle with legs 10: area 50; the rasteriser takes pixels whose centres fall inside, +- the edge.
        Rle rle = Rle.FromPolygon([0, 0, 10, 0, 0, 10], 12, 12);
        rle.Validate();
        Assert.InRange(rle.Area, 45, 65);
        Box box = rle.ToBox();
        Assert.True(box.X >= 0 && box.Y >= 0 && box.X2 <= 12 && box.Y2 <= 12);
    }

    [Theory]
    [InlineData(1u, 40, 10)]
    [InlineData(7u, 100, 30)]
    [InlineData(480u, 2000, 700)]
    [InlineData(480u, 64, 1_000_000)]
    [InlineData(3u, 31, 5)]
    public void SortByColumn_EqualsAPlainSort(uint height, int n, int columns)
    {
        // Crossings x * h + y with y in 0..h; few columns (buckets), many, and more columns than values (the fallback).
        var random = new Random((int)height + n);
        for (int trial = 0; trial < 50; trial++)
        {
            uint[] values = new uint[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = ((uint)random.Next(columns) * height) + (uint)random.Next((int)height + 1);
            }

            uint[] expected = [.. values.Order()];
            Rle.SortByColumn(values, height, new uint[n]);
            Assert.Equal(expected, values);
        }
    }

    [Fact]
    public void CrossingColumnAndRow_EqualTheReferenceDoubleFormulas()
    {
        // The reference: xd = (xu + .5) / 5 - .5 must be whole and in 0..w-1; y = ceil(clamp((yv + .5) / 5 - .5, 0, h)).
        foreach (int size in new[] { 1, 2, 7, 480, 100_000 })
        {
            for (int u = -2_000; u < 600_000; u += size < 10 ? 1 : 3)
            {
                double xd = ((u + .5) / 5) - .5;
                bool expected = Math.Floor(xd) == xd && xd >= 0 && xd <= size - 1;
                Assert.Equal(expected, Rle.CrossingColumn(u, size, out int x));
                if (expected)
                {
                    Assert.Equal((int)xd, x);
                }

                double yd = Math.Ceiling(Math.Clamp(((u + .5) / 5) - .5, 0, size));
                Assert.Equal((int)yd, Rle.CrossingRow(u, size));
            }
        }

        foreach (int u in new[] { int.MinValue, int.MinValue + 3, int.MaxValue, int.MaxValue - 3 })
        {
            double xd = ((u + .5) / 5) - .5;
            Assert.Equal(Math.Floor(xd) == xd && xd >= 0 && xd <= 99, Rle.CrossingColumn(u, 100, out _));
            Assert.Equal((int)Math.Ceiling(Math.Clamp(xd, 0, 100)), Rle.CrossingRow(u, 100));
        }
    }
}
