namespace DetEval.Kernels;

/// <summary>
/// Box IoU between one ground truth and a row of detections, exactly as the reference <c>bbIou</c>.
/// </summary>
/// <remarks>
/// For a ground truth G and detection D (x, y, w, h): <c>w = min(Dx2, Gx2) - max(Dx1, Gx1)</c>,
/// <c>h</c> likewise, IoU 0 when <c>w &lt;= 0</c> or <c>h &lt;= 0</c>, else <c>i = w*h</c>,
/// <c>u = crowd ? Darea : (Darea + Garea) - i</c>, IoU <c>i / u</c>.
/// </remarks>
public static class BoxIou
{
    /// <summary>The specification: fills <paramref name="row"/>[d] with the IoU of the ground truth and detection d.</summary>
    /// <param name="gx1">Ground-truth left edge.</param>
    /// <param name="gy1">Ground-truth top edge.</param>
    /// <param name="gx2">Ground-truth right edge (x + w).</param>
    /// <param name="gy2">Ground-truth bottom edge (y + h).</param>
    /// <param name="gArea">Ground-truth area (w * h).</param>
    /// <param name="crowd">Whether the ground truth is a crowd region (union = detection area).</param>
    /// <param name="x1">Detection left edges.</param>
    /// <param name="y1">Detection top edges.</param>
    /// <param name="x2">Detection right edges.</param>
    /// <param name="y2">Detection bottom edges.</param>
    /// <param name="area">Detection areas.</param>
    /// <param name="row">Output, one IoU per detection.</param>
    public static void ComputeScalar(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row)
    {
        int n = row.Length;
        for (int d = 0; d < n; d++)
        {
            row[d] = 0;
            double w = Math.Min(x2[d], gx2) - Math.Max(x1[d], gx1);
            if (w <= 0)
            {
                continue;
            }

            double h = Math.Min(y2[d], gy2) - Math.Max(y1[d], gy1);
            if (h <= 0)
            {
                continue;
            }

            double i = w * h;
            double u = crowd ? area[d] : area[d] + gArea - i;
            row[d] = i / u;
        }
    }

    /// <summary>Fills <paramref name="row"/> like <see cref="ComputeScalar"/>, on the widest vector unit available.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    public static void Compute(
        double gx1, double gy1, double gx2, double gy2, double gArea, bool crowd,
        ReadOnlySpan<double> x1, ReadOnlySpan<double> y1, ReadOnlySpan<double> x2, ReadOnlySpan<double> y2,
        ReadOnlySpan<double> area, Span<double> row) =>
        ComputeScalar(gx1, gy1, gx2, gy2, gArea, crowd, x1, y1, x2, y2, area, row);
}
