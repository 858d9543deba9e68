namespace DetEval.Evaluation;

/// <summary>
/// What is kept of one evaluated pair after matching (no masks, no boxes): the annotator whose result the oracle kept,
/// the counts, and the true positives per IoU threshold. Everything the metric needs follows from these.
/// </summary>
/// <param name="Ordinal">The pair's position among the evaluated pairs (the first ground-truth file's order).</param>
/// <param name="PairId">The pair id.</param>
/// <param name="Annotator">The ground-truth file whose result was kept (0 = the first).</param>
/// <param name="Predictions">Kept predictions (D).</param>
/// <param name="Truths">Counted instances (G).</param>
/// <param name="TruePositives">Per IoU threshold, the assigned pairs reaching it.</param>
/// <param name="Phrase">The noun phrase, for reports.</param>
/// <param name="FileName">The picture, for reports.</param>
internal sealed record ConceptPairRecord(
    int Ordinal,
    long PairId,
    int Annotator,
    int Predictions,
    int Truths,
    int[] TruePositives,
    string Phrase,
    string FileName)
{
    public ImageLevelOutcome Outcome => (Predictions > 0, Truths > 0) switch
    {
        (true, true) => ImageLevelOutcome.TruePositive,
        (true, false) => ImageLevelOutcome.FalsePositive,
        (false, true) => ImageLevelOutcome.FalseNegative,
        _ => ImageLevelOutcome.TrueNegative,
    };
}
