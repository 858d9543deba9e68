namespace DetEval;

/// <summary>How a segmentation is stored in the source file.</summary>
public enum SegmentationKind
{
    /// <summary>One or more polygons <c>[x1,y1,x2,y2,...]</c>, rasterised at the image size.</summary>
    Polygons,

    /// <summary>Uncompressed RLE (<c>counts</c> as a list of numbers).</summary>
    Rle,

    /// <summary>Compressed RLE (<c>counts</c> as the reference's LEB128-like string).</summary>
    CompressedRle,
}
