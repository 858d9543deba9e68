namespace DetEval;

/// <summary>
/// One image's own numbers, for the whole image or one of its categories: ground-truth, TP, FP and FN counts at IoU
/// 0.5 and 0.75, and the AP the image earns on its own.
/// </summary>
/// <remarks>
/// <para>
/// <b>Own AP.</b> <see cref="AP"/>, <see cref="AP50"/> and <see cref="AP75"/> are exactly the <c>COCOeval</c> stats of
/// a dataset made of this image alone (for a category row: of this image and that category alone), with the
/// evaluation's options: <c>AP = mean over IoU thresholds and the 101 recall points of the interpolated precision</c>
/// of the image's detections against the image's ground truths, area <c>all</c>. Categories without ground truth in
/// the image are left out of the mean, so false positives of a category the image does not contain lower the
/// image's precision counts (<see cref="FalsePositives50"/>) but not its AP; -1 when the image (or the category in
/// it) has no ground truth. It is computed from the kept match records, without matching again.
/// </para>
/// <para>
/// <b>Counts.</b> At the IoU threshold equal to 0.5 (0.75) and area <c>all</c>, over the image's kept detections
/// (the last max-detections value per category): true positives, false positives (ignored detections, matched to
/// crowds, are neither) and false negatives (non-crowd ground truths left unmatched). Null when the evaluation has
/// no such threshold.
/// </para>
/// </remarks>
/// <param name="ImageId">The image.</param>
/// <param name="CategoryId">The category, or null for the image as a whole (sums over its categories).</param>
/// <param name="GroundTruths">Ground truths that count (non-crowd, area all).</param>
/// <param name="Detections">Kept detections.</param>
/// <param name="TruePositives50">True positives at IoU 0.5.</param>
/// <param name="FalsePositives50">False positives at IoU 0.5.</param>
/// <param name="FalseNegatives50">False negatives at IoU 0.5.</param>
/// <param name="TruePositives75">True positives at IoU 0.75.</param>
/// <param name="FalsePositives75">False positives at IoU 0.75.</param>
/// <param name="FalseNegatives75">False negatives at IoU 0.75.</param>
/// <param name="AP">The image's own AP (IoU .50:.95), -1 when undefined.</param>
/// <param name="AP50">The image's own AP at IoU 0.5.</param>
/// <param name="AP75">The image's own AP at IoU 0.75.</param>
public sealed record CocoImageRecord(
    long ImageId,
    long? CategoryId,
    int GroundTruths,
    int Detections,
    int? TruePositives50,
    int? FalsePositives50,
    int? FalseNegatives50,
    int? TruePositives75,
    int? FalsePositives75,
    int? FalseNegatives75,
    double AP,
    double AP50,
    double AP75);
