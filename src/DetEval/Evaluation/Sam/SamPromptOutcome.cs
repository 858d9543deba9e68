using DetEval.Evaluation;

namespace DetEval;

/// <summary>The outcome of one prompt.</summary>
/// <param name="ImageId">The image.</param>
/// <param name="GtId">The prompted ground-truth mask.</param>
/// <param name="TopIndex">The top-1 mask: highest predicted IoU, the first on ties.</param>
/// <param name="TopIou">The true IoU of the top-1 mask.</param>
/// <param name="TopPredictedIou">The predicted IoU of the top-1 mask.</param>
/// <param name="OracleIou">The best true IoU of any of the prompt's masks.</param>
/// <param name="TopBoundaryIou">The Boundary IoU of the top-1 mask (<see cref="BoundaryIou.Compute"/>, dilation ratio
/// <see cref="SamMetrics.DilationRatio"/>).</param>
public sealed record SamPromptOutcome(long ImageId, long GtId, int TopIndex, double TopIou, double TopPredictedIou, double OracleIou, double TopBoundaryIou);
