namespace DetEval;

/// <summary>
/// The contract every protocol's evaluator implements (COCO, VOC, SAM, LVIS, DOTA, ...), modelled on
/// System.IO.Hashing's <c>Append</c> / <c>GetCurrentHash</c> / <c>Reset</c>: images are added one at a time, the
/// current result can be asked for at any moment without disturbing what was added, and partial states from other
/// threads, processes or machines merge exactly.
/// </summary>
/// <typeparam name="TSelf">The evaluator type itself.</typeparam>
/// <typeparam name="TState">The protocol's immutable state (what <see cref="Snapshot"/> returns).</typeparam>
/// <typeparam name="TResult">The protocol's result.</typeparam>
/// <remarks>
/// <para>
/// Each evaluator also has an <c>Update</c> per image; its parameters are the protocol's own, so it is not part of
/// this interface. <c>Update</c> is thread-safe and may be called in any order: matching runs outside the lock and
/// the image's compact records are appended under a short one. Recording an image twice is an error.
/// </para>
/// <para>
/// <see cref="Compute"/> never depends on the order of updates, the number of threads or how the images were split
/// between merged states: records are pooled in a documented, protocol-defined order. One-shot APIs
/// (<c>CocoEvaluation.Evaluate</c>, ...) are <c>new</c> + <c>Update</c> per image + <see cref="Compute"/>.
/// </para>
/// </remarks>
public interface IEvaluator<TSelf, TState, TResult>
    where TSelf : class, IEvaluator<TSelf, TState, TResult>
    where TState : EvaluationState
    where TResult : class
{
    /// <summary>The number of images recorded so far.</summary>
    int ImageCount { get; }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>: same options, same records.</summary>
    /// <param name="state">A state from <see cref="Snapshot"/> or <see cref="EvaluationState.ReadFrom(Stream, string)"/>.</param>
    /// <returns>The evaluator.</returns>
    static abstract TSelf FromState(TState state);

    /// <summary>
    /// A new evaluator holding every state of <paramref name="states"/> (shards of one evaluation): the first rebuilt
    /// with <see cref="FromState"/>, the others merged into it. A conflict is bad input naming both states' sources.
    /// </summary>
    /// <param name="states">At least one state, all of this protocol.</param>
    /// <returns>The evaluator.</returns>
    /// <exception cref="DetEvalInputException">The states differ in options or dataset, or an image is in two of them.</exception>
    static virtual TSelf FromStates(IReadOnlyList<TState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentOutOfRangeException.ThrowIfZero(states.Count);
        var evaluator = TSelf.FromState(states[0]);
        for (int i = 1; i < states.Count; i++)
        {
            try
            {
                evaluator.Merge(states[i]);
            }
            catch (InvalidOperationException e)
            {
                throw new DetEvalInputException(states[i].Source, "", $"{e.Message} (merging into the state of {(states[0].Source.Length > 0 ? states[0].Source : "the first state")})", e);
            }
        }

        return evaluator;
    }

    /// <summary>An immutable snapshot of every image recorded so far (later updates do not change it).</summary>
    /// <returns>The state.</returns>
    TState Snapshot();

    /// <summary>
    /// Adds another evaluator's state. Exact: <see cref="Compute"/> then returns what one evaluator that had seen
    /// every image would return.
    /// </summary>
    /// <param name="state">The other state: same protocol, options and dataset.</param>
    /// <exception cref="InvalidOperationException">The options or dataset differ, or an image is in both.</exception>
    void Merge(TState state);

    /// <summary>
    /// The result over every image recorded so far. Non-destructive; cached until the next <c>Update</c>,
    /// <see cref="Merge"/> or <see cref="Reset"/> (a version counter, so a result is never stale).
    /// </summary>
    /// <returns>The result; its arrays are read-only.</returns>
    TResult Compute();

    /// <summary>Forgets every recorded image; the options stay.</summary>
    void Reset();
}
