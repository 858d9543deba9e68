using System.Numerics;

namespace DetEval.Geometry;

/// <summary>An exact rational number: a reduced fraction of big integers with a positive denominator.</summary>
internal readonly struct Rational : IExactNumber<Rational>, IEquatable<Rational>
{
    private readonly BigInteger num;
    private readonly BigInteger den;

    /// <summary>The reduced fraction <paramref name="numerator"/> / <paramref name="denominator"/>.</summary>
    /// <param name="numerator">The numerator.</param>
    /// <param name="denominator">The denominator, not zero.</param>
    /// <exception cref="DivideByZeroException"><paramref name="denominator"/> is zero.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("a rational number needs a non-zero denominator");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        num = numerator;
        den = numerator.IsZero ? BigInteger.One : denominator;
    }

    /// <summary>The numerator (its sign is the number's sign).</summary>
    public BigInteger Numerator => num;

    /// <summary>The denominator: positive, and 1 for zero (default(Rational) is zero too).</summary>
    public BigInteger Denominator => den.IsZero ? BigInteger.One : den;

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "only finite doubles have an exact rational value");
        }

        long bits = BitConverter.DoubleToInt64Bits(value);
        int exponent = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal: no implicit bit
        }
        else
        {
            mantissa |= 1L << 52;
        }

        // value = ±mantissa * 2^(exponent - 1075)
        var m = new BigInteger(bits < 0 ? -mantissa : mantissa);
        int shift = exponent - 1075;
        return shift >= 0 ? new Rational(m << shift, BigInteger.One) : new Rational(m, BigInteger.One << -shift);
    }

    public static int Sign(Rational value) => value.num.Sign;

    public static Rational Abs(Rational value) => value.num.Sign < 0 ? -value : value;

    public static Rational operator +(Rational left, Rational right) =>
        new((left.num * right.Denominator) + (right.num * left.Denominator), left.Denominator * right.Denominator);

    public static Rational operator -(Rational left, Rational right) =>
        new((left.num * right.Denominator) - (right.num * left.Denominator), left.Denominator * right.Denominator);

    public static Rational operator -(Rational value) => new(-value.num, value.Denominator);

    public static Rational operator *(Rational left, Rational right) =>
        new(left.num * right.num, left.Denominator * right.Denominator);

    public static Rational operator /(Rational left, Rational right) =>
        new(left.num * right.Denominator, left.Denominator * right.num);

    public static bool operator ==(Rational left, Rational right) => left.Equals(right);

    public static bool operator !=(Rational left, Rational right) => !left.Equals(right);

    public bool Equals(Rational other) => num == other.num && Denominator == other.Denominator;

    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(num, Denominator);

    public override string ToString() => $"{num}/{Denominator}";

    /// <summary>The nearest double, ties to even (the correctly rounded value).</summary>
    /// <returns>The double; ±infinity beyond the largest double.</returns>
    public double ToDouble()
    {
        if (num.IsZero)
        {
            return 0.0;
        }

        bool negative = num.Sign < 0;
        var n = BigInteger.Abs(num);
        var d = Denominator;

        // n / d lies in (2^(k-1), 2^(k+1)); scaled by 2^s it lies in (2^53, 2^55), so q has 54 or 55 bits.
        long k = (long)n.GetBitLength() - (long)d.GetBitLength();
        long s = 54 - k;
        var q = BigInteger.DivRem(s >= 0 ? n << (int)s : n, s >= 0 ? d : d << (int)-s, out var remainder);

        // The value is q * 2^-s (plus a remainder below q's last bit). Keep 53 bits, or fewer for a subnormal.
        long lowBit = (long)q.GetBitLength() - 53 - s; // exponent of the last kept bit
        if (lowBit < -1074)
        {
            lowBit = -1074;
        }

        long drop = lowBit + s; // bits of q below the last kept bit (at least 1)
        BigInteger mantissa;
        bool roundUp;
        if (drop > q.GetBitLength())
        {
            // Below half the smallest subnormal.
            mantissa = BigInteger.Zero;
            roundUp = false;
        }
        else
        {
            mantissa = q >> (int)drop;
            var rest = q - (mantissa << (int)drop);
            var half = BigInteger.One << (int)(drop - 1);
            roundUp = rest > half || (rest == half && (!remainder.IsZero || !mantissa.IsEven));
        }

        if (roundUp)
        {
            mantissa += 1;
        }

        // Exact: the mantissa has at most 53 bits (2^53 after a carry) and lowBit is at least -1074; beyond the largest
        // double ScaleB gives infinity.
        double magnitude = Math.ScaleB((double)mantissa, (int)Math.Min(lowBit, 2048));
        return negative ? -magnitude : magnitude;
    }
}
