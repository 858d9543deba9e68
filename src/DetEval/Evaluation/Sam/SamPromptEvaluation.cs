using DetEval.Data;
using DetEval.Formats.Sam;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>One-shot prompted segmentation evaluation (see <see cref="SamPromptEvaluator"/> for the metrics and the incremental form).</summary>
public static class SamPromptEvaluation
{
    /// <summary>Evaluates prompts against the ground truth: a <see cref="SamPromptEvaluator"/> updated with every prompt, computed.</summary>
    /// <param name="truth">The ground-truth images (prompts name them by image id).</param>
    /// <param name="prompts">The prompt records.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="DetEvalInputException">A prompt names an image or <c>gt_id</c> that does not exist, or a
    /// mask's size differs from its image's.</exception>
    public static SamPromptResult Evaluate(IReadOnlyList<SamGroundTruthImage> truth, SamPromptSet prompts, SamInputOptions? options = null)
    {
        var evaluator = new SamPromptEvaluator(options);
        evaluator.Update(truth, prompts);
        return evaluator.Compute();
    }
}
