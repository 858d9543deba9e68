using DetEval.Evaluation;

namespace DetEval;

/// <summary>The 13 LVIS results (lvis-api's <c>results</c>), -1 where undefined (e.g. APr without rare ground truth).</summary>
/// <remarks>
/// Each is numpy's mean of the entries &gt; -1 of a slice of precision <c>[T,R,K,A]</c> (AP) or recall <c>[T,K,A]</c>
/// (AR), over all categories at once (never a mean of per-category means): APr, APc, APf take the categories of one
/// frequency group at area all.
/// </remarks>
/// <param name="AP">AP at IoU .50:.95, area all.</param>
/// <param name="AP50">AP at IoU .50.</param>
/// <param name="AP75">AP at IoU .75.</param>
/// <param name="APs">AP for small objects.</param>
/// <param name="APm">AP for medium objects.</param>
/// <param name="APl">AP for large objects.</param>
/// <param name="APr">AP of the rare categories.</param>
/// <param name="APc">AP of the common categories.</param>
/// <param name="APf">AP of the frequent categories.</param>
/// <param name="AR">AR at the per-image cap (<c>AR@300</c>).</param>
/// <param name="ARs">AR for small objects (<c>ARs@300</c>).</param>
/// <param name="ARm">AR for medium objects (<c>ARm@300</c>).</param>
/// <param name="ARl">AR for large objects (<c>ARl@300</c>).</param>
public sealed record LvisStats(
    double AP, double AP50, double AP75, double APs, double APm, double APl, double APr, double APc, double APf,
    double AR, double ARs, double ARm, double ARl)
{
    /// <summary>lvis-api's result names for a cap of <paramref name="maxDetectionsPerImage"/> (AR@300 ... for 300), in its order.</summary>
    /// <param name="maxDetectionsPerImage">The cap (negative: no cap, named <c>all</c>).</param>
    /// <returns>The 13 names.</returns>
    public static IReadOnlyList<string> NamesFor(int maxDetectionsPerImage = 300)
    {
        string m = maxDetectionsPerImage >= 0 ? maxDetectionsPerImage.ToString(System.Globalization.CultureInfo.InvariantCulture) : "all";
        return ["AP", "AP50", "AP75", "APs", "APm", "APl", "APr", "APc", "APf", $"AR@{m}", $"ARs@{m}", $"ARm@{m}", $"ARl@{m}"];
    }

    /// <summary>The 13 values in lvis-api's order.</summary>
    /// <returns>The values.</returns>
    public double[] ToArray() => [AP, AP50, AP75, APs, APm, APl, APr, APc, APf, AR, ARs, ARm, ARl];

    /// <summary>Builds the record from 13 values in lvis-api's order.</summary>
    /// <param name="s">The values.</param>
    /// <returns>The stats.</returns>
    public static LvisStats FromArray(ReadOnlySpan<double> s) => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11], s[12]);
}
