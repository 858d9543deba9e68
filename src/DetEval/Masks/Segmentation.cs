using System.Runtime.InteropServices;

namespace DetEval;

/// <summary>A segmentation as read from a file: polygons, uncompressed RLE or compressed RLE.</summary>
public sealed partial class Segmentation
{
    // Hundreds of thousands of these are alive at once (one per detection), so the fields are packed: one
    // payload (the polygons, the runs or the compressed counts string), the compressed counts as the file's
    // ASCII bytes (a quarter of the decoded runs' size, decoded when a mask is needed) as array, start and
    // length, and the remembered mask box as integers (a mask's box always is).
    private byte[]? utf8Array;
    private int utf8Start;
    private int utf8Length;
    private object? payload;
    private int boxX;
    private int boxY;
    private int boxWidth;
    private int boxHeight;
    private bool hasBox;
    private uint[]? keptRuns;
    private int keptStart;
    private int keptLength;

    private Segmentation(SegmentationKind kind, object? payload, int height, int width, ReadOnlyMemory<byte>? compressedUtf8 = null)
    {
        Kind = kind;
        this.payload = payload;
        Height = height;
        Width = width;
        if (compressedUtf8 is { } bytes)
        {
            if (!MemoryMarshal.TryGetArray(bytes, out var segment))
            {
                segment = new ArraySegment<byte>(bytes.ToArray());
            }

            utf8Array = segment.Array!;
            utf8Start = segment.Offset;
            utf8Length = segment.Count;
        }
    }

    /// <summary>How the segmentation was stored.</summary>
    public SegmentationKind Kind { get; private set; }

    /// <summary>The polygons, for <see cref="SegmentationKind.Polygons"/>.</summary>
    public IReadOnlyList<double[]>? Polygons => Kind == SegmentationKind.Polygons ? (IReadOnlyList<double[]>?)payload : null;

    /// <summary>The runs, for <see cref="SegmentationKind.Rle"/>.</summary>
    public Rle? Rle => Kind == SegmentationKind.Rle ? (Rle?)payload : null;

    /// <summary>The compressed counts string, for <see cref="SegmentationKind.CompressedRle"/>.</summary>
    public string? CompressedCounts => Kind != SegmentationKind.CompressedRle
        ? null
        : (string?)(payload ??= utf8Array is null ? null : System.Text.Encoding.ASCII.GetString(CompressedUtf8));

    /// <summary>The RLE height (RLE kinds only; 0 for polygons).</summary>
    public int Height { get; private set; }

    /// <summary>The RLE width (RLE kinds only; 0 for polygons).</summary>
    public int Width { get; private set; }

    /// <summary>A segmentation made of polygons.</summary>
    public static Segmentation FromPolygons(IReadOnlyList<double[]> polygons) =>
        new(SegmentationKind.Polygons, polygons, 0, 0);

    /// <summary>A segmentation made of uncompressed RLE.</summary>
    public static Segmentation FromRle(Rle rle) =>
        new(SegmentationKind.Rle, rle, rle.Height, rle.Width);

    /// <summary>A segmentation made of compressed RLE counts given as ASCII bytes (not copied) and its size.</summary>
    public static Segmentation FromCompressedUtf8(ReadOnlyMemory<byte> counts, int height, int width)
    {
        return new(SegmentationKind.CompressedRle, null, height, width, counts);
    }

    /// <summary>A segmentation made of compressed RLE counts and its size.</summary>
    public static Segmentation FromCompressed(string counts, int height, int width) =>
        new(SegmentationKind.CompressedRle, counts, height, width);

    /// <summary>The compressed counts as ASCII bytes (empty unless given so).</summary>
    private ReadOnlySpan<byte> CompressedUtf8 => utf8Array.AsSpan(utf8Start, utf8Length);

    /// <summary>The compressed counts' bytes where they are held (empty unless given as bytes).</summary>
    internal ReadOnlyMemory<byte> CompressedMemory => utf8Array is null ? default : new(utf8Array, utf8Start, utf8Length);

    /// <summary>
    /// Makes this segmentation, which nothing uses any more, the compressed RLE of <paramref name="counts"/> (as
    /// <see cref="FromCompressedUtf8"/> makes it): a streamed read reuses one per result instead of making it anew.
    /// </summary>
    internal void Reset(ReadOnlyMemory<byte> counts, int height, int width)
    {
        if (!MemoryMarshal.TryGetArray(counts, out var segment))
        {
            segment = new ArraySegment<byte>(counts.ToArray());
        }

        (Kind, payload, Height, Width) = (SegmentationKind.CompressedRle, null, height, width);
        (utf8Array, utf8Start, utf8Length) = (segment.Array!, segment.Offset, segment.Count);
        (keptRuns, keptStart, keptLength) = (null, 0, 0);
        hasBox = false;
    }

    /// <summary>This compressed RLE with its bytes at <paramref name="bytes"/> (a copy of them) and the same remembered box.</summary>
    internal Segmentation MovedTo(ReadOnlyMemory<byte> bytes)
    {
        var moved = new Segmentation(Kind, null, Height, Width, bytes);
        if (MaskBoxOrNull is { } box)
        {
            moved.RememberBox(box);
        }

        return moved;
    }

    /// <summary>The remembered mask box, if any.</summary>
    private Box? MaskBoxOrNull => Volatile.Read(ref hasBox) ? new Box(boxX, boxY, boxWidth, boxHeight) : null;

    /// <summary>Remembers a mask's box, which is integer-valued (made of pixel counts); any other is not remembered.</summary>
    private void RememberBox(Box box)
    {
        (int x, int y, int w, int h) = ((int)box.X, (int)box.Y, (int)box.Width, (int)box.Height);
        if (x != box.X || y != box.Y || w != box.Width || h != box.Height)
        {
            return;
        }

        (boxX, boxY, boxWidth, boxHeight) = (x, y, w, h);
        // Published after the coordinates: a reader that sees the flag sees them.
        Volatile.Write(ref hasBox, true);
    }
}
