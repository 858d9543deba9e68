using DetEval.Matching;

namespace DetEval;

public sealed partial class CocoEvaluator
{
    /// <summary>An immutable snapshot of every image recorded so far (later updates do not change it).</summary>
    /// <returns>The state.</returns>
    public CocoEvaluationState Snapshot() => new(context.Options, context.CategoryIds, categoryNames, images.Snapshot());

    /// <summary>
    /// Adds another evaluator's state (another thread, process or machine). Exact: the records are
    /// concatenated, and <see cref="Compute"/> orders them as if one evaluator had seen every image. With an
    /// image filter (<see cref="CocoOptions.ImageIds"/>), images outside it are left out, as in <c>Update</c>.
    /// </summary>
    /// <param name="state">The other state; it must use the same parameters and categories.</param>
    /// <exception cref="InvalidOperationException">The parameters or categories differ, or an image is in both.</exception>
    public void Merge(CocoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!EmptySnapshot().IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        ImageMatch[] records = context.ImageFilter is null ? state.Images : [.. state.Images.Where(m => context.Includes(m.ImageId))];
        images.AddAll(records, static id => $"cannot merge: image {id} is in both states");
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>: same options, same records.</summary>
    /// <param name="state">A state from <see cref="Snapshot()"/> or <see cref="CocoEvaluationState.ReadFrom(Stream, string)"/>.</param>
    /// <returns>The evaluator.</returns>
    public static CocoEvaluator FromState(CocoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new CocoEvaluator(state.Options, state.CategoryIds, new Dictionary<long, string>(state.CategoryNames));
        evaluator.Merge(state);
        return evaluator;
    }

    private CocoEvaluationState EmptySnapshot() => new(context.Options, context.CategoryIds, categoryNames, []);
}
