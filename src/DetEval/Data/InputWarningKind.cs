using DetEval.Data;

namespace DetEval;

/// <summary>Kinds of legal but suspicious input found by <see cref="InputWarnings.Compute(DetectionDataset, DetectionSet?)"/>.</summary>
public enum InputWarningKind
{
    /// <summary>Most boxes of a file reach past the image's right or bottom edge when read as [x, y, w, h]: they look like [x1, y1, x2, y2].</summary>
    BoxesLookLikeXyxy,

    /// <summary>Every detection has the same score, so the ranking (and AP) depends on file order alone.</summary>
    AllScoresEqual,

    /// <summary>Detections of a category that has no ground-truth annotation (unlisted categories are not evaluated at all).</summary>
    CategoryWithoutGroundTruth,

    /// <summary>Images without any ground-truth annotation.</summary>
    ImageWithoutGroundTruth,
}
