using DetEval.Data;

namespace DetEval.Matching;

/// <summary>Box IoU of a cell through the box-IoU kernel (<see cref="DetectionColumns"/>), one ground-truth row at a time.</summary>
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
        var columns = new DetectionColumns(scratch, detIndices.Length);
        for (int d = 0; d < detIndices.Length; d++)
        {
            columns.Set(d, detections[detIndices[d]].Box);
        }

        for (int g = 0; g < gtIndices.Length; g++)
        {
            var gt = truths[gtIndices[g]];
            columns.Row(gt.Box, gt.IsCrowd, ious.Slice(g * detIndices.Length, detIndices.Length));
        }
    }
}
