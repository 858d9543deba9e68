namespace DetEval;

/// <summary>
/// An oriented box as a quadrilateral: four corner points in the order the file lists them (DOTA Task1,
/// YOLO-OBB). The polygon closes from the fourth point back to the first; either orientation and any start corner
/// is allowed.
/// </summary>
/// <remarks>
/// The order is kept as given because the DOTA devkit's IoU depends on it in the last bits (and, for a
/// self-intersecting "bow-tie" order, in more than that). <see cref="Hull"/> is the axis-aligned hull the devkit's
/// pre-filter uses: <c>xmin = min(x1..x4)</c>, <c>xmax = max(x1..x4)</c>, likewise in y.
/// </remarks>
/// <param name="X1">First corner, x.</param>
/// <param name="Y1">First corner, y.</param>
/// <param name="X2">Second corner, x.</param>
/// <param name="Y2">Second corner, y.</param>
/// <param name="X3">Third corner, x.</param>
/// <param name="Y3">Third corner, y.</param>
/// <param name="X4">Fourth corner, x.</param>
/// <param name="Y4">Fourth corner, y.</param>
public readonly record struct Quad(double X1, double Y1, double X2, double Y2, double X3, double Y3, double X4, double Y4)
{
    /// <summary>The quad from eight numbers <c>x1 y1 x2 y2 x3 y3 x4 y4</c>.</summary>
    /// <param name="values">At least eight numbers; the first eight are used.</param>
    /// <returns>The quad.</returns>
    /// <exception cref="ArgumentException">Fewer than eight numbers.</exception>
    public static Quad FromSpan(ReadOnlySpan<double> values)
    {
        if (values.Length < 8)
        {
            throw new ArgumentException($"a quad needs 8 numbers, got {values.Length}", nameof(values));
        }

        return new Quad(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }

    /// <summary>The axis-aligned hull: <c>(min x, min y, max x, max y)</c> of the four corners.</summary>
    /// <returns>The hull's corners.</returns>
    public BoxCorners Hull() => new(
        Math.Min(Math.Min(X1, X2), Math.Min(X3, X4)),
        Math.Min(Math.Min(Y1, Y2), Math.Min(Y3, Y4)),
        Math.Max(Math.Max(X1, X2), Math.Max(X3, X4)),
        Math.Max(Math.Max(Y1, Y2), Math.Max(Y3, Y4)));

    /// <summary>Whether all eight coordinates are finite.</summary>
    /// <returns>True when no coordinate is NaN or infinite.</returns>
    public bool IsFinite() =>
        double.IsFinite(X1) && double.IsFinite(Y1) && double.IsFinite(X2) && double.IsFinite(Y2)
        && double.IsFinite(X3) && double.IsFinite(Y3) && double.IsFinite(X4) && double.IsFinite(Y4);
}
