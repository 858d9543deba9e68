using System.Runtime.Intrinsics;
using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

public class BoxIouTests
{
    private delegate int RowKernel(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row);

    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    // Boxes chosen to hit every branch and rounding corner of the kernel; each serves as ground truth
    // against all of them as detections.
    private static readonly Box[] EdgeCases =
    [
        new(0, 0, 10, 10),
        new(5, 0, 10, 10),              // half overlap with the first
        new(10, 0, 10, 10),             // touches the first on the right: w == 0
        new(0, 10, 10, 10),             // touches the first below: h == 0
        new(2, 2, 5, 5),                // nested in the first
        new(0, 0, 10, 10),              // identical to the first
        new(3, 3, 0, 0),                // zero area, inside the first
        new(3, 3, 0, 4),                // zero width
        new(3, 3, 4, 0),                // zero height
        new(0, 0, 0, 0),                // zero area at a corner
        new(-20, -30, 25, 35),          // negative coordinates
        new(-5.5, -0.0, 7.25, 3.125),   // negative zero coordinate
        new(-0.0, -0.0, 0.0, 0.0),      // all zeros, some negative
        new(0.1, 0.2, 0.3, 0.7),        // inexact decimals
        new(1.0 / 3, 2.0 / 3, 1e-9, 1e-9),
        new(1e300, 1e300, 1e300, 1e300),    // area overflows to +Inf, union Inf - Inf = NaN
        new(5e299, 5e299, 1e300, 1e300),
        new(1e-300, 1e-300, 1e-300, 1e-300), // area underflows to 0
        new(1e-310, 0, 1e-310, 1e-310),     // subnormal coordinates
        new(double.MaxValue / 2, 0, double.MaxValue, 1), // X2 overflows to +Inf
        new(-1e15, -1e15, 2e15, 2e15),
        new(1e15, 1e15, 0.5, 0.5),
        new(100, 100, 1e-12, 1e-12),
        new(99.99999999999999, 100, 1, 1),
    ];

    private static RowKernel Kernel(int width) => width switch
    {
        128 => BoxIou.Compute128,
        256 => BoxIou.Compute256,
        512 => BoxIou.Compute512,
        _ => throw new ArgumentOutOfRangeException(nameof(width)),
    };

    private static int Lanes(int width) => width / 64;

    private static bool IsAccelerated(int width) => width switch
    {
        128 => Vector128.IsHardwareAccelerated,
        256 => Vector256.IsHardwareAccelerated,
        512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_MatchesScalarBitForBit_OnRandomBoxesOfEveryLengthUpToThreeVectorsPlusOne(int width)
    {
        RowKernel kernel = Kernel(width);
        int maxLength = (3 * Lanes(width)) + 1;
        for (int seed = 0; seed < 40; seed++)
        {
            var random = new Random(seed);
            for (int length = 0; length <= maxLength; length++)
            {
                BoxColumns dets = BoxColumns.FromBoxes(RandomBoxes(random, length));
                Box gt = RandomBox(random);
                AssertMatchesScalar(width, kernel, gt, crowd: false, dets);
                AssertMatchesScalar(width, kernel, gt, crowd: true, dets);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_MatchesScalarBitForBit_OnEdgeCasesInEveryLanePosition(int width)
    {
        RowKernel kernel = Kernel(width);
        int maxLength = (3 * Lanes(width)) + 1;
        for (int shift = 0; shift < EdgeCases.Length; shift++)
        {
            // Rotating the list puts every edge case in every lane and in the scalar tail.
            Box[] rotated = [.. EdgeCases[shift..], .. EdgeCases[..shift]];
            for (int length = 0; length <= Math.Min(maxLength, rotated.Length); length++)
            {
                BoxColumns dets = BoxColumns.FromBoxes(rotated.AsSpan(0, length));
                foreach (Box gt in EdgeCases)
                {
                    AssertMatchesScalar(width, kernel, gt, crowd: false, dets);
                    AssertMatchesScalar(width, kernel, gt, crowd: true, dets);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_MatchesScalarBitForBit_WhenCoordinatesAreNaN(int width)
    {
        // Not a case real data should reach, but the "<= 0" masks keep even NaN where the scalar puts it.
        Box[] boxes =
        [
            new(double.NaN, 0, 10, 10), new(0, double.NaN, 10, 10), new(0, 0, double.NaN, 10),
            new(0, 0, 10, double.NaN), new(0, 0, 10, 10), new(5, 5, 10, 10), new(20, 20, 1, 1), new(1, 1, 2, 2),
        ];
        RowKernel kernel = Kernel(width);
        BoxColumns dets = BoxColumns.FromBoxes(boxes);
        foreach (Box gt in boxes)
        {
            AssertMatchesScalar(width, kernel, gt, crowd: false, dets);
            AssertMatchesScalar(width, kernel, gt, crowd: true, dets);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_ZeroUnion_YieldsZeroNotNaN(int width)
    {
        // Identical zero-area boxes: the union is 0, but w == 0 stops the pair before 0/0.
        Box point = new(3, 4, 0, 0);
        Box[] boxes = Enumerable.Repeat(point, (3 * Lanes(width)) + 1).ToArray();
        BoxColumns dets = BoxColumns.FromBoxes(boxes);
        double[] row = new double[boxes.Length];
        foreach (bool crowd in new[] { false, true })
        {
            Kernel(width)(point.X, point.Y, point.X2, point.Y2, point.Area, crowd, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, row);
            Assert.All(row, iou => Assert.Equal(0L, BitConverter.DoubleToInt64Bits(iou)));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_WritesEveryElementOfTheRow(int width)
    {
        // Rows are reused buffers: stale values must be overwritten, including with +0.0.
        var random = new Random(7);
        BoxColumns dets = BoxColumns.FromBoxes(RandomBoxes(random, (3 * Lanes(width)) + 1));
        Box gt = new(0, 0, 50, 50);
        double[] row = Enumerable.Repeat(double.NaN, dets.Count).ToArray();
        double[] expected = new double[dets.Count];
        Kernel(width)(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, false, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, row);
        BoxIou.ComputeScalar(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, false, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, expected);
        AssertBitsEqual(expected, row, "stale row");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorKernel_ShortDetectionColumn_ThrowsWithOrWithoutVectorHardware(int width)
    {
        double[] three = new double[3 * Lanes(width)];
        double[] shorter = new double[three.Length - 1];
        Assert.Throws<ArgumentException>(() =>
            Kernel(width)(0, 0, 1, 1, 1, false, three, three, three, shorter, three, new double[three.Length]));
    }

    [Fact]
    public void Compute_ShortDetectionColumn_Throws()
    {
        double[] four = new double[4];
        Assert.Throws<ArgumentException>(() => BoxIou.Compute(0, 0, 1, 1, 1, false, four, four, four, four, new double[3], new double[4]));
    }

    [Fact]
    public void Compute_MatchesScalarBitForBit_OnRandomBoxes()
    {
        var random = new Random(2024);
        for (int length = 0; length <= 70; length++)
        {
            BoxColumns dets = BoxColumns.FromBoxes(RandomBoxes(random, length));
            Box gt = RandomBox(random);
            foreach (bool crowd in new[] { false, true })
            {
                double[] expected = new double[length];
                double[] actual = new double[length];
                BoxIou.ComputeScalar(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, crowd, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, expected);
                BoxIou.Compute(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, crowd, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, actual);
                AssertBitsEqual(expected, actual, $"length {length}, crowd {crowd}");
            }
        }
    }

    [Fact]
    public void ComputeScalar_TenByTenBoxesOverlappingByHalf_Is50Over150()
    {
        Assert.Equal(50.0 / 150.0, ScalarIou(new Box(0, 0, 10, 10), new Box(5, 0, 10, 10), crowd: false));
    }

    [Fact]
    public void ComputeScalar_CrowdTruth_UsesDetectionAreaAsUnion()
    {
        Assert.Equal(50.0 / 100.0, ScalarIou(new Box(0, 0, 10, 10), new Box(5, 0, 10, 10), crowd: true));
    }

    [Fact]
    public void ComputeScalar_NestedBox_IsInnerAreaOverOuterArea()
    {
        Assert.Equal(25.0 / 100.0, ScalarIou(new Box(0, 0, 10, 10), new Box(2, 2, 5, 5), crowd: false));
        Assert.Equal(1.0, ScalarIou(new Box(0, 0, 10, 10), new Box(2, 2, 5, 5), crowd: true));
    }

    [Fact]
    public void ComputeScalar_IdenticalBoxes_IsOne()
    {
        Assert.Equal(1.0, ScalarIou(new Box(1.5, -2.5, 3.25, 7), new Box(1.5, -2.5, 3.25, 7), crowd: false));
    }

    [Fact]
    public void ComputeScalar_NegativeCoordinates_AreHandledLikeAnyOther()
    {
        // Overlap [-5, 0] x [-10, -5] = 25; union 100 + 100 - 25 = 175.
        Assert.Equal(25.0 / 175.0, ScalarIou(new Box(-10, -15, 10, 10), new Box(-5, -10, 10, 10), crowd: false));
    }

    [Fact]
    public void ComputeScalar_TouchingOrDisjointBoxes_IsPositiveZero()
    {
        Box gt = new(0, 0, 10, 10);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(ScalarIou(gt, new Box(10, 0, 10, 10), crowd: false)));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(ScalarIou(gt, new Box(0, 10, 10, 10), crowd: false)));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(ScalarIou(gt, new Box(30, 30, 1, 1), crowd: true)));
    }

    [Fact]
    public void ComputeScalar_ZeroUnion_YieldsZeroNotNaN()
    {
        Box point = new(3, 4, 0, 0);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(ScalarIou(point, point, crowd: false)));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(ScalarIou(point, point, crowd: true)));

        // Crowd union is the detection area, 0 for a degenerate detection inside the crowd region.
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(ScalarIou(new Box(0, 0, 10, 10), new Box(2, 2, 0, 5), crowd: true)));
    }

    [Fact]
    public void VectorMinMax_AgreeWithMathMinMax_OnSignedZerosAndEqualValues()
    {
        // The bit-identity argument in BoxIou's remarks does not need this, but documents what the runtime does.
        (double Left, double Right)[] pairs = [(0.0, -0.0), (-0.0, 0.0), (1.5, 1.5), (-2.0, 3.0), (3.0, -2.0)];
        foreach ((double left, double right) in pairs)
        {
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(Math.Min(left, right)),
                BitConverter.DoubleToInt64Bits(Vector256.Min(Vector256.Create(left), Vector256.Create(right)).GetElement(0)));
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(Math.Max(left, right)),
                BitConverter.DoubleToInt64Bits(Vector512.Max(Vector512.Create(left), Vector512.Create(right)).GetElement(0)));
            Assert.Equal(
                BitConverter.DoubleToInt64Bits(Math.Min(left, right)),
                BitConverter.DoubleToInt64Bits(Vector128.Min(Vector128.Create(left), Vector128.Create(right)).GetElement(0)));
        }
    }

    [Fact]
    public void ComputeMatrix_FillsRowMajorByGroundTruth_AsScalarRows()
    {
        var random = new Random(11);
        foreach ((int gtCount, int detCount) in new[] { (0, 5), (5, 0), (1, 1), (7, 13), (20, 33) })
        {
            BoxColumns gts = BoxColumns.FromBoxes(RandomBoxes(random, gtCount));
            BoxColumns dets = BoxColumns.FromBoxes(RandomBoxes(random, detCount));
            bool[] crowd = Enumerable.Range(0, gtCount).Select(g => g % 3 == 1).ToArray();
            double[] matrix = new double[gtCount * detCount];
            BoxIou.ComputeMatrix(gts, crowd, dets, matrix);

            double[] expected = new double[detCount];
            for (int gtIndex = 0; gtIndex < gtCount; gtIndex++)
            {
                BoxIou.ComputeScalar(
                    gts.X1[gtIndex], gts.Y1[gtIndex], gts.X2[gtIndex], gts.Y2[gtIndex], gts.Area[gtIndex], crowd[gtIndex],
                    dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, expected);
                AssertBitsEqual(expected, matrix.AsSpan(gtIndex * detCount, detCount).ToArray(), $"gt {gtIndex}");
            }
        }
    }

    [Fact]
    public void ComputeMatrix_EmptyCrowdFlags_MeansNoCrowdTruths()
    {
        BoxColumns boxes = BoxColumns.FromBoxes([new Box(0, 0, 10, 10), new Box(5, 0, 10, 10)]);
        double[] matrix = new double[4];
        BoxIou.ComputeMatrix(boxes, [], boxes, matrix);
        Assert.Equal([1.0, 50.0 / 150.0, 50.0 / 150.0, 1.0], matrix);
    }

    [Fact]
    public void ComputeMatrix_WrongCrowdOrMatrixLength_Throws()
    {
        BoxColumns boxes = BoxColumns.FromBoxes([new Box(0, 0, 10, 10), new Box(5, 0, 10, 10)]);
        Assert.Throws<ArgumentException>(() => BoxIou.ComputeMatrix(boxes, [true], boxes, new double[4]));
        Assert.Throws<ArgumentException>(() => BoxIou.ComputeMatrix(boxes, [], boxes, new double[3]));
    }

    [Fact]
    public void FromBoxes_ComputesCornersAndAreaWithTheReferenceOperations()
    {
        Box[] boxes = [new(0.1, 0.2, 0.7, 0.3), new(-5, 1e16, 1, 3)];
        BoxColumns columns = BoxColumns.FromBoxes(boxes);
        Assert.Equal(2, columns.Count);
        Assert.Equal([0.1, -5], columns.X1.ToArray());
        Assert.Equal([0.2, 1e16], columns.Y1.ToArray());
        Assert.Equal([0.1 + 0.7, -5 + 1.0], columns.X2.ToArray());
        Assert.Equal([0.2 + 0.3, 1e16 + 3], columns.Y2.ToArray());
        Assert.Equal([0.7 * 0.3, 1.0 * 3], columns.Area.ToArray());
    }

    [Fact]
    public void Constructor_ColumnsOfDifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => new BoxColumns(new double[2], new double[2], new double[2], new double[1], new double[2]));
    }

    private static double ScalarIou(Box gt, Box det, bool crowd)
    {
        double[] row = new double[1];
        BoxIou.ComputeScalar(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, crowd, [det.X], [det.Y], [det.X2], [det.Y2], [det.Area], row);
        return row[0];
    }

    private static void AssertMatchesScalar(int width, RowKernel kernel, Box gt, bool crowd, BoxColumns dets)
    {
        int length = dets.Count;
        double[] expected = new double[length];
        double[] actual = new double[length];
        BoxIou.ComputeScalar(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, crowd, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, expected);
        int vectorized = kernel(gt.X, gt.Y, gt.X2, gt.Y2, gt.Area, crowd, dets.X1, dets.Y1, dets.X2, dets.Y2, dets.Area, actual);

        // When the width is accelerated, every full vector must have gone through the vector path.
        int expectedVectorized = IsAccelerated(width) ? length - (length % Lanes(width)) : 0;
        Assert.Equal(expectedVectorized, vectorized);
        AssertBitsEqual(expected, actual, $"width {width}, length {length}, gt {gt}, crowd {crowd}");
    }

    private static void AssertBitsEqual(double[] expected, double[] actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int d = 0; d < expected.Length; d++)
        {
            long expectedBits = BitConverter.DoubleToInt64Bits(expected[d]);
            long actualBits = BitConverter.DoubleToInt64Bits(actual[d]);
            Assert.True(
                expectedBits == actualBits,
                $"{context}, detection {d}: expected {expected[d]:R} (0x{expectedBits:X16}), got {actual[d]:R} (0x{actualBits:X16})");
        }
    }

    private static Box[] RandomBoxes(Random random, int count)
    {
        var boxes = new Box[count];
        for (int index = 0; index < count; index++)
        {
            boxes[index] = RandomBox(random);
        }

        return boxes;
    }

    // Mostly a 100 x 100 scene so pairs overlap often; coordinates sometimes integral to make edges
    // coincide exactly (touching boxes, w == 0), sometimes zero-sized, sometimes far away or negative.
    private static Box RandomBox(Random random)
    {
        double Coordinate() => random.Next(4) switch
        {
            0 => random.Next(-10, 100),
            1 => Math.Round(random.NextDouble() * 100, 1),
            _ => (random.NextDouble() * 120) - 10,
        };

        double Size() => random.Next(10) switch
        {
            0 => 0,
            1 => random.Next(1, 60),
            _ => random.NextDouble() * 60,
        };

        return new Box(Coordinate(), Coordinate(), Size(), Size());
    }
}
