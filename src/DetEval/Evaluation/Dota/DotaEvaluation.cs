namespace DetEval;

/// <summary>One-shot DOTA Task1 evaluation (the devkit's <c>voc_eval</c> over quads, class by class).</summary>
/// <remarks>A <see cref="DotaEvaluator"/> for the dataset, updated with every image and computed; see there for the rules.</remarks>
public static class DotaEvaluation
{
    /// <summary>Evaluates DOTA detections.</summary>
    /// <param name="dataset">The ground truth; every category is a class, its images the image set.</param>
    /// <param name="detections">The detections in results-file order.</param>
    /// <param name="options">The protocol's options.</param>
    /// <returns>The per-class results and the mAP.</returns>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    public static DotaResult Evaluate(DotaDataset dataset, DotaDetectionSet detections, DotaOptions options)
    {
        var evaluator = new DotaEvaluator(options, dataset);
        evaluator.Update(dataset, detections);
        return evaluator.Compute();
    }
}
