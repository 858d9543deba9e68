namespace DetEval.Masks;

/// <summary>A segmentation as read from a file: polygons, uncompressed RLE or compressed RLE.</summary>
public sealed partial class Segmentation
{
    private readonly Rle? decoded;
    private string? compressedCounts;

    private Segmentation(SegmentationKind kind, IReadOnlyList<double[]>? polygons, Rle? rle, string? compressed, int height, int width, Rle? decoded = null)
    {
        Kind = kind;
        Polygons = polygons;
        Rle = rle;
        compressedCounts = compressed;
        Height = height;
        Width = width;
        this.decoded = decoded;
    }

    /// <summary>How the segmentation was stored.</summary>
    public SegmentationKind Kind { get; }

    /// <summary>The polygons, for <see cref="SegmentationKind.Polygons"/>.</summary>
    public IReadOnlyList<double[]>? Polygons { get; }

    /// <summary>The runs, for <see cref="SegmentationKind.Rle"/>.</summary>
    public Rle? Rle { get; }

    /// <summary>The compressed counts string, for <see cref="SegmentationKind.CompressedRle"/>.</summary>
    public string? CompressedCounts => compressedCounts ??= decoded?.ToCompressedString();

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

    /// <summary>A compressed-RLE segmentation already decoded (the file's string is rebuilt on demand, byte-identical).</summary>
    public static Segmentation FromCompressed(Rle decoded)
    {
        ArgumentNullException.ThrowIfNull(decoded);
        return new(SegmentationKind.CompressedRle, null, null, null, decoded.Height, decoded.Width, decoded);
    }

    /// <summary>A segmentation made of compressed RLE counts and its size.</summary>
    public static Segmentation FromCompressed(string counts, int height, int width) =>
        new(SegmentationKind.CompressedRle, null, null, counts, height, width);
}
