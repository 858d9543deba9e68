namespace DetEval.Matching;

/// <summary>
/// The match records of one image: everything the accumulation needs, and nothing else (no boxes,
/// no masks). Cells are the image's non-empty (category) groups in ascending category index.
/// </summary>
/// <remarks>
/// Detections of cell c are <c>[CellStart[c], CellStart[c+1])</c>, sorted by descending score
/// (stable) and cut at the last max-detections value. Their flags are at
/// <c>(det * A + areaIndex) * T + thresholdIndex</c>; <c>PositiveCount[c * A + areaIndex]</c> counts
/// the cell's ground truths that are not ignored in that area range.
/// </remarks>
internal sealed class ImageMatch
{
    /// <summary>The image id (VOC: the image's position in the image set, -1 when unknown).</summary>
    public required long ImageId { get; init; }

    /// <summary>The image name, for protocols that key images by name (VOC); null otherwise.</summary>
    public string? Name { get; init; }

    public required int[] CellCategory { get; init; }

    public required int[] CellStart { get; init; }

    public required double[] Scores { get; init; }

    public required byte[] Flags { get; init; }

    public required int[] PositiveCount { get; init; }

    /// <summary>Per cell: ground truths (crowd included), crowd (VOC: difficult) ground truths, detections before the cut.</summary>
    public required int[] CellCounts { get; init; }

    /// <summary>
    /// Per kept detection (aligned with <see cref="Scores"/>): its position in the detections the image was updated
    /// with (VOC; for a batch update, the position in the whole detection set); null where not kept (COCO).
    /// </summary>
    public int[]? DetectionIndex { get; init; }

    public int CellCount => CellCategory.Length;
}
