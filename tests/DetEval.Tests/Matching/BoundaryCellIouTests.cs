using DetEval.Data;
using DetEval.Matching;
using DetEval.Tests.Masks;

namespace DetEval.Tests.Matching;

/// <summary>
/// Boundary AP's cell IoU against its definition on pixels: for a non-crowd truth min(mask IoU, IoU of the literal
/// bands), for a crowd truth the crowd mask IoU; the floor below which the bands are skipped changes no match.
/// </summary>
public class BoundaryCellIouTests
{
    [Theory]
    [InlineData(0.02)]
    [InlineData(0.1)]
    public void Compute_EqualsTheMinOfMaskIouAndTheLiteralBandsIou_OnRandomCells(double ratio)
    {
        var random = new Random(61);
        var iou = new BoundaryCellIou(ratio, floor: 0);
        int lowered = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var (image, truths, detections, gtIndices, detIndices) = MaskCellIouTests.RandomCell(random);
            int gtCount = gtIndices.Length, detCount = detIndices.Length;
            var actual = new double[gtCount * detCount];
            iou.Compute(image, truths, gtIndices, detections, detIndices, actual, MatchScratch.Current);
            for (int g = 0; g < gtCount; g++)
            {
                var gt = MaskCellIou.ToRle(truths[g].Segmentation!, image);
                for (int d = 0; d < detCount; d++)
                {
                    var dt = MaskCellIou.DetectionMask(image, detections[detIndices[d]]);
                    double mask = MaskIou.Compute(dt, gt, truths[g].IsCrowd);
                    double expected = mask;
                    if (!truths[g].IsCrowd && dt.Height == gt.Height && dt.Width == gt.Width)
                    {
                        var bandD = BoundaryBandTests.LiteralBand(dt.Decode(), dt.Height, dt.Width, ratio);
                        var bandG = BoundaryBandTests.LiteralBand(gt.Decode(), gt.Height, gt.Width, ratio);
                        expected = Math.Min(mask, MaskOracle.PixelIou(bandD, bandG, crowd: false));
                    }

                    lowered += expected < mask ? 1 : 0;
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual[(g * detCount) + d]));
                }
            }
        }

        Assert.True(lowered > 100, $"only {lowered} pairs where the band lowers the IoU");
    }

    [Fact]
    public void Floor_KeepsTheMaskIouBelowIt_AndEveryValueAtOrAboveIt()
    {
        var random = new Random(62);
        var exact = new BoundaryCellIou(0.05, floor: 0);
        var floored = new BoundaryCellIou(0.05, floor: 0.5);
        for (int trial = 0; trial < 300; trial++)
        {
            var (image, truths, detections, gtIndices, detIndices) = MaskCellIouTests.RandomCell(random);
            int n = gtIndices.Length * detIndices.Length;
            double[] a = new double[n], b = new double[n], mask = new double[n];
            exact.Compute(image, truths, gtIndices, detections, detIndices, a, MatchScratch.Current);
            floored.Compute(image, truths, gtIndices, detections, detIndices, b, MatchScratch.Current);
            MaskCellIou.Instance.Compute(image, truths, gtIndices, detections, detIndices, mask, MatchScratch.Current);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(mask[i] < 0.5 ? mask[i] : a[i], b[i]);
                Assert.True(a[i] >= 0.5 == b[i] >= 0.5);
            }
        }
    }

    [Fact]
    public void Floor_OfTheThresholds_IsTheLowestComparedValue()
    {
        Assert.Equal(0.5, BoundaryCellIou.FloorOf(CocoOptions.CocoIouThresholds));
        Assert.Equal(1 - 1e-10, BoundaryCellIou.FloorOf([1.0]));
        Assert.Equal(0.1, BoundaryCellIou.FloorOf([0.7, 0.1, 0.3]));
    }

    [Fact]
    public void CrowdTruth_KeepsTheCrowdMaskIou_WhereTheBandWouldLowerIt()
    {
        // Parity: a detection well inside a crowd region has crowd IoU 1 (all of it is in the region) while their bands
        // barely meet; a non-crowd copy of the same truth takes the min.
        int h = 100, w = 100;
        var region = Square(h, w, 10, 90);
        var inside = Square(h, w, 20, 80);
        var image = new ImageInfo(1, w, h);
        GroundTruth[] truths =
        [
            new(1, 1, 1, default, 6400, IsCrowd: true, Segmentation: Segmentation.FromRle(region)),
            new(2, 1, 1, default, 6400, IsCrowd: false, Segmentation: Segmentation.FromRle(region)),
        ];
        Detection[] detections = [new(1, 1, default, 0.9, 3600, Segmentation.FromRle(inside))];
        var ious = new double[2];
        new BoundaryCellIou(0.02, floor: 0).Compute(image, truths, [0, 1], detections, [0], ious, MatchScratch.Current);
        Assert.Equal(1.0, ious[0]);
        Assert.Equal(BoundaryIou.Compute(inside, region), ious[1]);
        Assert.True(ious[1] < MaskIou.Compute(inside, region, gtCrowd: false));
    }

    [Fact]
    public void EmptyDetection_HasIouZero_WithEveryTruth()
    {
        int h = 40, w = 40;
        var image = new ImageInfo(1, w, h);
        GroundTruth[] truths = [new(1, 1, 1, default, 400, Segmentation: Segmentation.FromRle(Square(h, w, 5, 25)))];
        Detection[] detections = [new(1, 1, default, 0.9, 0, Segmentation.FromRle(new Rle(h, w, [(uint)(h * w)])))];
        var ious = new double[1];
        new BoundaryCellIou(0.02, floor: 0).Compute(image, truths, [0], detections, [0], ious, MatchScratch.Current);
        Assert.Equal(0, ious[0]);
    }

    [Fact]
    public void MasksOfTwoToThe31PixelsOrMore_AreRefusedWithTheTruthNamed()
    {
        // 50,000 x 50,000, all foreground: the mask IoU walks the runs in 32 bits; bands need positions below 2^31.
        const int side = 50_000;
        var full = new Rle(side, side, [0, (uint)side * side]);
        var image = new ImageInfo(9, side, side);
        GroundTruth[] truths = [new(4, 9, 1, default, 1, Segmentation: Segmentation.FromRle(full))];
        Detection[] detections = [new(9, 1, default, 0.9, 1, Segmentation.FromRle(full))];
        var e = Assert.Throws<DetEvalInputException>(() => new BoundaryCellIou(0.02, floor: 0.5).Compute(image, truths, [0], detections, [0], new double[1], MatchScratch.Current));
        Assert.Contains("ground truth 4", e.Message, StringComparison.Ordinal);
        Assert.Contains("2^31", e.Message, StringComparison.Ordinal);
    }

    private static Rle Square(int h, int w, int from, int to)
    {
        var m = new byte[h * w];
        for (int x = from; x < to; x++)
        {
            for (int y = from; y < to; y++)
            {
                m[(x * h) + y] = 1;
            }
        }

        return Rle.Encode(m, h, w);
    }
}
