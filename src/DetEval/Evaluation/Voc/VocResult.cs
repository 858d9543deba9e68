using DetEval.Evaluation;

namespace DetEval;

/// <summary>The result of a VOC evaluation: per-class results and their mean.</summary>
/// <param name="Options">The options used.</param>
/// <param name="Classes">One result per class, in the dataset's category order.</param>
/// <param name="MeanAveragePrecision">The mean AP over the classes with positives (NaN when there are none).</param>
/// <param name="ClassesAveraged">How many classes the mean is over.</param>
public sealed record VocResult(
    VocOptions Options,
    IReadOnlyList<VocClassResult> Classes,
    double MeanAveragePrecision,
    int ClassesAveraged);
