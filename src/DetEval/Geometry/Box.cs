namespace DetEval;

/// <summary>An axis-aligned box in COCO form: top-left corner and size, continuous pixel coordinates.</summary>
/// <param name="X">Left edge.</param>
/// <param name="Y">Top edge.</param>
/// <param name="Width">Width (x2 - x1).</param>
/// <param name="Height">Height (y2 - y1).</param>
public readonly record struct Box(double X, double Y, double Width, double Height)
{
    /// <summary>Right edge, computed as <c>X + Width</c> (the reference's operation order).</summary>
    public double X2 => X + Width;

    /// <summary>Bottom edge, computed as <c>Y + Height</c>.</summary>
    public double Y2 => Y + Height;

    /// <summary>Area as the reference computes it for results: <c>Width * Height</c>.</summary>
    public double Area => Width * Height;

    /// <summary>Builds a box from corner coordinates.</summary>
    /// <remarks>Width is <c>x2 - x1</c> and height <c>y2 - y1</c>.</remarks>
    public static Box FromCorners(double x1, double y1, double x2, double y2) => new(x1, y1, x2 - x1, y2 - y1);
}
