using System.Numerics;
using DetEval.Geometry;
using DetEval.Kernels;
using DetEval.Tests.Kernels;

namespace DetEval.Tests.Geometry;

public class ExactQuadIouTests
{
    public static TheoryData<string> Families => new() { "random", "edge", "rectangles", "near-threshold", "far" };

    [Theory]
    [MemberData(nameof(Families))]
    public void Exact_EqualsTheSlabOracleAsAFraction_AndComputeIsItsNearestDouble(string family)
    {
        foreach (var (gt, det) in Pairs(family))
        {
            var oracle = SlabIouOracle.Iou(gt, det);
            var exact = ExactQuadIou.Exact(gt, det);
            Assert.True(
                exact.Numerator == oracle.N && exact.Denominator == oracle.D,
                $"{family}: IoU({gt}, {det}) = {oracle.N}/{oracle.D}, library {exact}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(oracle.ToDouble()), BitConverter.DoubleToInt64Bits(ExactQuadIou.Compute(gt, det)));
        }
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void TryBounds_WhenItDecides_EnclosesTheExactIou(string family)
    {
        foreach (var (gt, det) in Pairs(family))
        {
            if (ExactQuadIou.TryBounds(gt, det, out double lo, out double hi))
            {
                var oracle = SlabIouOracle.Iou(gt, det);
                Assert.False(oracle < Fraction.Of(lo), $"{family}: {lo:R} is above the IoU of {gt}, {det}");
                Assert.False(Fraction.Of(hi) < oracle, $"{family}: {hi:R} is below the IoU of {gt}, {det}");
            }
        }
    }

    [Fact]
    public void TryBounds_DecidesAlmostEveryOrdinaryPair_WithinAMillionthOfAThreshold()
    {
        // The filter must make the exact mode cheap: one-decimal rotated boxes in a DOTA-sized image.
        var random = new Random(9);
        int decided = 0, total = 0;
        for (int i = 0; i < 2000; i++)
        {
            var gt = QuadShapes.Map(QuadShapes.Rotated(100 + (random.NextDouble() * 3000), 100 + (random.NextDouble() * 3000), 80, 30, random.NextDouble() * 3), v => Math.Round(v, 1));
            var det = QuadShapes.Map(QuadShapes.Rotated(gt.X1 + 30, gt.Y1 + 10, 70, 35, random.NextDouble() * 3), v => Math.Round(v, 1));
            total++;
            if (ExactQuadIou.TryBounds(gt, det, out double lo, out double hi))
            {
                decided++;
                Assert.True(hi - lo <= 1e-8, $"bounds [{lo:R}, {hi:R}] are loose");
            }
        }

        Assert.True(decided >= total * 0.99, $"only {decided} of {total} decided");
    }

    [Fact]
    public void Exact_P9901Pairs_AreExactlyOneHalfSevenTenthsAndThreeQuarters()
    {
        Assert.Equal(new Rational(1, 2), ExactQuadIou.Exact(new(1520, 980, 1530, 980, 1530, 990, 1520, 990), new(1520, 980, 1530, 980, 1530, 1000, 1520, 1000)));
        Assert.Equal(new Rational(1, 2), ExactQuadIou.Exact(new(1560, 980, 1580, 980, 1580, 1000, 1560, 1000), new(1570, 980, 1580, 990, 1570, 1000, 1560, 990)));
        Assert.Equal(new Rational(7, 10), ExactQuadIou.Exact(new(1600, 980, 1607, 980, 1607, 990, 1600, 990), new(1600, 980, 1610, 980, 1610, 990, 1600, 990)));
        Assert.Equal(new Rational(3, 4), ExactQuadIou.Exact(new(1520, 1100, 1529, 1112, 1525, 1115, 1516, 1103), new(1520, 1100, 1532, 1116, 1528, 1119, 1516, 1103)));
        Assert.Equal(0.5, ExactQuadIou.Compute(new(1520, 980, 1530, 980, 1530, 990, 1520, 990), new(1520, 980, 1530, 980, 1530, 1000, 1520, 1000)));
    }

    [Fact]
    public void Exact_ZeroUnion_IsZeroWhereTheDevkitGivesNaN()
    {
        var point = new Quad(3, 3, 3, 3, 3, 3, 3, 3);
        Assert.True(double.IsNaN(OrientedIou.Devkit(point, point)));
        Assert.Equal(0.0, ExactQuadIou.Compute(point, point));
    }

    [Fact]
    public void Exact_BowTieRectangleWithItself_IsMinusOne_AsInTheDevkit()
    {
        var bowTie = new Quad(0, 0, 10, 10, 10, 0, 0, 10);
        Assert.Equal(new Rational(-1, 1), ExactQuadIou.Exact(bowTie, bowTie));
    }

    [Fact]
    public void Exact_AgreesWithTheDevkitToRounding_OnQuadsWithArea()
    {
        // The devkit's value is the exact IoU up to its rounding (1e-9 covers 30000 px) wherever both quads have an
        // area well above the rounding. Bow-ties and zero-area quads are not compared: there the devkit's rounded
        // sign of S decides whether it reverses the order, which can flip the sign of the whole intersection.
        var random = new Random(4);
        int compared = 0;
        for (int i = 0; i < 400; i++)
        {
            var gt = QuadShapes.Random(random);
            var det = QuadShapes.Random(random);
            if (Math.Abs(ShoelaceArea(gt)) > 1e-3 && Math.Abs(ShoelaceArea(det)) > 1e-3 && !IsBowTie(gt) && !IsBowTie(det))
            {
                compared++;
                Assert.Equal(OrientedIou.Devkit(gt, det), ExactQuadIou.Compute(gt, det), 1e-9);
            }
        }

        Assert.True(compared > 100, $"only {compared} pairs compared");
    }

    private static double ShoelaceArea(Quad q) =>
        ((q.X1 * q.Y2) - (q.Y1 * q.X2) + (q.X2 * q.Y3) - (q.Y2 * q.X3) + (q.X3 * q.Y4) - (q.Y3 * q.X4) + (q.X4 * q.Y1) - (q.Y4 * q.X1)) / 2;

    private static bool IsBowTie(Quad q)
    {
        // Self-intersecting: the two diagonals' endpoints are not on opposite sides of each other.
        static double Side(double ax, double ay, double bx, double by, double px, double py) => ((bx - ax) * (py - ay)) - ((px - ax) * (by - ay));
        bool opposite13 = Side(q.X1, q.Y1, q.X3, q.Y3, q.X2, q.Y2) * Side(q.X1, q.Y1, q.X3, q.Y3, q.X4, q.Y4) < 0;
        bool opposite24 = Side(q.X2, q.Y2, q.X4, q.Y4, q.X1, q.Y1) * Side(q.X2, q.Y2, q.X4, q.Y4, q.X3, q.Y3) < 0;
        return !(opposite13 && opposite24) && !(opposite13 || opposite24);
    }

    [Fact]
    public void RationalToDouble_IsCorrectlyRounded_AgainstIeeeDivisionOfExactIntegers()
    {
        // a / b of integers below 2^53 is exact input, so the hardware quotient is the correctly rounded value.
        var random = new Random(12);
        for (int i = 0; i < 20000; i++)
        {
            long a = random.NextInt64(-(1L << 53), 1L << 53), b = random.NextInt64(1, 1L << 53);
            if (i % 3 == 0)
            {
                b = random.Next(1, 1000);
            }

            Assert.Equal((double)a / b, new Rational(a, b).ToDouble());
        }
    }

    [Fact]
    public void RationalFromDouble_RoundTripsEveryKindOfDouble()
    {
        double[] values = [0.0, 1.0, -1.0, 0.1, 1e-310, -4.9e-324, double.Epsilon, 1e300, double.MaxValue, 2.2250738585072014E-308, 1234.5, -0.3];
        foreach (double v in values)
        {
            Assert.Equal(v, Rational.FromDouble(v).ToDouble());
            var f = Fraction.Of(v);
            Assert.Equal(f.N, Rational.FromDouble(v).Numerator);
            Assert.Equal(f.D, Rational.FromDouble(v).Denominator);
        }

        // Halfway cases round to even.
        Assert.Equal(1.0, new Rational((BigInteger.One << 53) + 1, BigInteger.One << 53).ToDouble());
        Assert.Equal(1.0 + Math.ScaleB(1, -51), new Rational((BigInteger.One << 53) + 3, BigInteger.One << 53).ToDouble());
    }

    private static IEnumerable<(Quad Gt, Quad Det)> Pairs(string family)
    {
        var random = new Random(family.Length * 31);
        switch (family)
        {
            case "random":
                for (int i = 0; i < 150; i++)
                {
                    yield return (QuadShapes.Random(random), QuadShapes.Random(random));
                }

                break;
            case "edge":
                var edge = QuadShapes.Edge();
                for (int i = 0; i < edge.Length; i += 2)
                {
                    for (int j = 0; j < edge.Length; j += 3)
                    {
                        yield return (edge[i], edge[j]);
                    }
                }

                break;
            case "rectangles":
                for (int i = 0; i < 100; i++)
                {
                    var gt = QuadShapes.Rotated(random.NextDouble() * 2000, random.NextDouble() * 2000, 50, 20, random.NextDouble() * 3);
                    yield return (gt, QuadShapes.Rotated(gt.X1 + 20, gt.Y1, 45, 25, random.NextDouble() * 3));
                }

                break;
            case "near-threshold":
                // Integer boxes sharing corners: IoUs that are exact simple fractions, in every order.
                for (int w = 5; w <= 12; w++)
                {
                    var gt = QuadShapes.Square(1500, 900, 10);
                    var det = new Quad(1500, 900, 1500 + w, 900, 1500 + w, 910, 1500, 910);
                    yield return (QuadShapes.StartAt(gt, w % 4), w % 2 == 0 ? det : QuadShapes.Reversed(det));
                }

                break;
            default:
                for (int i = 0; i < 40; i++)
                {
                    var gt = QuadShapes.Map(QuadShapes.Rotated(29000 + random.NextDouble(), 29000, 30, 12, random.NextDouble() * 3), v => Math.Round(v, 1));
                    yield return (gt, QuadShapes.Map(QuadShapes.Rotated(29005, 29002, 30, 14, random.NextDouble() * 3), v => Math.Round(v, 1)));
                }

                break;
        }
    }
}
