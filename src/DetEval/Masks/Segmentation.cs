namespace DetEval.Masks;

/// <summary>A segmentation as read from a file: polygons, uncompressed RLE or compressed RLE.</summary>
public sealed partial class Segmentation
{
    // Compressed counts are kept as the file's ASCII bytes (a quarter of the decoded runs' size) and
    // decoded when a mask is needed.
    private readonly ReadOnlyMemory<byte>? compressedUtf8;
    private string? compressedCounts;
    private Geometry.Box? maskBox;

    private Segmentation(SegmentationKind kind, IReadOnlyList<double[]>? polygons, Rle? rle, string? compressed, int height, int width, ReadOnlyMemory<byte>? compressedUtf8 = null)
    {
        Kind = kind;
        Polygons = polygons;
        Rle = rle;
        compressedCounts = compressed;
        Height = height;
        Width = width;
        this.compressedUtf8 = compressedUtf8;
    }

    /// <summary>How the segmentation was stored.</summary>
    public SegmentationKind Kind { get; }

    /// <summary>The polygons, for <see cref="SegmentationKind.Polygons"/>.</summary>
    public IReadOnlyList<double[]>? Polygons { get; }

    /// <summary>The runs, for <see cref="SegmentationKind.Rle"/>.</summary>
    public Rle? Rle { get; }

    /// <summary>The compressed counts string, for <see cref="SegmentationKind.CompressedRle"/>.</summary>
    public string? CompressedCounts => compressedCounts ??= compressedUtf8 is null ? null : System.Text.Encoding.ASCII.GetString(compressedUtf8.Value.Span);

    /// <summary>The RLE height (RLE kinds only; 0 for polygons).</summary>
    public int Height { get; }

    /// <summary>The RLE width (RLE kinds only; 0 for polygons).</summary>
    public int Width { get; }

    /// <summary>A segmentation made of polygons.</summary>
    public static Segmentation FromPolygons(IReadOnlyList<double[]> polygons) =>
        new(SegmentationKind.Polygons, polygons, null, null, 0, 0);

    /// <summary>A segmentation made of uncompressed RLE.</summary>
    public static Segmentation FromRle(Rle rle) =>
        new(SegmentationKind.Rle, null, rle, null, rle.Height, rle.Width);

    /// <summary>A segmentation made of compressed RLE counts given as ASCII bytes (not copied) and its size.</summary>
    public static Segmentation FromCompressedUtf8(ReadOnlyMemory<byte> counts, int height, int width)
    {
        return new(SegmentationKind.CompressedRle, null, null, null, height, width, counts);
    }

    /// <summary>A segmentation made of compressed RLE counts and its size.</summary>
    public static Segmentation FromCompressed(string counts, int height, int width) =>
        new(SegmentationKind.CompressedRle, null, null, counts, height, width);
}
