using System.Text.Json;
using DetEval.Masks;

namespace DetEval.Tests.Masks;

/// <summary>
/// Boundary bands against a literal port of boundary-iou-api's <c>mask_to_boundary</c> on pixels (pad with one ring of
/// background, erode d times by the 3 x 3 square with OpenCV's border rule, subtract), on random masks and on the edge
/// shapes; the dilation's rounding against the reference's per-image values.
/// </summary>
public sealed class BoundaryBandTests
{
    [Theory]
    [InlineData(105, 140, 0.02, 4)]   // 3.5 rounds to even 4 (faster-coco-eval gives 3)
    [InlineData(375, 500, 0.02, 12)]  // 12.5 rounds to even 12
    [InlineData(500, 375, 0.02, 12)]
    [InlineData(300, 400, 0.02, 10)]
    [InlineData(480, 640, 0.02, 16)]
    [InlineData(375, 500, 0.012, 8)]  // 7.5 rounds to even 8 (faster-coco-eval gives 7)
    [InlineData(1, 1, 0.02, 1)]       // at least 1
    [InlineData(10, 10, 0, 1)]
    [InlineData(0, 0, 0.02, 1)]
    public void Dilation_RoundsHalfToEven_AndIsAtLeastOne(int h, int w, double ratio, int expected)
    {
        Assert.Equal(expected, BoundaryIou.Dilation(h, w, ratio));
    }

    [Theory]
    [InlineData("small")]
    [InlineData("small-r0.012")]
    [InlineData("corner")]
    public void Dilation_EqualsTheReference_ForEveryImage(string name)
    {
        var (gtPath, _, ratio) = Evaluation.Coco.BoundaryReferenceTests.Inputs(name);
        var expected = Evaluation.Coco.BoundaryReferenceTests.Expected(name).GetProperty("dilation_px");
        using var gt = JsonDocument.Parse(File.ReadAllBytes(gtPath));
        int checkedImages = 0;
        foreach (var image in gt.RootElement.GetProperty("images").EnumerateArray())
        {
            string id = image.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected.GetProperty(id).GetInt32(), BoundaryIou.Dilation(image.GetProperty("height").GetInt32(), image.GetProperty("width").GetInt32(), ratio));
            checkedImages++;
        }

        Assert.True(checkedImages >= 12);
    }

    [Fact]
    public void Band_EqualsTheLiteralErosion_OnRandomMasks()
    {
        var rng = new Random(2021);
        double[] ratios = [0.02, 0.05, 0.1, 0.2, 0.5];
        for (int trial = 0; trial < 600; trial++)
        {
            // Mostly small images (d from 1 to about half the side), some taller than one 64-row block.
            int h = trial % 10 == 0 ? rng.Next(60, 200) : rng.Next(1, 40);
            int w = trial % 10 == 0 ? rng.Next(1, 90) : rng.Next(1, 40);
            var pixels = MaskOracle.RandomMask(rng, h, w);
            AssertBandEqualsLiteral(pixels, h, w, ratios[rng.Next(ratios.Length)]);
        }
    }

    [Fact]
    public void Band_EqualsTheLiteralErosion_OnMasksWithEmptyRuns()
    {
        // Counts that are not canonical (empty runs between touching foreground runs) must give the mask's band.
        var rng = new Random(7);
        for (int trial = 0; trial < 300; trial++)
        {
            int h = rng.Next(1, 30), w = rng.Next(1, 30);
            var rle = new Rle(h, w, MaskOracle.RandomCounts(rng, h, w));
            AssertBandEqualsLiteral(rle.Decode(), h, w, 0.1, rle);
        }
    }

    public static TheoryData<string> EdgeShapes => new()
    {
        "full", "empty", "pixel-corner", "pixel-centre", "row-line", "column-line", "top-edge", "bottom-edge",
        "left-edge", "right-edge", "ring", "two-parts", "checkerboard", "diagonal",
    };

    [Theory]
    [MemberData(nameof(EdgeShapes))]
    public void Band_EqualsTheLiteralErosion_OnEdgeShapes(string shape)
    {
        // Sizes: square, thinner than twice the band (d = 4 at 0.02 of 175: 105 x 140; d >= 1 on 3 x 200), multi-block.
        foreach (var (h, w, ratio) in new[] { (105, 140, 0.02), (3, 200, 0.02), (200, 3, 0.02), (7, 9, 0.3), (130, 70, 0.05), (1, 1, 0.02), (1, 50, 0.02) })
        {
            AssertBandEqualsLiteral(Shape(shape, h, w), h, w, ratio);
        }
    }

    [Fact]
    public void Band_OfTheFullImage_IsTheBorderStripOfWidthD()
    {
        int h = 105, w = 140, d = 4;
        var band = BoundaryIou.Band(Rle.Encode(Shape("full", h, w), h, w));
        long inner = (long)(h - (2 * d)) * (w - (2 * d));
        Assert.Equal(((long)h * w) - inner, (long)band.Area);
    }

    [Fact]
    public void Band_OfAThinImage_IsTheWholeMask()
    {
        // 3 rows with d = 4: no pixel is farther than 2 from the top or bottom border.
        var pixels = Shape("full", 3, 200);
        var band = BoundaryIou.Band(Rle.Encode(pixels, 3, 200));
        Assert.Equal(pixels, band.Decode());
    }

    [Fact]
    public void Compute_EqualsThePixelIouOfTheLiteralBands()
    {
        var rng = new Random(99);
        for (int trial = 0; trial < 400; trial++)
        {
            int h = rng.Next(1, 40), w = rng.Next(1, 40);
            double ratio = rng.Next(2) == 0 ? 0.02 : 0.1;
            var a = MaskOracle.RandomMask(rng, h, w);
            var b = rng.Next(3) == 0 ? (byte[])a.Clone() : MaskOracle.RandomMask(rng, h, w);
            double expected = MaskOracle.PixelIou(LiteralBand(a, h, w, ratio), LiteralBand(b, h, w, ratio), crowd: false);
            double actual = BoundaryIou.Compute(Rle.Encode(a, h, w), Rle.Encode(b, h, w), ratio);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    [Fact]
    public void Compute_RefusesMasksOfDifferentSizes_AndBadRatios()
    {
        var a = Rle.Encode(new byte[6], 2, 3);
        var b = Rle.Encode(new byte[6], 3, 2);
        Assert.Throws<ArgumentException>(() => BoundaryIou.Compute(a, b));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoundaryIou.Compute(a, a, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => BoundaryIou.Band(a, -0.1));
        Assert.Equal(0, BoundaryIou.Compute(a, a));
    }

    [Fact]
    public void TinyMasks_AreAllBand_SoBoundaryIouEqualsMaskIou()
    {
        // One pixel, a one-pixel line, a 2 x 2 blob in a 105 x 140 image (d = 4).
        int h = 105, w = 140;
        var one = Pixels(h, w, (50, 60));
        var line = Pixels(h, w, [.. Enumerable.Range(55, 10).Select(x => (50, x))]);
        var blob = Pixels(h, w, (50, 60), (51, 60), (50, 61), (51, 61));
        foreach (var (a, b) in new[] { (one, line), (line, blob), (one, blob), (blob, blob) })
        {
            var ra = Rle.Encode(a, h, w);
            var rb = Rle.Encode(b, h, w);
            Assert.Equal(ra.Decode(), BoundaryIou.Band(ra).Decode());
            Assert.Equal(MaskIou.Compute(ra, rb, gtCrowd: false), BoundaryIou.Compute(ra, rb));
        }
    }

    internal static byte[] LiteralBand(byte[] columnMajor, int h, int w, double ratio)
    {
        // mask_to_boundary: dilation = int(round(ratio * sqrt(h^2 + w^2))), at least 1.
        int d = Math.Max(1, (int)Math.Round(ratio * Math.Sqrt((h * h) + (w * w))));
        // cv2.copyMakeBorder(mask, 1, 1, 1, 1, BORDER_CONSTANT, value=0)
        var padded = new byte[h + 2, w + 2];
        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++)
            {
                padded[y + 1, x + 1] = columnMajor[(x * h) + y] != 0 ? (byte)1 : (byte)0;
            }
        }

        // cv2.erode(new_mask, ones((3, 3)), iterations=dilation): the default border value leaves pixels past the
        // padded image out of the minimum.
        for (int iteration = 0; iteration < d; iteration++)
        {
            var next = new byte[h + 2, w + 2];
            for (int y = 0; y < h + 2; y++)
            {
                for (int x = 0; x < w + 2; x++)
                {
                    byte min = 1;
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int yy = y + dy, xx = x + dx;
                            if (yy >= 0 && yy < h + 2 && xx >= 0 && xx < w + 2)
                            {
                                min = Math.Min(min, padded[yy, xx]);
                            }
                        }
                    }

                    next[y, x] = min;
                }
            }

            padded = next;
        }

        // mask - new_mask_erode[1:h+1, 1:w+1]
        var band = new byte[h * w];
        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++)
            {
                int m = columnMajor[(x * h) + y] != 0 ? 1 : 0;
                band[(x * h) + y] = (byte)(m - padded[y + 1, x + 1]);
            }
        }

        return band;
    }

    private static void AssertBandEqualsLiteral(byte[] pixels, int h, int w, double ratio, Rle? rle = null)
    {
        rle ??= Rle.Encode(pixels, h, w);
        var expected = LiteralBand(pixels, h, w, ratio);
        var band = BoundaryIou.Band(rle, ratio);
        Assert.Equal(h, band.Height);
        Assert.Equal(w, band.Width);
        Assert.Equal(expected, band.Decode());
        Assert.Equal(MaskOracle.Area(expected), (long)band.Area);
        // The canonical runs, as pycocotools' encode of the band gives them.
        Assert.Equal(Rle.Encode(expected, h, w).Counts, band.Counts);

        var set = new BandSet();
        var frame = BoundaryIou.Add(set, rle, ratio);
        Assert.Equal(MaskOracle.Area(expected), frame.Area);
    }

    private static byte[] Shape(string shape, int h, int w)
    {
        var m = new byte[h * w];
        void Set(int y, int x)
        {
            if (y >= 0 && y < h && x >= 0 && x < w)
            {
                m[(x * h) + y] = 1;
            }
        }

        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++)
            {
                bool on = shape switch
                {
                    "full" => true,
                    "empty" => false,
                    "pixel-corner" => x == w - 1 && y == 0,
                    "pixel-centre" => x == w / 2 && y == h / 2,
                    "row-line" => y == h / 2,
                    "column-line" => x == w / 2,
                    "top-edge" => y < Math.Max(1, h / 3),
                    "bottom-edge" => y >= h - Math.Max(1, h / 3),
                    "left-edge" => x < Math.Max(1, w / 3),
                    "right-edge" => x >= w - Math.Max(1, w / 3),
                    "ring" => Math.Abs(x - (w / 2)) <= w / 3 && Math.Abs(y - (h / 2)) <= h / 3 && !(Math.Abs(x - (w / 2)) <= w / 6 && Math.Abs(y - (h / 2)) <= h / 6),
                    "two-parts" => (x < w / 3 && y < h / 2) || (x > (2 * w) / 3 && y >= h / 2),
                    "checkerboard" => (x + y) % 2 == 0,
                    "diagonal" => x == y,
                    _ => throw new ArgumentOutOfRangeException(nameof(shape)),
                };
                if (on)
                {
                    Set(y, x);
                }
            }
        }

        return m;
    }

    private static byte[] Pixels(int h, int w, params (int Y, int X)[] on)
    {
        var m = new byte[h * w];
        foreach (var (y, x) in on)
        {
            m[(x * h) + y] = 1;
        }

        return m;
    }
}
