namespace DetEval;

/// <summary>One evaluated (image, noun phrase) pair of a concept-segmentation result.</summary>
/// <param name="PairId">The pair id.</param>
/// <param name="FileName">The picture (<c>file_name</c>; empty when the file gives none).</param>
/// <param name="Phrase">The noun phrase.</param>
/// <param name="Outcome">The pair at the image level.</param>
/// <param name="Annotator">The ground-truth file whose result the oracle kept (0 = the first; always 0 with one file).</param>
/// <param name="Predictions">Kept predictions (score at or above the cut, of the file's categories).</param>
/// <param name="Truths">Counted instances (not crowd, of the file's categories).</param>
/// <param name="TruePositives">Per IoU threshold, the assigned prediction-instance pairs with IoU at or above it.</param>
/// <param name="Score">
/// The oracle's measure of the pair: 1 for a true negative, otherwise the mean over the thresholds of the pair's F1
/// (<c>2pr/(p+r+1e-4)</c> with <c>p = TP/(D+1e-4)</c>, <c>r = TP/(G+1e-4)</c>; 0 for an image-level FP or FN).
/// </param>
public sealed record SamConceptPairResult(
    long PairId,
    string FileName,
    string Phrase,
    ImageLevelOutcome Outcome,
    int Annotator,
    int Predictions,
    int Truths,
    IReadOnlyList<int> TruePositives,
    double Score);
