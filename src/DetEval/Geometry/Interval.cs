namespace DetEval.Geometry;

/// <summary>
/// A closed interval of reals with double bounds that is guaranteed to hold the exact result of the operations that
/// built it: each bound is computed in round-to-nearest and then moved outward by one unit in the last place, except
/// where the operation is known to be exact (a zero sum or difference, a product or quotient with a zero operand).
/// </summary>
/// <remarks>
/// Round-to-nearest is off by at most half a unit in the last place, so one step outward always covers the exact
/// value; a sum that rounds to zero was exact (gradual underflow), so zeros stay points and the origin of the quad
/// geometry stays exact. Division by an interval holding zero, and anything touching NaN, gives the NaN interval,
/// whose sign is undecided.
/// </remarks>
/// <param name="Lo">Lower bound.</param>
/// <param name="Hi">Upper bound.</param>
internal readonly record struct Interval(double Lo, double Hi) : IExactNumber<Interval>
{
    private static readonly Interval Unknown = new(double.NaN, double.NaN);

    public static Interval Zero => default;

    public static Interval FromDouble(double value) => new(value, value);

    public static int Sign(Interval value) =>
        value.Lo > 0 ? 1
        : value.Hi < 0 ? -1
        : value.Lo == 0 && value.Hi == 0 ? 0
        : IExactNumber<Interval>.Undecided;

    public static Interval Abs(Interval value) =>
        value.Lo >= 0 ? value
        : value.Hi <= 0 ? -value
        : double.IsNaN(value.Lo) || double.IsNaN(value.Hi) ? Unknown
        : new Interval(0, Math.Max(-value.Lo, value.Hi));

    public static Interval operator +(Interval left, Interval right) =>
        new(DownSum(left.Lo + right.Lo), UpSum(left.Hi + right.Hi));

    public static Interval operator -(Interval left, Interval right) =>
        new(DownSum(left.Lo - right.Hi), UpSum(left.Hi - right.Lo));

    public static Interval operator -(Interval value) => new(-value.Hi, -value.Lo);

    public static Interval operator *(Interval left, Interval right)
    {
        if ((left.Lo == 0 && left.Hi == 0) || (right.Lo == 0 && right.Hi == 0))
        {
            return Zero;
        }

        return Corners(left, right, divide: false);
    }

    public static Interval operator /(Interval left, Interval right)
    {
        if (!(right.Lo > 0 || right.Hi < 0))
        {
            return Unknown;
        }

        if (left.Lo == 0 && left.Hi == 0)
        {
            return Zero;
        }

        return Corners(left, right, divide: true);
    }

    /// <summary>A rounded sum or difference moved down one step; zero stays (it was exact).</summary>
    private static double DownSum(double rounded) => rounded == 0 ? 0 : Math.BitDecrement(rounded);

    private static double UpSum(double rounded) => rounded == 0 ? 0 : Math.BitIncrement(rounded);

    /// <summary>The hull of the four bound-by-bound products (or quotients), each moved outward unless exact.</summary>
    private static Interval Corners(Interval left, Interval right, bool divide)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double x in (ReadOnlySpan<double>)[left.Lo, left.Hi])
        {
            foreach (double y in (ReadOnlySpan<double>)[right.Lo, right.Hi])
            {
                double r = divide ? x / y : x * y;

                // A zero operand (a zero dividend) makes the result exactly zero.
                bool exact = x == 0 || (!divide && y == 0);
                Widen(exact ? r : Math.BitDecrement(r), exact ? r : Math.BitIncrement(r), ref lo, ref hi);
            }
        }

        return new Interval(lo, hi);
    }

    private static void Widen(double down, double up, ref double lo, ref double hi)
    {
        // NaN (0 * inf, inf / inf) poisons the interval: every comparison with it is false.
        if (double.IsNaN(down) || double.IsNaN(lo))
        {
            lo = double.NaN;
            hi = double.NaN;
            return;
        }

        lo = Math.Min(lo, down);
        hi = Math.Max(hi, up);
    }
}
