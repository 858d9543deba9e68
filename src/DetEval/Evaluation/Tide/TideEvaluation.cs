namespace DetEval;

/// <summary>One-shot TIDE error breakdown of a results set against a dataset (tidecv's <c>TIDE().evaluate</c>).</summary>
public static class TideEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="detections"/> against <paramref name="dataset"/>: a <see cref="TideEvaluator"/>
    /// updated with every image of the dataset, then computed.
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results; every image id must be in the dataset.</param>
    /// <param name="options">The parameters; <see cref="TideOptions.Tide"/> when null.</param>
    /// <returns>The breakdown.</returns>
    public static TideResult Evaluate(DetectionDataset dataset, DetectionSet detections, TideOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var evaluator = new TideEvaluator(options ?? TideOptions.Tide(), dataset);
        evaluator.Update(dataset, detections);
        return evaluator.Compute();
    }
}
