using DetEval.Data;
using DetEval.Kernels;

namespace DetEval.Matching;

/// <summary>Box IoU of a cell through the <see cref="BoxIou"/> kernel, one ground-truth row at a time.</summary>
internal sealed class BoxCellIou : CellIou
{
    public static BoxCellIou Instance { get; } = new();

    public override void Compute(
        ImageInfo image,
        IReadOnlyList<GroundTruth> truths,
        ReadOnlySpan<int> gtIndices,
        ReadOnlySpan<Detection> detections,
        ReadOnlySpan<int> detIndices,
        Span<double> ious,
        MatchScratch scratch)
    {
        int detCount = detIndices.Length;
        var x1 = scratch.Column(0, detCount);
        var y1 = scratch.Column(1, detCount);
        var x2 = scratch.Column(2, detCount);
        var y2 = scratch.Column(3, detCount);
        var area = scratch.Column(4, detCount);
        for (int d = 0; d < detCount; d++)
        {
            var b = detections[detIndices[d]].Box;
            x1[d] = b.X;
            y1[d] = b.Y;
            // The reference adds w + x; addition commutes, so x + w is the same double.
            x2[d] = b.X + b.Width;
            y2[d] = b.Y + b.Height;
            // The reference's bbIou uses the box area w*h here, not the "area" field.
            area[d] = b.Width * b.Height;
        }

        for (int g = 0; g < gtIndices.Length; g++)
        {
            var gt = truths[gtIndices[g]];
            var b = gt.Box;
            BoxIou.Compute(b.X, b.Y, b.X + b.Width, b.Y + b.Height, b.Width * b.Height, gt.IsCrowd, x1, y1, x2, y2, area, ious.Slice(g * detCount, detCount));
        }
    }
}
