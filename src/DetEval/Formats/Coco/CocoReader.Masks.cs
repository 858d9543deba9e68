using DetEval.Data;
using DetEval.Formats.Json;
using DetEval.Geometry;
using DetEval.Masks;

namespace DetEval.Formats.Coco;

public static partial class CocoReader
{
    /// <summary>The mask area and bounding box of a result, as <c>maskUtils.area</c> and <c>toBbox</c>.</summary>
    private static (double Area, Box Box) MaskArea(Segmentation segmentation, ImageInfo image)
    {
        _ = segmentation;
        _ = image;
        throw new JsonFieldException(".segmentation", "mask results are not supported yet");
    }
}
