using DetEval.Evaluation;

namespace DetEval;

/// <summary>One LVIS category's numbers.</summary>
/// <param name="CategoryId">The category id.</param>
/// <param name="Frequency">Its frequency group.</param>
/// <param name="AP">AP at IoU .50:.95, area all (mean of <c>precision[:, :, k, all]</c> over entries &gt; -1; -1 without ground truth).</param>
/// <param name="AP50">AP at IoU .50.</param>
/// <param name="AP75">AP at IoU .75.</param>
/// <param name="AR">AR at the cap (mean of <c>recall[:, k, all]</c>).</param>
/// <param name="NumGroundTruths">Ground truths evaluated (after the area filter, <c>ignore</c>d ones included).</param>
/// <param name="NumDetections">Results evaluated (after the cap, the area filter and the federated filter).</param>
public sealed record LvisCategoryResult(
    long CategoryId, LvisFrequency Frequency, double AP, double AP50, double AP75, double AR, int NumGroundTruths, int NumDetections);
