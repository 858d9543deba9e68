using DetEval.Data;

namespace DetEval;

/// <summary>
/// What an LVIS image says about the categories it was checked for (the federated protocol): the categories verified
/// absent and those whose instances are not all annotated.
/// </summary>
/// <param name="NegativeCategoryIds"><c>neg_category_ids</c>: categories verified absent from the image.</param>
/// <param name="NotExhaustiveCategoryIds"><c>not_exhaustive_category_ids</c>: categories present but not all annotated.</param>
public sealed record LvisImageLabels(IReadOnlyList<long> NegativeCategoryIds, IReadOnlyList<long> NotExhaustiveCategoryIds)
{
    /// <summary>No negative and no not-exhaustive category.</summary>
    public static LvisImageLabels None { get; } = new([], []);
}
