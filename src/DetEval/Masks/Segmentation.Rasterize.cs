namespace DetEval;

/// <summary>Conversion of any segmentation kind to runs, as pycocotools <c>COCO.annToRLE</c>.</summary>
public sealed partial class Segmentation
{
    /// <summary>The mask's area and box (<c>maskUtils.area</c>, <c>toBbox</c>) without keeping its runs.</summary>
    internal (double Area, Box Box) Measure(int height, int width)
    {
        if (Kind == SegmentationKind.CompressedRle && utf8Array is not null)
        {
            CheckSize(height, width);
            var measured = Rle.MeasureCompressedUtf8(CompressedUtf8, Height, Width);
            RememberBox(measured.Box);
            return measured;
        }

        var rle = ToRle(height, width);
        var box = rle.ToBox();
        RememberBox(box);
        return (rle.Area, box);
    }

    /// <summary>
    /// <see cref="Measure"/> of compressed RLE held as bytes (with no image size), keeping the decoded runs at
    /// <paramref name="runs"/>[<paramref name="used"/>..] (grown as needed; <paramref name="used"/> moves past them) for
    /// matching to take instead of decoding again (<see cref="KeptRuns"/>). The caller owns the buffer: it must not
    /// write over them while this segmentation may still be matched.
    /// </summary>
    internal (double Area, Box Box) MeasureKeepingRuns(ref uint[] runs, ref int used)
    {
        if (Kind != SegmentationKind.CompressedRle || utf8Array is null)
        {
            return Measure(0, 0);
        }

        int n = Rle.DecodeCompressedUtf8Into(CompressedUtf8, Height, Width, ref runs, used);
        var (area, box) = Rle.AreaAndBoxOf(runs.AsSpan(used, n), Height, Width, sumsToPixels: true);
        RememberBox(box);
        (keptRuns, keptStart, keptLength) = (runs, used, n);
        used += n;
        return (area, box);
    }

    /// <summary>The runs <see cref="MeasureKeepingRuns"/> kept (empty when none were).</summary>
    internal ReadOnlySpan<uint> KeptRuns => keptRuns.AsSpan(keptStart, keptLength);

    /// <summary>
    /// When this is compressed RLE held as bytes and <see cref="Measure"/> has measured it (so it is valid): the
    /// bytes and the mask's box, so that its runs can be decoded only when needed.
    /// </summary>
    internal bool TryGetMeasuredCompressed(out ReadOnlySpan<byte> counts, out Box box)
    {
        if (utf8Array is not null && MaskBoxOrNull is { } measured)
        {
            counts = CompressedUtf8;
            box = measured;
            return true;
        }

        counts = default;
        box = default;
        return false;
    }

    /// <summary>The box of this segmentation's mask <paramref name="rle"/> (<c>toBbox</c>), remembered from <see cref="Measure"/>.</summary>
    internal Box MaskBox(Rle rle)
    {
        if (MaskBoxOrNull is { } box)
        {
            return box;
        }

        box = rle.ToBox();
        RememberBox(box);
        return box;
    }

    /// <summary>
    /// The segmentation as runs at the image size, as pycocotools <c>annToRLE</c> (<c>frPyObjects</c> + <c>merge</c>).
    /// </summary>
    /// <remarks>
    /// <list type="bullet">
    /// <item>Polygons: each polygon is rasterised by <see cref="Rle.FromPolygon"/> at
    /// <paramref name="height"/> x <paramref name="width"/> and the parts are union-merged (one part is
    /// returned as is). Parity: <c>frPyObjects</c> looks only at the first polygon: if it has more than 4 numbers
    /// every part is rasterised as a polygon (a later part of 4 or fewer numbers becomes a degenerate polygon
    /// of <c>len / 2</c> points); if it has exactly 4 numbers pycocotools dispatches to its box path and fails
    /// with "Argument 'bb' has incorrect type" (cocodataset/cocoapi issues #139, #369); with fewer, or with no
    /// polygon at all, it fails too. Those inputs throw <see cref="FormatException"/> here.</item>
    /// <item>Uncompressed RLE: returned as is, after checking that the counts cover the mask.</item>
    /// <item>Compressed RLE: decoded by <see cref="Rle.FromCompressedString"/>.</item>
    /// </list>
    /// For the RLE kinds the stored size must equal the image size when <paramref name="height"/> and
    /// <paramref name="width"/> are positive (pass 0 to skip the check).
    /// </remarks>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <returns>The mask as runs.</returns>
    /// <exception cref="FormatException">The segmentation cannot be converted (see remarks).</exception>
    public Rle ToRle(int height, int width)
    {
        switch (Kind)
        {
            case SegmentationKind.Polygons:
                return RasterisePolygons(Polygons!, height, width);
            case SegmentationKind.Rle:
                CheckSize(height, width);
                Rle!.Validate();
                return Rle;
            case SegmentationKind.CompressedRle:
                CheckSize(height, width);
                return utf8Array is not null
                    ? Rle.FromCompressedUtf8(CompressedUtf8, Height, Width)
                    : Rle.FromCompressedString(CompressedCounts!, Height, Width);
            default:
                throw new FormatException($"Unknown segmentation kind {Kind}.");
        }
    }

    private void CheckSize(int height, int width)
    {
        if (height > 0 && width > 0 && (height != Height || width != Width))
        {
            throw new FormatException($"RLE size [{Height}, {Width}] differs from the image size [{height}, {width}].");
        }
    }

    /// <summary>
    /// <see cref="ToRle"/>'s counts, for a caller done with them before it rasterises anything else: one polygon is
    /// rasterised into this thread's buffer (valid until the next polygon or box rasterised on this thread), so that a
    /// ground truth rasterised for matching leaves no garbage; every other kind gives its <see cref="Rle"/>'s counts.
    /// </summary>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="maskHeight">The mask's height (the image's for polygons, the RLE's own otherwise).</param>
    /// <param name="maskWidth">The mask's width.</param>
    /// <exception cref="FormatException">As <see cref="ToRle"/>.</exception>
    internal ReadOnlySpan<uint> Runs(int height, int width, out int maskHeight, out int maskWidth)
    {
        if (Kind == SegmentationKind.Polygons && Polygons!.Count == 1)
        {
            CheckPolygons(Polygons, height, width);
            (maskHeight, maskWidth) = (height, width);
            return Rle.PolygonRuns(Polygons[0], height, width);
        }

        var rle = ToRle(height, width);
        (maskHeight, maskWidth) = (rle.Height, rle.Width);
        return rle.Counts;
    }

    private static Rle RasterisePolygons(IReadOnlyList<double[]> polygons, int height, int width)
    {
        CheckPolygons(polygons, height, width);
        if (polygons.Count == 1)
        {
            return Rle.FromPolygon(polygons[0], height, width);
        }

        var parts = new Rle[polygons.Count];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = Rle.FromPolygon(polygons[i], height, width);
        }

        return Rle.Merge(parts, intersect: false);
    }

    /// <summary>What <see cref="ToRle"/> refuses in polygons (see its remarks) before rasterising them.</summary>
    private static void CheckPolygons(IReadOnlyList<double[]> polygons, int height, int width)
    {
        if (height < 0 || width < 0)
        {
            throw new FormatException($"Image size [{height}, {width}] is negative.");
        }

        if (polygons.Count == 0)
        {
            throw new FormatException("Polygon segmentation has no polygon (pycocotools fails on an empty list).");
        }

        int firstLength = polygons[0].Length;
        if (firstLength == 4)
        {
            throw new FormatException(
                "Polygon segmentation starts with a 4-number polygon, which pycocotools treats as a box and cannot evaluate (cocoapi issue #139).");
        }

        if (firstLength < 4)
        {
            throw new FormatException($"Polygon segmentation starts with a polygon of {firstLength} numbers; at least 6 are needed.");
        }
    }
}
