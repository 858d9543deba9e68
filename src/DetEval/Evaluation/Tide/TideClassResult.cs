namespace DetEval;

/// <summary>One class in TIDE's mean: its counts, its AP at the positive threshold and its error counts.</summary>
/// <param name="CategoryId">The class (a category id; tidecv also evaluates ids that are not among the categories).</param>
/// <param name="Name">The category name, or null for an id that is not among the categories.</param>
/// <param name="NumGroundTruths">Its non-crowd ground truths.</param>
/// <param name="NumDetections">Its detections in AP (true and false positives; ignored ones are out).</param>
/// <param name="NumTruePositives">Its true positives.</param>
/// <param name="AP50">Its AP as tidecv computes it (see <see cref="TideResult.AP50"/>), a fraction; 0 without ground truth.</param>
/// <param name="ErrorCounts">Its errors by <see cref="TideErrorType"/> (detections of this class; Missed: its ground truths).</param>
public sealed record TideClassResult(
    long CategoryId,
    string? Name,
    long NumGroundTruths,
    int NumDetections,
    int NumTruePositives,
    double AP50,
    IReadOnlyList<int> ErrorCounts);
