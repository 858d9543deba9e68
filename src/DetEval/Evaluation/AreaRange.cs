using DetEval.Evaluation;

namespace DetEval;

/// <summary>An object-size bucket: objects with <c>Min &lt;= area &lt;= Max</c> (both inclusive, as the reference).</summary>
/// <param name="Label">Its name in reports (<c>all</c>, <c>small</c>, <c>medium</c>, <c>large</c>).</param>
/// <param name="Min">Smallest area, inclusive.</param>
/// <param name="Max">Largest area, inclusive.</param>
public sealed record AreaRange(string Label, double Min, double Max)
{
    /// <summary>Whether <paramref name="area"/> lies outside the range (the reference's <c>area &lt; min or area &gt; max</c>).</summary>
    public bool Excludes(double area) => area < Min || area > Max;
}
