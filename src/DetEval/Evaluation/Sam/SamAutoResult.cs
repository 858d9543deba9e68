using DetEval.Evaluation;

namespace DetEval;

/// <summary>Automatic mask generation metrics (report mode <c>auto</c>).</summary>
/// <param name="Stats">The class-agnostic AP and AR numbers.</param>
/// <param name="Coco">The underlying evaluation (precision, recall and scores arrays).</param>
/// <param name="Score">The score that ranked the masks.</param>
/// <param name="MeanBestIou">The mean over all ground-truth masks of the best IoU of any generated mask of the same image.</param>
/// <param name="RecallAt">Per <see cref="SamMetrics.Thresholds"/>, the fraction of ground-truth masks whose best IoU is &gt;= it.</param>
/// <param name="Paired">Ground-truth images that have predictions.</param>
/// <param name="UnpairedPredictions">Stems of prediction images without ground truth (excluded from every number).</param>
/// <param name="GroundTruthWithoutPredictions">Stems of ground-truth images without predictions (they count as misses).</param>
/// <param name="Images">The per-image table: ground-truth images in stem order, then the unpaired prediction images.</param>
/// <param name="GroundTruthMasks">Ground-truth masks evaluated.</param>
/// <param name="PredictedMasks">Generated masks of paired images.</param>
/// <param name="GroundTruthImages">Ground-truth images evaluated.</param>
/// <param name="UnpairedPredictedMasks">Generated masks of prediction images without ground truth (not evaluated).</param>
/// <param name="Skipped">Items skipped as bad input (with <c>SkipBad</c>) during evaluation.</param>
public sealed record SamAutoResult(
    SamAutoStats Stats,
    CocoResult Coco,
    SamScore Score,
    double MeanBestIou,
    IReadOnlyList<double> RecallAt,
    int Paired,
    IReadOnlyList<string> UnpairedPredictions,
    IReadOnlyList<string> GroundTruthWithoutPredictions,
    IReadOnlyList<SamImageRow> Images,
    int GroundTruthMasks,
    int PredictedMasks,
    int GroundTruthImages,
    int UnpairedPredictedMasks,
    int Skipped);
