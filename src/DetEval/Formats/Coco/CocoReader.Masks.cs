using DetEval.Data;
using DetEval.Formats.Json;
using DetEval.Formats.Coco;
using DetEval.Formats;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>The mask area and bounding box of a result, as <c>maskUtils.area</c> and <c>toBbox</c>.</summary>
    private static (double Area, Box Box) MaskArea(Segmentation segmentation, ImageInfo image)
    {
        try
        {
            return segmentation.Kind == SegmentationKind.Polygons
                ? segmentation.Measure(image.Height, image.Width)
                : segmentation.Measure(0, 0);
        }
        catch (FormatException e)
        {
            throw new JsonFieldException(".segmentation", e.Message);
        }
    }
}
