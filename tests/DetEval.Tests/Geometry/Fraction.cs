using System.Numerics;

namespace DetEval.Tests.Geometry;

/// <summary>
/// A reduced fraction of BigIntegers for the test oracles. Written independently of the library's rational type:
/// a double becomes a fraction by doubling it until it is an integer, and a fraction becomes the nearest double by
/// comparing it exactly with the neighbours of an approximation.
/// </summary>
internal readonly record struct Fraction
{
    public Fraction(BigInteger n, BigInteger d)
    {
        if (d.Sign < 0)
        {
            (n, d) = (-n, -d);
        }

        var g = BigInteger.GreatestCommonDivisor(n, d);
        N = g.IsZero ? n : n / g;
        D = g.IsZero ? d : d / g;
    }

    public BigInteger N { get; }

    public BigInteger D { get; }

    public int Sign => N.Sign;

    public static Fraction Of(double x)
    {
        BigInteger d = BigInteger.One;
        while (Math.Floor(x) != x)
        {
            x *= 2; // exact: no finite non-integer double overflows when doubled
            d *= 2;
        }

        return new Fraction(new BigInteger(x), d);
    }

    public static Fraction operator +(Fraction a, Fraction b) => new((a.N * b.D) + (b.N * a.D), a.D * b.D);

    public static Fraction operator -(Fraction a, Fraction b) => new((a.N * b.D) - (b.N * a.D), a.D * b.D);

    public static Fraction operator -(Fraction a) => new(-a.N, a.D);

    public static Fraction operator *(Fraction a, Fraction b) => new(a.N * b.N, a.D * b.D);

    public static Fraction operator /(Fraction a, Fraction b) => new(a.N * b.D, a.D * b.N);

    public static bool operator <(Fraction a, Fraction b) => (a - b).Sign < 0;

    public static bool operator >(Fraction a, Fraction b) => (a - b).Sign > 0;

    public Fraction Abs() => N.Sign < 0 ? -this : this;

    /// <summary>The nearest double, ties to the even mantissa.</summary>
    public double ToDouble()
    {
        if (N.IsZero)
        {
            return 0;
        }

        // An approximation from the leading bits, then exact comparisons with its neighbours.
        long shift = (long)N.GetBitLength() - (long)D.GetBitLength() - 60;
        var scaled = shift >= 0 ? N / (D << (int)shift) : (N << (int)-shift) / D;
        double guess = Math.ScaleB((double)scaled, (int)shift);
        var self = this;
        double Better(double a, double b)
        {
            var da = (Of(a) - self).Abs();
            var db = (Of(b) - self).Abs();
            return db < da ? b : da < db ? a : (BitConverter.DoubleToInt64Bits(a) & 1) == 0 ? a : b;
        }

        double best = guess;
        for (int step = 0; step < 8; step++)
        {
            best = Better(Better(best, Math.BitDecrement(best)), Math.BitIncrement(best));
        }

        return best;
    }
}
