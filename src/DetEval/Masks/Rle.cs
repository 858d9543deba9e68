namespace DetEval;

/// <summary>
/// A binary mask as COCO run-length encoding: pixels in column-major order, alternating runs of
/// zeros and ones, starting with zeros (a run may be empty).
/// </summary>
public sealed partial class Rle
{
    /// <summary>Creates an RLE from its size and runs; the runs are not copied.</summary>
    /// <param name="height">Mask height (rows).</param>
    /// <param name="width">Mask width (columns).</param>
    /// <param name="counts">Run lengths, zeros first.</param>
    public Rle(int height, int width, uint[] counts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentNullException.ThrowIfNull(counts);
        Height = height;
        Width = width;
        Counts = counts;
    }

    /// <summary>Mask height (rows).</summary>
    public int Height { get; }

    /// <summary>Mask width (columns).</summary>
    public int Width { get; }

    /// <summary>Run lengths, zeros first.</summary>
    public uint[] Counts { get; }
}
