using System.Globalization;
using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

public class OrientedIouTests
{
    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    /// <summary>The reference pairs: quads and the value of the DOTA devkit's compiled <c>iou_poly</c> (testdata/README.md).</summary>
    public static TheoryData<string> ReferenceKinds => new() { "random", "threshold", "bowtie", "zero-area", "tiny", "elongated", "unwritten-crossing" };

    private static readonly Lazy<List<(string Kind, Quad Gt, Quad Det, double Iou)>> Reference = new(() =>
    {
        var rows = new List<(string, Quad, Quad, double)>();
        foreach (string line in File.ReadLines(TestData.Path("dota", "polyiou-pairs.txt")))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            string[] f = line.Split(' ');
            // Python's repr: shortest round-trip decimals; "nan" (two zero-area quads) and "inf" (a zero union) as such.
            double[] v = [.. f.Skip(1).Select(s => s switch
            {
                "nan" => double.NaN,
                "inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ => double.Parse(s, CultureInfo.InvariantCulture),
            })];
            rows.Add((f[0], Quad.FromSpan(v.AsSpan(0, 8)), Quad.FromSpan(v.AsSpan(8, 8)), v[16]));
        }

        return rows;
    });

    [Theory]
    [MemberData(nameof(ReferenceKinds))]
    public void Devkit_EqualsTheCompiledDevkitBitForBit_OnTheReferencePairs(string kind)
    {
        var rows = Reference.Value.Where(r => r.Kind == kind).ToList();
        Assert.NotEmpty(rows);
        foreach (var (_, gt, det, expected) in rows)
        {
            double actual = OrientedIou.Devkit(gt, det);
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
                $"{kind}: iou_poly({gt}, {det}) = {expected:R}, got {actual:R}");
        }
    }

    [Fact]
    public void Devkit_ExactThresholdPairsOfP9901_LandWhereTheDevkitPutsThem()
    {
        // The README's table: exact IoUs 1/2, 1/2, 7/10, 3/4, 7/10 and the devkit's doubles.
        Assert.Equal(0.5000000000008731, OrientedIou.Devkit(new(1520, 980, 1530, 980, 1530, 990, 1520, 990), new(1520, 980, 1530, 980, 1530, 1000, 1520, 1000)));
        Assert.Equal(0.5000000000008731, OrientedIou.Devkit(new(1560, 980, 1580, 980, 1580, 1000, 1560, 1000), new(1570, 980, 1580, 990, 1570, 1000, 1560, 990)));
        Assert.Equal(0.7, OrientedIou.Devkit(new(1600, 980, 1607, 980, 1607, 990, 1600, 990), new(1600, 980, 1610, 980, 1610, 990, 1600, 990)));
        Assert.Equal(0.7499999999959255, OrientedIou.Devkit(new(1520, 1100, 1529, 1112, 1525, 1115, 1516, 1103), new(1520, 1100, 1532, 1116, 1528, 1119, 1516, 1103)));
        Assert.Equal(0.7, OrientedIou.Devkit(new(120, 140, 127, 140, 127, 150, 120, 150), new(120, 140, 130, 140, 130, 150, 120, 150)));
    }

    [Fact]
    public void Devkit_BowTieOrderOfARectangle_HasNoAreaAndIouMinusOneWithItself()
    {
        var bowTie = new Quad(0, 0, 10, 10, 10, 0, 0, 10);
        Assert.Equal(-1.0, OrientedIou.Devkit(bowTie, bowTie), 12);
        Assert.True(Math.Abs(OrientedIou.Devkit(bowTie, QuadShapes.Square(0, 0, 10))) < 1e-12);
    }

    [Fact]
    public void Devkit_TwoZeroAreaQuads_GiveNaN_AndOneAgainstABox_GivesAboutZero()
    {
        var segment = new Quad(0, 0, 5, 5, 10, 10, 2, 2);
        var point = new Quad(3, 3, 3, 3, 3, 3, 3, 3);
        Assert.True(double.IsNaN(OrientedIou.Devkit(segment, point)));
        Assert.True(double.IsNaN(OrientedIou.Devkit(point, point)));
        Assert.True(Math.Abs(OrientedIou.Devkit(segment, QuadShapes.Square(0, 0, 10))) < 1e-12);
    }

    [Fact]
    public void Devkit_PointOrderAndOrientation_ChangeAtMostTheLastBits()
    {
        var random = new Random(3);
        for (int i = 0; i < 200; i++)
        {
            var gt = QuadShapes.Rotated(random.NextDouble() * 2000, random.NextDouble() * 2000, 40, 20, random.NextDouble() * 3);
            var det = QuadShapes.Rotated(gt.X1 + 15, gt.Y1 + 5, 40, 25, random.NextDouble() * 3);
            double first = OrientedIou.Devkit(gt, det);
            for (int k = 0; k < 4; k++)
            {
                Assert.Equal(first, OrientedIou.Devkit(QuadShapes.StartAt(gt, k), QuadShapes.Reversed(det)), 1e-9);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorRow_MatchesScalarBitForBit_OnRandomQuadsOfEveryLengthUpToThreeVectorsPlusOne(int width) =>
        QuadShapes.ForEveryRandomRow(width, 30, (gt, dets) => AssertRowMatchesScalar(width, gt, dets));

    [Theory]
    [MemberData(nameof(Widths))]
    public void VectorRow_MatchesScalarBitForBit_OnEdgeShapes(int width) =>
        QuadShapes.ForEveryEdgeRow(width, 3, (gt, dets) => AssertRowMatchesScalar(width, gt, dets));

    [Fact]
    public void Compute_EqualsTheDevkitWhereThePrefilterKeeps_AndPositiveZeroWhereItDrops()
    {
        var gt = QuadShapes.Square(0, 0, 10);
        Quad[] quads = [QuadShapes.Square(5, 0, 10), QuadShapes.Square(11, 0, 10), QuadShapes.Square(40, 40, 5), new(0, 0, 10, 10, 10, 0, 0, 10)];
        double[] row = Enumerable.Repeat(double.NaN, quads.Length).ToArray();
        OrientedIou.Compute(gt, QuadColumns.From(quads), row);
        Assert.Equal(OrientedIou.Devkit(gt, quads[0]), row[0]);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(row[1]));
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(row[2]));
        Assert.Equal(OrientedIou.Devkit(gt, quads[3]), row[3]);
        Assert.Equal(1.0 / 3.0, row[0], 12);
    }

    private static void AssertRowMatchesScalar(int width, Quad gt, QuadColumns dets)
    {
        double[] expected = new double[dets.Count], actual = new double[dets.Count];
        OrientedIou.ComputeScalar(gt, dets, expected);
        int vectorized = OrientedIou.ComputeAt(width, gt, dets, actual);
        Assert.Equal(QuadShapes.VectorizedCount(width, dets.Count), vectorized);
        QuadShapes.AssertBitsEqual(expected, actual, $"width {width}, length {dets.Count}, gt {gt}");
    }
}
