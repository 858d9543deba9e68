using DetEval.Data;

namespace DetEval.Matching;

/// <summary>Computes the IoU matrix of one cell: <c>ious[gtIndex * detCount + detIndex]</c>.</summary>
internal abstract class CellIou
{
    /// <param name="image">The image (its size rasterises polygons).</param>
    /// <param name="truths">The image's ground truths.</param>
    /// <param name="gtIndices">The cell's ground truths, indices into <paramref name="truths"/>, file order.</param>
    /// <param name="detections">The image's detections.</param>
    /// <param name="detIndices">The cell's detections, indices into <paramref name="detections"/>, score order.</param>
    /// <param name="ious">Output matrix.</param>
    /// <param name="scratch">Per-thread buffers.</param>
    public abstract void Compute(
        ImageInfo image,
        IReadOnlyList<GroundTruth> truths,
        ReadOnlySpan<int> gtIndices,
        ReadOnlySpan<Detection> detections,
        ReadOnlySpan<int> detIndices,
        Span<double> ious,
        MatchScratch scratch);
}
