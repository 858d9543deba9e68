using DetEval.Data;

namespace DetEval.Evaluation;

/// <summary>One-shot COCO evaluation of a results set against a dataset (pycocotools' evaluate, accumulate, summarize).</summary>
public static class CocoEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="detections"/> against <paramref name="dataset"/>: a
    /// <see cref="DetectionEvaluator"/> updated with every image of the dataset, then computed.
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results; every image id must be in the dataset.</param>
    /// <param name="options">The parameters; <see cref="EvaluationOptions.Coco"/> when null.</param>
    public static EvaluationResult Evaluate(DetectionDataset dataset, DetectionSet detections, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var evaluator = new DetectionEvaluator(options ?? EvaluationOptions.Coco(), dataset.Categories);
        evaluator.Update(dataset, detections);
        return evaluator.Compute();
    }
}
