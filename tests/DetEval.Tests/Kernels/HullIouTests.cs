using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

public class HullIouTests
{
    private delegate int RowKernel(double gx1, double gy1, double gx2, double gy2, double gArea, QuadColumns dets, Span<double> row);

    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    private static RowKernel Kernel(int width) => width switch
    {
        128 => HullIou.Compute128,
        256 => HullIou.Compute256,
        _ => HullIou.Compute512,
    };

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_MatchesScalarBitForBit_OnRandomQuadsOfEveryLengthUpToThreeVectorsPlusOne(int width) =>
        QuadShapes.ForEveryRandomRow(width, 40, (gt, dets) => AssertMatchesScalar(width, gt, dets));

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_MatchesScalarBitForBit_OnEdgeShapesInEveryLanePosition(int width) =>
        QuadShapes.ForEveryEdgeRow(width, 1, (gt, dets) => AssertMatchesScalar(width, gt, dets));

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_MatchesScalarBitForBit_OnHugeCoordinatesWhereAreasOverflow(int width)
    {
        Quad[] huge =
        [
            QuadShapes.Square(1e300, 1e300, 1e300), QuadShapes.Square(-1e308, 0, 1e308), QuadShapes.Square(0, 0, 1e308),
            QuadShapes.Square(5e307, 5e307, 1e307), QuadShapes.Square(1e-310, 0, 1e-310), QuadShapes.Square(0, 0, 10),
            QuadShapes.Square(-1e15, -1e15, 3e15), QuadShapes.Square(99.99999999999999, 100, 1),
        ];
        var dets = QuadColumns.From(huge);
        foreach (var gt in huge)
        {
            AssertMatchesScalar(width, gt, dets);
        }
    }

    [Fact]
    public void ComputeScalar_IsTheVocIouOfTheHullsWithThePlusOnePixel()
    {
        // Hulls [0, 9] and [5, 14] on both axes: iw = 9 - 5 + 1 = 5, areas 10 x 10, IoU 25 / 175.
        var dets = QuadColumns.From([new Quad(5, 5, 14, 5, 14, 14, 5, 14), new Quad(14, 9, 5, 5, 9, 14, 6, 10)]);
        double[] row = new double[2];
        HullIou.ComputeScalar(0, 0, 9, 9, 100, dets, row);
        Assert.Equal(25.0 / 175.0, row[0]);
        Assert.Equal(25.0 / 175.0, row[1]);
        var viaVoc = VocMatcher.Iou(new BoxCorners(5, 5, 14, 14), new BoxCorners(0, 0, 9, 9), PixelConvention.Inclusive);
        Assert.Equal(viaVoc, row[0]);
    }

    [Fact]
    public void ComputeScalar_HullsUpToOnePixelApart_AreKeptAndFurtherOnesDropped()
    {
        // The +1 convention keeps hulls whose gap is below 1 px: the gap must reach 1 for the value to be 0.
        var dets = QuadColumns.From([QuadShapes.Square(10.5, 0, 10), QuadShapes.Square(11, 0, 10), QuadShapes.Square(12, 0, 10)]);
        double[] row = new double[3];
        HullIou.ComputeScalar(0, 0, 10, 10, QuadColumns.InclusiveArea(new BoxCorners(0, 0, 10, 10)), dets, row);
        Assert.True(row[0] > 0);
        Assert.Equal(0.0, row[1]);
        Assert.Equal(0.0, row[2]);
    }

    [Fact]
    public void Kernels_RowLongerThanTheColumns_Throw()
    {
        var dets = QuadColumns.From([QuadShapes.Square(0, 0, 1)]);
        Assert.Throws<ArgumentException>(() => HullIou.ComputeScalar(0, 0, 1, 1, 4, dets, new double[2]));
        foreach (int width in new[] { 128, 256, 512 })
        {
            Assert.Throws<ArgumentException>(() => Kernel(width)(0, 0, 1, 1, 4, dets, new double[2]));
        }
    }

    private static void AssertMatchesScalar(int width, Quad gt, QuadColumns dets)
    {
        var hull = gt.Hull();
        double area = QuadColumns.InclusiveArea(hull);
        double[] expected = new double[dets.Count], actual = new double[dets.Count];
        HullIou.ComputeScalar(hull.X1, hull.Y1, hull.X2, hull.Y2, area, dets, expected);
        int vectorized = Kernel(width)(hull.X1, hull.Y1, hull.X2, hull.Y2, area, dets, actual);
        Assert.Equal(QuadShapes.VectorizedCount(width, dets.Count), vectorized);
        QuadShapes.AssertBitsEqual(expected, actual, $"width {width}, length {dets.Count}, gt {gt}");
    }
}
