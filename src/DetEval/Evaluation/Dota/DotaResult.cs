namespace DetEval;

/// <summary>The result of a DOTA evaluation: per-class results and their mean.</summary>
/// <remarks>
/// A class's <see cref="VocClassResult"/> is the VOC engine's: AP, ranked curve, TP/FP counts.
/// <see cref="VocClassResult.AveragePrecision"/> is NaN (reported as null) for a class without non-difficult
/// objects, which the mAP leaves out; an empty or missing results file gives 0 for a class with objects.
/// </remarks>
/// <param name="Options">The options used.</param>
/// <param name="Classes">One result per class, in class order.</param>
/// <param name="MeanAveragePrecision">The mean AP over the classes with positives (NaN when there are none), summed as numpy does.</param>
/// <param name="ClassesAveraged">How many classes the mean is over.</param>
public sealed record DotaResult(
    DotaOptions Options,
    IReadOnlyList<VocClassResult> Classes,
    double MeanAveragePrecision,
    int ClassesAveraged)
{
    /// <summary>
    /// The same numbers as a <see cref="VocResult"/> (DOTA is the VOC engine with a quad similarity), for the VOC
    /// report writers and plots; its options are the engine's (<see cref="VocOptions.IouComparison"/> strict, difficult ignored).
    /// </summary>
    /// <returns>The VOC form.</returns>
    public VocResult ToVocResult() => new(Options.ToVocOptions(), Classes, MeanAveragePrecision, ClassesAveraged);
}
