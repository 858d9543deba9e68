using System.Numerics;

namespace DetEval.Geometry;

/// <summary>
/// A number type the exact quad geometry runs on: <see cref="Rational"/> (exact) or <see cref="Interval"/>
/// (guaranteed bounds, which may leave a sign undecided).
/// </summary>
/// <typeparam name="T">The number type itself.</typeparam>
internal interface IExactNumber<T> :
    IAdditionOperators<T, T, T>,
    ISubtractionOperators<T, T, T>,
    IMultiplyOperators<T, T, T>,
    IDivisionOperators<T, T, T>,
    IUnaryNegationOperators<T, T>
    where T : IExactNumber<T>
{
    /// <summary>What <see cref="Sign"/> returns when the bounds straddle zero.</summary>
    public const int Undecided = int.MinValue;

    /// <summary>Zero.</summary>
    static abstract T Zero { get; }

    /// <summary>A double's exact value.</summary>
    /// <param name="value">A finite double.</param>
    /// <returns>The number.</returns>
    static abstract T FromDouble(double value);

    /// <summary>-1, 0 or 1, or <see cref="Undecided"/> when the number type cannot tell.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The sign.</returns>
    static abstract int Sign(T value);

    /// <summary>The absolute value.</summary>
    /// <param name="value">The number.</param>
    /// <returns>|value|.</returns>
    static abstract T Abs(T value);
}
