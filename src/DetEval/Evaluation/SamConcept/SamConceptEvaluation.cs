using DetEval.Data;

namespace DetEval;

/// <summary>One-shot SAM 3 concept-segmentation evaluation (sam3's <c>CGF1Evaluator(gt_paths).evaluate(predictions)</c>).</summary>
public static class SamConceptEvaluation
{
    /// <summary>
    /// Evaluates <paramref name="predictions"/> against one or several annotators' ground truth: a
    /// <see cref="SamConceptEvaluator"/> updated with every evaluated pair, then computed.
    /// </summary>
    /// <param name="annotators">The ground-truth files; several give the oracle setting, the first is the primary.</param>
    /// <param name="predictions">The predictions (<see cref="Detection.ImageId"/> is the pair); those on pairs that are not evaluated are ignored.</param>
    /// <param name="options">The parameters; <see cref="SamConceptOptions.Reference"/> when null.</param>
    /// <returns>The result.</returns>
    /// <exception cref="DetEvalInputException">A file does not list an evaluated pair, or a mask cannot be decoded.</exception>
    public static SamConceptResult Evaluate(IReadOnlyList<SaCoDataset> annotators, DetectionSet predictions, SamConceptOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(annotators);
        ArgumentNullException.ThrowIfNull(predictions);
        var evaluator = new SamConceptEvaluator(options ?? SamConceptOptions.Reference(), annotators);
        evaluator.Update(predictions);
        return evaluator.Compute();
    }
}
