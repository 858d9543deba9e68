using DetEval.Matching;
using DetEval.Evaluation;

namespace DetEval;

public sealed partial class CocoEvaluator
{
    /// <summary>An immutable snapshot of every image recorded so far.</summary>
    public CocoEvaluationState Snapshot()
    {
        return new CocoEvaluationState(context.Options, context.CategoryIds, categoryNames, images.Snapshot());
    }

    /// <summary>
    /// Adds another evaluator's state (another thread, process or machine). Exact: the records are
    /// concatenated, and <see cref="Compute"/> orders them as if one evaluator had seen every image.
    /// </summary>
    /// <param name="state">The other state; it must use the same parameters and categories.</param>
    /// <exception cref="InvalidOperationException">The parameters differ, or an image is in both.</exception>
    public void Merge(CocoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mine = new CocoEvaluationState(context.Options, context.CategoryIds, categoryNames, []);
        if (!mine.IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        images.AddAll(state.Images, static id => $"cannot merge: image {id} is in both states");
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>.</summary>
    public static CocoEvaluator FromState(CocoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new CocoEvaluator(state.Options, state.CategoryIds, state.CategoryNames);
        evaluator.Merge(state);
        return evaluator;
    }
}
