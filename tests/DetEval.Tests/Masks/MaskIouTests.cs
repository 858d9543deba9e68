
namespace DetEval.Tests.Masks;

public class MaskIouTests
{
    [Fact]
    public void Compute_MatchesPixelIou_PlainAndCrowd()
    {
        var random = new Random(31);
        foreach ((int h, int w) in MaskOracle.Sizes)
        {
            for (int trial = 0; trial < 10; trial++)
            {
                int m = random.Next(5), n = random.Next(5);
                var dtMasks = new byte[m][];
                var gtMasks = new byte[n][];
                var dts = new Rle[m];
                var gts = new Rle[n];
                var crowd = new bool[n];
                for (int d = 0; d < m; d++)
                {
                    dtMasks[d] = MaskOracle.RandomMask(random, h, w);
                    dts[d] = Rle.Encode(dtMasks[d], h, w);
                }

                for (int g = 0; g < n; g++)
                {
                    gtMasks[g] = MaskOracle.RandomMask(random, h, w);
                    gts[g] = Rle.Encode(gtMasks[g], h, w);
                    crowd[g] = random.Next(3) == 0;
                }

                var result = new double[m * n];
                MaskIou.Compute(dts, gts, crowd, result);
                for (int g = 0; g < n; g++)
                {
                    for (int d = 0; d < m; d++)
                    {
                        double expected = MaskOracle.PixelIou(dtMasks[d], gtMasks[g], crowd[g]);
                        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(result[(g * m) + d]));
                        Assert.Equal(expected, MaskIou.Compute(dts[d], gts[g], crowd[g]));
                    }
                }
            }
        }
    }

    [Fact]
    public void ComputeRow_WithPrecomputedBoxes_EqualsFullMatrix()
    {
        var random = new Random(32);
        const int h = 20, w = 30;
        var dts = new Rle[12];
        var boxes = new DetEval.Box[dts.Length];
        for (int d = 0; d < dts.Length; d++)
        {
            dts[d] = Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w);
            boxes[d] = dts[d].ToBox();
        }

        Rle gt = Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w);
        var matrix = new double[dts.Length];
        var row = new double[dts.Length];
        MaskIou.Compute(dts, [gt], [true], matrix);
        MaskIou.ComputeRow(gt, gt.ToBox(), true, dts, boxes, row);
        Assert.Equal(matrix, row);
    }

    [Fact]
    public void Compute_NoCrowdFlags_MeansNoCrowd()
    {
        Rle dt = Rle.Encode([1, 1, 0, 0], 2, 2);
        Rle gt = Rle.Encode([1, 0, 0, 0], 2, 2);
        var result = new double[1];
        MaskIou.Compute([dt], [gt], [], result);
        Assert.Equal(0.5, result[0]);
        MaskIou.Compute([dt], [gt], [true], result);
        Assert.Equal(0.5, result[0]);
        MaskIou.Compute([gt], [dt], [true], result);
        Assert.Equal(1.0, result[0]); // crowd: union is the detection area
    }

    [Fact]
    public void Compute_DifferentSizesWithOverlappingBoxes_GivesMinusOne()
    {
        Rle dt = Rle.Encode([1, 1, 1, 1], 2, 2);
        Rle gt = Rle.Encode([1, 1, 1, 1, 1, 1], 3, 2);
        Assert.Equal(-1, MaskIou.Compute(dt, gt, false));
    }

    [Fact]
    public void Compute_InconsistentCounts_ThrowsInsteadOfLooping()
    {
        var dt = new Rle(2, 2, [0, 2]); // covers only 2 of 4 pixels
        Rle gt = Rle.Encode([1, 1, 1, 1], 2, 2);
        Assert.Throws<FormatException>(() => MaskIou.Compute(dt, gt, false));
    }

    [Fact]
    public void Compute_ResultTooSmall_Throws()
    {
        Rle a = Rle.Encode([1], 1, 1);
        Assert.Throws<ArgumentException>(() => MaskIou.Compute([a, a], [a], [], new double[1]));
    }
}
