using DetEval.Matching;

namespace DetEval.Evaluation;

public sealed partial class DetectionEvaluator
{
    /// <summary>An immutable snapshot of every image recorded so far.</summary>
    public EvaluationState Snapshot()
    {
        return new EvaluationState(context.Options, context.CategoryIds, categoryNames, images.Snapshot());
    }

    /// <summary>
    /// Adds another evaluator's state (another thread, process or machine). Exact: the records are
    /// concatenated, and <see cref="Compute"/> orders them as if one evaluator had seen every image.
    /// </summary>
    /// <param name="state">The other state; it must use the same parameters and categories.</param>
    /// <exception cref="InvalidOperationException">The parameters differ, or an image is in both.</exception>
    public void Merge(EvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mine = new EvaluationState(context.Options, context.CategoryIds, categoryNames, []);
        if (!mine.IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        images.AddAll(state.Images, static id => $"cannot merge: image {id} is in both states");
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>.</summary>
    public static DetectionEvaluator FromState(EvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new DetectionEvaluator(state.Options, state.CategoryIds, state.CategoryNames);
        evaluator.Merge(state);
        return evaluator;
    }
}
