namespace DetEval;

/// <summary>The evaluated pairs of one noun phrase, summed (a concept-segmentation result's per-phrase row).</summary>
/// <param name="Phrase">The noun phrase.</param>
/// <param name="Pairs">The evaluated pairs with this phrase.</param>
/// <param name="TruePositivePairs">Image-level true positives (instances and kept predictions).</param>
/// <param name="FalsePositivePairs">Image-level false positives (kept predictions, no instance).</param>
/// <param name="TrueNegativePairs">Image-level true negatives.</param>
/// <param name="FalseNegativePairs">Image-level false negatives (instances, no kept prediction).</param>
/// <param name="Predictions">Kept predictions over the pairs.</param>
/// <param name="Truths">Counted instances over the pairs.</param>
/// <param name="TruePositives">Per IoU threshold, the true positives over the pairs.</param>
/// <param name="Score">The mean of the pairs' <see cref="SamConceptPairResult.Score"/>: 1 when every pair is right, 0 when every pair is wrong at the image level.</param>
public sealed record SamConceptPhraseResult(
    string Phrase,
    int Pairs,
    int TruePositivePairs,
    int FalsePositivePairs,
    int TrueNegativePairs,
    int FalseNegativePairs,
    long Predictions,
    long Truths,
    IReadOnlyList<long> TruePositives,
    double Score);
