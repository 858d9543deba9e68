
namespace DetEval.Kernels;

/// <summary>
/// Boxes as structure-of-arrays columns (left, top, right, bottom, area), the layout the IoU kernels read.
/// </summary>
/// <remarks>
/// <see cref="FromBoxes"/> computes <c>X2 = X + Width</c>, <c>Y2 = Y + Height</c>, <c>Area = Width * Height</c>,
/// the reference <c>bbIou</c>'s operations (IEEE addition is commutative, so <c>X + Width</c> equals its
/// <c>w + x</c> bit for bit).
/// </remarks>
internal sealed class BoxColumns
{
    private readonly double[] _x1;
    private readonly double[] _y1;
    private readonly double[] _x2;
    private readonly double[] _y2;
    private readonly double[] _area;

    /// <summary>Wraps existing columns; the arrays are used as they are, not copied.</summary>
    /// <param name="x1">Left edges.</param>
    /// <param name="y1">Top edges.</param>
    /// <param name="x2">Right edges.</param>
    /// <param name="y2">Bottom edges.</param>
    /// <param name="area">Areas.</param>
    /// <exception cref="ArgumentException">The columns differ in length.</exception>
    public BoxColumns(double[] x1, double[] y1, double[] x2, double[] y2, double[] area)
    {
        ArgumentNullException.ThrowIfNull(x1);
        ArgumentNullException.ThrowIfNull(y1);
        ArgumentNullException.ThrowIfNull(x2);
        ArgumentNullException.ThrowIfNull(y2);
        ArgumentNullException.ThrowIfNull(area);
        int count = x1.Length;
        if (y1.Length != count || x2.Length != count || y2.Length != count || area.Length != count)
        {
            throw new ArgumentException(
                $"Columns differ in length: x1 {x1.Length}, y1 {y1.Length}, x2 {x2.Length}, y2 {y2.Length}, area {area.Length}.");
        }

        _x1 = x1;
        _y1 = y1;
        _x2 = x2;
        _y2 = y2;
        _area = area;
    }

    /// <summary>Number of boxes.</summary>
    public int Count => _x1.Length;

    /// <summary>Left edges.</summary>
    public ReadOnlySpan<double> X1 => _x1;

    /// <summary>Top edges.</summary>
    public ReadOnlySpan<double> Y1 => _y1;

    /// <summary>Right edges.</summary>
    public ReadOnlySpan<double> X2 => _x2;

    /// <summary>Bottom edges.</summary>
    public ReadOnlySpan<double> Y2 => _y2;

    /// <summary>Areas.</summary>
    public ReadOnlySpan<double> Area => _area;

    /// <summary>Splits boxes into columns.</summary>
    /// <remarks><c>X1 = X</c>, <c>Y1 = Y</c>, <c>X2 = X + Width</c>, <c>Y2 = Y + Height</c>, <c>Area = Width * Height</c>.</remarks>
    /// <param name="boxes">Boxes in COCO form (x, y, width, height).</param>
    /// <returns>New columns, one entry per box.</returns>
    public static BoxColumns FromBoxes(ReadOnlySpan<Box> boxes)
    {
        int count = boxes.Length;
        double[] x1 = new double[count], y1 = new double[count], x2 = new double[count], y2 = new double[count];
        double[] area = new double[count];
        for (int index = 0; index < count; index++)
        {
            Box box = boxes[index];
            x1[index] = box.X;
            y1[index] = box.Y;
            x2[index] = box.X + box.Width;
            y2[index] = box.Y + box.Height;
            area[index] = box.Width * box.Height;
        }

        return new BoxColumns(x1, y1, x2, y2, area);
    }
}
