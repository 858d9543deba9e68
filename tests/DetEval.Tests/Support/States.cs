namespace DetEval.Tests.Support;

/// <summary>Helpers for states in tests.</summary>
internal static class States
{
    /// <summary><see cref="IEvaluator{TSelf, TState, TResult}.FromStates"/> of an evaluator type (a static virtual is called through a type parameter).</summary>
    public static TEvaluator FromStates<TEvaluator, TState, TResult>(IReadOnlyList<TState> states)
        where TEvaluator : class, IEvaluator<TEvaluator, TState, TResult>
        where TState : EvaluationState
        where TResult : class =>
        TEvaluator.FromStates(states);
}
