using System.Text;
using DetEval.Data;
using DetEval.Matching;
using DetEval.Tests.Masks;

namespace DetEval.Tests.Matching;

/// <summary>The cell IoU (lazy decoding of measured compressed masks) against <see cref="MaskIou.Compute(IReadOnlyList{Rle}, IReadOnlyList{Rle}, ReadOnlySpan{bool}, Span{double})"/> on decoded masks.</summary>
public class MaskCellIouTests
{
    [Fact]
    public void Compute_EqualsMaskIouOnDecodedMasks_OnRandomCells()
    {
        var random = new Random(51);
        for (int trial = 0; trial < 300; trial++)
        {
            var (image, truths, detections, gtIndices, detIndices) = RandomCell(random);
            int gtCount = gtIndices.Length, detCount = detIndices.Length;
            var actual = new double[gtCount * detCount];
            MaskCellIou.Instance.Compute(image, truths, gtIndices, detections, detIndices, actual, MatchScratch.Current);

            var dtRles = detIndices.Select(d => MaskCellIou.DetectionMask(image, detections[d])).ToList();
            var gtRles = truths.Select(t => MaskCellIou.ToRle(t.Segmentation!, image)).ToList();
            var expected = new double[gtCount * detCount];
            MaskIou.Compute(dtRles, gtRles, [.. truths.Select(t => t.IsCrowd)], expected);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    /// <summary>A random cell: RLE and polygon truths (some crowd), detections mostly measured compressed masks, some of
    /// another size, some unmeasured, some boxes; detection indices in random order.</summary>
    internal static (ImageInfo Image, List<GroundTruth> Truths, Detection[] Detections, int[] GtIndices, int[] DetIndices) RandomCell(Random random)
    {
        int h = 1 + random.Next(40), w = 1 + random.Next(40);
        var image = new ImageInfo(1, w, h);
        int gtCount = random.Next(5), detCount = random.Next(12);
        var truths = new List<GroundTruth>();
        for (int g = 0; g < gtCount; g++)
        {
            Segmentation segmentation = random.Next(3) == 0
                ? Segmentation.FromRle(Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w))
                : Segmentation.FromPolygons([RandomPolygon(random, h, w), .. random.Next(3) == 0 ? [RandomPolygon(random, h, w)] : Array.Empty<double[]>()]);
            truths.Add(new GroundTruth(g, 1, 1, default, 1, IsCrowd: random.Next(4) == 0, Segmentation: segmentation));
        }

        var detections = new Detection[detCount];
        for (int d = 0; d < detCount; d++)
        {
            // Mostly measured compressed masks (decoded lazily); some unmeasured, some of another size, some boxes.
            int kind = random.Next(6);
            int dh = kind == 4 ? h + 1 : h;
            var rle = Rle.Encode(MaskOracle.RandomMask(random, dh, w), dh, w);
            var segmentation = Segmentation.FromCompressedUtf8(Encoding.ASCII.GetBytes(rle.ToCompressedString()), dh, w);
            if (kind != 3)
            {
                segmentation.Measure(0, 0);
            }

            detections[d] = kind == 5
                ? new Detection(1, 1, new Box(random.Next(w), random.Next(h), random.Next(w), random.Next(h)), random.NextDouble(), 1)
                : new Detection(1, 1, default, random.NextDouble(), 1, segmentation);
        }

        int[] gtIndices = [.. Enumerable.Range(0, gtCount)];
        int[] detIndices = [.. Enumerable.Range(0, detCount).OrderBy(_ => random.Next())];
        return (image, truths, detections, gtIndices, detIndices);
    }

    private static double[] RandomPolygon(Random random, int h, int w)
    {
        int k = 3 + random.Next(5);
        var xy = new double[2 * k];
        for (int j = 0; j < k; j++)
        {
            xy[2 * j] = (random.NextDouble() * (w + 4)) - 2;
            xy[(2 * j) + 1] = (random.NextDouble() * (h + 4)) - 2;
        }

        return xy;
    }
}
