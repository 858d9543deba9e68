using DetEval.Data;

namespace DetEval;

/// <summary>An image of a dataset.</summary>
/// <param name="Id">The image id (64-bit, as in the COCO JSON).</param>
/// <param name="Width">Width in pixels (0 when unknown).</param>
/// <param name="Height">Height in pixels (0 when unknown).</param>
/// <param name="FileName">The file name, when the format gives one.</param>
public sealed record ImageInfo(long Id, int Width, int Height, string? FileName = null);
