namespace DetEval.Tests.Masks;

/// <summary>
/// <see cref="Segmentation.Runs"/>, the allocation-free runs matching rasterises ground truths with: a single polygon
/// equals the literal port of the reference rasteriser (<see cref="MaskOracle.LiteralFrPoly"/>), and every other kind
/// (several polygons, RLE, compressed RLE) the counts <see cref="Segmentation.ToRle"/> gives, with the mask's size.
/// </summary>
public sealed class SegmentationRunsTests
{
    [Fact]
    public void OnePolygon_EqualsTheReferenceRasteriser()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 2000; trial++)
        {
            int h = random.Next(1, 60), w = random.Next(1, 60), k = random.Next(3, 9);
            var xy = new double[2 * k];
            for (int i = 0; i < xy.Length; i++)
            {
                xy[i] = (random.NextDouble() * ((i % 2 == 0 ? w : h) + 10)) - 5;
            }

            var runs = Segmentation.FromPolygons([xy]).Runs(h, w, out int height, out int width);

            Assert.Equal((h, w), (height, width));
            Assert.Equal(MaskOracle.LiteralFrPoly(xy, k, h, w), runs.ToArray());
        }
    }

    [Fact]
    public void OtherKinds_EqualToRle()
    {
        var random = new Random(12);
        for (int trial = 0; trial < 300; trial++)
        {
            int h = random.Next(1, 40), w = random.Next(1, 40);
            var parts = Enumerable.Range(0, 2 + random.Next(3))
                .Select(_ => Enumerable.Range(0, 8).Select(i => random.NextDouble() * (i % 2 == 0 ? w : h)).ToArray())
                .ToList();
            var rle = new Rle(h, w, MaskOracle.RandomCounts(random, h, w));
            var segmentations = new[]
            {
                (Segmentation.FromPolygons(parts), h, w),
                (Segmentation.FromRle(rle), 0, 0),
                (Segmentation.FromCompressed(rle.ToCompressedString(), h, w), h, w),
            };
            foreach (var (segmentation, imageHeight, imageWidth) in segmentations)
            {
                var expected = segmentation.ToRle(imageHeight, imageWidth);
                var runs = segmentation.Runs(imageHeight, imageWidth, out int height, out int width);
                Assert.Equal((expected.Height, expected.Width), (height, width));
                Assert.Equal(expected.Counts, runs.ToArray());
            }
        }
    }

    [Fact]
    public void BadPolygons_ThrowAsToRleDoes()
    {
        var four = Segmentation.FromPolygons([[1, 2, 3, 4]]);
        var message = Assert.Throws<FormatException>(() => four.ToRle(10, 10)).Message;
        Assert.Equal(message, Assert.Throws<FormatException>(() => four.Runs(10, 10, out _, out _)).Message);
        var nan = Segmentation.FromPolygons([[1, 2, double.NaN, 4, 5, 6]]);
        Assert.Equal(
            Assert.Throws<FormatException>(() => nan.ToRle(10, 10)).Message,
            Assert.Throws<FormatException>(() => nan.Runs(10, 10, out _, out _)).Message);
    }
}
