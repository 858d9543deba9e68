using DetEval.Evaluation;

namespace DetEval;

/// <summary>One image's line of the per-image table.</summary>
/// <param name="Stem">The image's stem.</param>
/// <param name="GroundTruthMasks">Its ground-truth masks (0 for a prediction image without ground truth).</param>
/// <param name="Predictions">Its generated masks (0 for a ground-truth image without predictions).</param>
/// <param name="MeanBestIou">The mean over its ground-truth masks of the best IoU of any generated mask (NaN without ground truth).</param>
public sealed record SamImageRow(string Stem, int GroundTruthMasks, int Predictions, double MeanBestIou);
