using DetEval.Data;

namespace DetEval.Matching;

/// <summary>
/// One ground truth's row of a mask cell, as <see cref="MaskCellIou"/> left it, with the foreground intervals it was
/// computed from (column-major pixel positions, <c>[start, end)</c>).
/// </summary>
/// <param name="Image">The image.</param>
/// <param name="Truth">The ground truth.</param>
/// <param name="GtIndex">The truth's index in the cell (rows come in this order, from 0).</param>
/// <param name="TruthHeight">The truth's mask height.</param>
/// <param name="TruthWidth">The truth's mask width.</param>
/// <param name="Values">The row: one mask IoU per detection of the cell, in score order (writable).</param>
/// <param name="TruthCount">The truth's interval count; -2 when no detection needed them, -1 past 2^31 pixels.</param>
/// <param name="TruthStarts">The truth's interval starts (when <paramref name="TruthCount"/> &gt;= 0).</param>
/// <param name="TruthEnds">The truth's interval ends.</param>
/// <param name="RunStarts">Per detection, where its intervals start in <paramref name="DetectionStarts"/>.</param>
/// <param name="RunLengths">Per detection, its interval count; -2 when not made, -1 past 2^31 pixels.</param>
/// <param name="DetectionStarts">The interval starts of every detection made so far in the cell.</param>
/// <param name="DetectionEnds">Their interval ends.</param>
internal readonly ref struct MaskRow(
    ImageInfo Image,
    GroundTruth Truth,
    int GtIndex,
    int TruthHeight,
    int TruthWidth,
    Span<double> Values,
    int TruthCount,
    ReadOnlySpan<int> TruthStarts,
    ReadOnlySpan<int> TruthEnds,
    ReadOnlySpan<int> RunStarts,
    ReadOnlySpan<int> RunLengths,
    ReadOnlySpan<int> DetectionStarts,
    ReadOnlySpan<int> DetectionEnds)
{
    public ImageInfo Image { get; } = Image;

    public GroundTruth Truth { get; } = Truth;

    public int GtIndex { get; } = GtIndex;

    public int TruthHeight { get; } = TruthHeight;

    public int TruthWidth { get; } = TruthWidth;

    public Span<double> Values { get; } = Values;

    public int TruthCount { get; } = TruthCount;

    public ReadOnlySpan<int> TruthStarts { get; } = TruthStarts;

    public ReadOnlySpan<int> TruthEnds { get; } = TruthEnds;

    public ReadOnlySpan<int> RunStarts { get; } = RunStarts;

    public ReadOnlySpan<int> RunLengths { get; } = RunLengths;

    public ReadOnlySpan<int> DetectionStarts { get; } = DetectionStarts;

    public ReadOnlySpan<int> DetectionEnds { get; } = DetectionEnds;

    /// <summary>The foreground interval starts of detection <paramref name="detIndex"/> (made, below 2^31 pixels).</summary>
    public ReadOnlySpan<int> DetectionStartsOf(int detIndex) => DetectionStarts.Slice(RunStarts[detIndex], RunLengths[detIndex]);

    /// <summary>The foreground interval ends of detection <paramref name="detIndex"/>.</summary>
    public ReadOnlySpan<int> DetectionEndsOf(int detIndex) => DetectionEnds.Slice(RunStarts[detIndex], RunLengths[detIndex]);
}
