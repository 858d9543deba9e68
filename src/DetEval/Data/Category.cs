using DetEval.Data;

namespace DetEval;

/// <summary>An object category.</summary>
/// <param name="Id">The category id.</param>
/// <param name="Name">The category name.</param>
/// <param name="Supercategory">The COCO supercategory, when given.</param>
public sealed record Category(long Id, string Name, string? Supercategory = null)
{
    /// <summary>The names of its keypoints (the COCO category's <c>keypoints</c> list), when given.</summary>
    public IReadOnlyList<string>? KeypointNames { get; init; }
}
