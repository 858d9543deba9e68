using DetEval.Evaluation;

namespace DetEval;

/// <summary>One-shot LVIS evaluation (lvis-api's <c>LVISEval(gt, dt, iou_type).run()</c>).</summary>
public static class LvisEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="detections"/> against <paramref name="dataset"/>: an <see cref="LvisEvaluator"/>
    /// updated with every image of the dataset, then computed.
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results; every image id must be in the dataset.</param>
    /// <param name="options">The parameters; <see cref="LvisOptions.Lvis"/> (segm) when null.</param>
    /// <returns>The result.</returns>
    public static LvisResult Evaluate(LvisDataset dataset, DetectionSet detections, LvisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var evaluator = new LvisEvaluator(options ?? LvisOptions.Lvis(), dataset.Categories);
        evaluator.Update(dataset, detections);
        return evaluator.Compute();
    }
}
