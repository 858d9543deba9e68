using DetEval.Formats.Text;
using DetEval.Formats;

namespace DetEval;

/// <summary>The size of an image in pixels.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct ImageSize(int Width, int Height);
