namespace DetEval;

/// <summary>How box corners measure size in the VOC protocol.</summary>
public enum PixelConvention
{
    /// <summary>Corners are inclusive pixel indices: <c>width = x2 - x1 + 1</c> (the VOC devkit).</summary>
    Inclusive,

    /// <summary>Corners are continuous coordinates: <c>width = x2 - x1</c>.</summary>
    Continuous,
}
