namespace DetEval.Matching;

/// <summary>Sees each matched cell of <see cref="ImageMatcher"/>: which ground truth each detection took (for reports).</summary>
internal interface ICellObserver
{
    /// <summary>One cell, after matching. May be called from several threads at once.</summary>
    /// <param name="categoryIndex">The cell's category index.</param>
    /// <param name="truths">The image's ground truths.</param>
    /// <param name="gtIndices">The cell's ground truths (indices into <paramref name="truths"/>).</param>
    /// <param name="detections">The image's detections.</param>
    /// <param name="detIndices">The cell's kept detections in score order (indices into <paramref name="detections"/>).</param>
    /// <param name="flags">Match flags at <c>(det * A + areaIndex) * T + thresholdIndex</c>.</param>
    /// <param name="matchedGt">The matched ground truth (an index into <paramref name="gtIndices"/>) or -1, laid out as the flags.</param>
    void Observe(
        int categoryIndex,
        IReadOnlyList<GroundTruth> truths,
        ReadOnlySpan<int> gtIndices,
        ReadOnlySpan<Detection> detections,
        ReadOnlySpan<int> detIndices,
        ReadOnlySpan<byte> flags,
        ReadOnlySpan<int> matchedGt);
}
