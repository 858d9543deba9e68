using System.Collections.ObjectModel;
using System.Globalization;

namespace DetEval.Evaluation;

/// <summary>
/// The checks every protocol's options run when they are set (so an options object is valid from construction on),
/// each returning an immutable copy of what it was given.
/// </summary>
internal static class OptionChecks
{
    /// <summary>Thresholds in [0, 1], finite, at least one; non-decreasing when <paramref name="sorted"/>.</summary>
    public static ReadOnlyCollection<double> UnitThresholds(IReadOnlyList<double> values, string name, bool sorted)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} must not be empty", name);
        }

        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            double v = values[i];
            if (!(v >= 0 && v <= 1))
            {
                throw new ArgumentException($"{name}[{i}] = {Text(v)} is not a number in [0, 1]", name);
            }

            if (sorted && i > 0 && v < copy[i - 1])
            {
                throw new ArgumentException($"{name} must be in ascending order ({name}[{i}] = {Text(v)} < {Text(copy[i - 1])})", name);
            }

            copy[i] = v;
        }

        return Array.AsReadOnly(copy);
    }

    /// <summary>One threshold in [0, 1].</summary>
    public static double UnitThreshold(double value, string name) =>
        value >= 0 && value <= 1 ? value : throw new ArgumentException($"{name} = {Text(value)} is not a number in [0, 1]", name);

    /// <summary>Non-negative counts, at least one.</summary>
    public static ReadOnlyCollection<int> Counts(IReadOnlyList<int> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} must not be empty", name);
        }

        var copy = new int[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i] >= 0 ? values[i] : throw new ArgumentException($"{name}[{i}] = {values[i]} is negative", name);
        }

        return Array.AsReadOnly(copy);
    }

    /// <summary>Area ranges with a label and <c>Min &lt;= Max</c> (neither NaN), at least one.</summary>
    public static ReadOnlyCollection<AreaRange> AreaRanges(IReadOnlyList<AreaRange> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} must not be empty", name);
        }

        var copy = new AreaRange[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            var a = values[i] ?? throw new ArgumentException($"{name}[{i}] is null", name);
            if (a.Label is null || !(a.Min <= a.Max))
            {
                throw new ArgumentException($"{name}[{i}] ({a.Label}: {Text(a.Min)} to {Text(a.Max)}) needs a label and min <= max", name);
            }

            copy[i] = a;
        }

        return Array.AsReadOnly(copy);
    }

    /// <summary>Keypoint sigmas: positive and finite, at least one.</summary>
    public static ReadOnlyCollection<double> Sigmas(IReadOnlyList<double> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Count == 0)
        {
            throw new ArgumentException($"{name} must not be empty", name);
        }

        var copy = new double[values.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = values[i] > 0 && double.IsFinite(values[i]) ? values[i] : throw new ArgumentException($"{name}[{i}] = {Text(values[i])} is not a positive number", name);
        }

        return Array.AsReadOnly(copy);
    }

    /// <summary>An immutable copy of ids (null stays null).</summary>
    public static ReadOnlyCollection<long>? Ids(IReadOnlyList<long>? values) => values is null ? null : Array.AsReadOnly(values.ToArray());

    /// <summary>A defined value of an enum.</summary>
    public static T Defined<T>(T value, string name)
        where T : struct, Enum =>
        Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} {value} is not a known value");

    private static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
