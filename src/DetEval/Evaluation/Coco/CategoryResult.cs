using DetEval.Evaluation;

namespace DetEval;

/// <summary>One category's summary: the 12 COCO stats restricted to it, and its counts.</summary>
/// <param name="CategoryId">The category id (-1 when categories are not used).</param>
/// <param name="Stats">The 12 stats computed on this category alone.</param>
/// <param name="NumGroundTruths">Non-crowd ground truths in the evaluated images.</param>
/// <param name="NumCrowd">Crowd ground truths.</param>
/// <param name="NumDetections">Detections (before the per-image cut).</param>
public sealed record CategoryResult(long CategoryId, CocoStats Stats, int NumGroundTruths, int NumCrowd, int NumDetections)
{
    /// <summary>The 10 keypoint stats computed on this category alone (keypoint evaluations only, else null).</summary>
    public CocoKeypointStats? KeypointStats { get; init; }
}
