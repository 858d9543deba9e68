using DetEval.Formats.Coco;
using DetEval.Formats;

namespace DetEval;

/// <summary>Where a segmentation result's area (used for the area ranges) comes from.</summary>
public enum ResultAreaSource
{
    /// <summary>
    /// As the reference <c>loadRes</c>: the branch is chosen by the first result; when it carries a
    /// <c>bbox</c>, every area is <c>w*h</c> of the box, otherwise the mask area.
    /// </summary>
    Reference,

    /// <summary>Always the mask area when a mask is present (a deliberate fix of the reference).</summary>
    Mask,
}
