using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>One-shot COCO evaluation of a results set against a dataset (pycocotools' evaluate, accumulate, summarize).</summary>
public static class CocoEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="detections"/> against <paramref name="dataset"/>: a
    /// <see cref="CocoEvaluator"/> updated with every image of the dataset, then computed.
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results; every image id must be in the dataset.</param>
    /// <param name="options">The parameters; <see cref="CocoOptions.Coco"/> when null.</param>
    public static CocoResult Evaluate(DetectionDataset dataset, DetectionSet detections, CocoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var evaluator = new CocoEvaluator(options ?? CocoOptions.Coco(), dataset.Categories);
        evaluator.Update(dataset, detections);
        return evaluator.Compute();
    }
}
