namespace DetEval;

/// <summary>
/// A box as its raw corner coordinates <c>(x1, y1, x2, y2)</c>, exactly as a VOC or text file gives them.
/// </summary>
/// <remarks>
/// Kept beside the COCO <see cref="Box"/> because <c>x1 + (x2 - x1)</c> is not always <c>x2</c> in double
/// (about 3% of one-decimal coordinates differ by one ulp), and VOC IoU must see the corners the file had.
/// </remarks>
/// <param name="X1">Left edge (<c>xmin</c>).</param>
/// <param name="Y1">Top edge (<c>ymin</c>).</param>
/// <param name="X2">Right edge (<c>xmax</c>).</param>
/// <param name="Y2">Bottom edge (<c>ymax</c>).</param>
public readonly record struct BoxCorners(double X1, double Y1, double X2, double Y2)
{
    /// <summary>The corners of a COCO box: <c>(X, Y, X + Width, Y + Height)</c>.</summary>
    public static BoxCorners FromBox(Box box) => new(box.X, box.Y, box.X2, box.Y2);

    /// <summary>The COCO box holding these corners: <c>X = x1</c>, <c>Width = x2 - x1</c> (no +1 pixel).</summary>
    public Box ToBox() => Box.FromCorners(X1, Y1, X2, Y2);
}
