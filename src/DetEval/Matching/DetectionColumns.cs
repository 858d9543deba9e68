using DetEval.Kernels;

namespace DetEval.Matching;

/// <summary>
/// A cell's detection boxes as the <see cref="BoxIou"/> kernel's columns, in the per-thread scratch (columns 0 to 4):
/// set once per cell, then one ground-truth row at a time. The one box IoU of box matching and of the mask pre-filter.
/// </summary>
internal readonly ref struct DetectionColumns
{
    private readonly Span<double> x1;
    private readonly Span<double> y1;
    private readonly Span<double> x2;
    private readonly Span<double> y2;
    private readonly Span<double> area;

    /// <param name="scratch">The thread's buffers.</param>
    /// <param name="count">The number of detections.</param>
    public DetectionColumns(MatchScratch scratch, int count)
    {
        x1 = scratch.Column(0, count);
        y1 = scratch.Column(1, count);
        x2 = scratch.Column(2, count);
        y2 = scratch.Column(3, count);
        area = scratch.Column(4, count);
    }

    /// <summary>Sets detection <paramref name="d"/>'s box: the reference <c>bbIou</c>'s <c>x + w</c>, <c>y + h</c>, <c>w * h</c>.</summary>
    /// <param name="d">The detection's index in the cell.</param>
    /// <param name="box">Its box.</param>
    public void Set(int d, in Box box)
    {
        x1[d] = box.X;
        y1[d] = box.Y;
        // The reference adds w + x; addition commutes, so x + w is the same double.
        x2[d] = box.X + box.Width;
        y2[d] = box.Y + box.Height;
        // The reference's bbIou uses the box area w*h here, not the "area" field.
        area[d] = box.Width * box.Height;
    }

    /// <summary>Fills <paramref name="row"/> with the IoU of one ground truth against every detection (over the detection's area for a crowd).</summary>
    /// <param name="truth">The ground truth's box.</param>
    /// <param name="crowd">Whether it is a crowd region.</param>
    /// <param name="row">Output, one IoU per detection.</param>
    public void Row(in Box truth, bool crowd, Span<double> row) =>
        BoxIou.Compute(truth.X, truth.Y, truth.X + truth.Width, truth.Y + truth.Height, truth.Width * truth.Height, crowd, x1, y1, x2, y2, area, row);
}
