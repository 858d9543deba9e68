using DetEval.Evaluation;

namespace DetEval;

/// <summary>Prompted segmentation metrics (report mode <c>prompt</c>).</summary>
/// <param name="Prompts">The number of prompts evaluated, N.</param>
/// <param name="MeanIou"><c>mIoU</c>: the mean over prompts of the top-1 mask's IoU.</param>
/// <param name="OracleMeanIou"><c>oracleMIoU</c>: the mean over prompts of the best mask's IoU.</param>
/// <param name="IouAtLeast">Per <see cref="SamMetrics.Thresholds"/>, the fraction of prompts whose top-1 IoU is &gt;= it.</param>
/// <param name="CalibrationMae">Mean of |predicted IoU − IoU| of the top-1 masks.</param>
/// <param name="CalibrationPearson">Pearson r of (predicted IoU, IoU) of the top-1 masks (NaN if undefined).</param>
/// <param name="Outcomes">Each prompt's outcome, in file order.</param>
/// <param name="Skipped">Prompts skipped as bad input (with <c>SkipBad</c>).</param>
/// <param name="MeanBoundaryIou"><c>mBIoU</c>: the mean over prompts of the top-1 mask's Boundary IoU (SAM-HQ's
/// companion of mIoU: the band IoU of boundary-iou-api at dilation ratio 0.02).</param>
public sealed record SamPromptResult(
    int Prompts,
    double MeanIou,
    double OracleMeanIou,
    IReadOnlyList<double> IouAtLeast,
    double CalibrationMae,
    double CalibrationPearson,
    IReadOnlyList<SamPromptOutcome> Outcomes,
    int Skipped,
    double MeanBoundaryIou);
