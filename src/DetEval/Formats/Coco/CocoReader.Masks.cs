using DetEval.Data;
using DetEval.Formats.Json;
using DetEval.Formats.Coco;
using DetEval.Formats;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>
    /// The checks segm evaluation needs, at the file and JSON path of the mask: a polygon (or a result without a mask,
    /// which is its box as a polygon) needs its image's width and height (without them it would be rasterised to an
    /// empty mask: AP 0 for perfect masks); the masks of one image, ground truth and results alike, must have one size
    /// (masks of different sizes get IoU -1 in the reference: never a match, silently). Masks that all share a size other
    /// than the image's are compared as the reference compares them.
    /// </summary>
    private static void CheckMaskSizes(DetectionDataset gt, DetectionSet results, string resultsArray)
    {
        var sizes = new Dictionary<long, (int Height, int Width, int Index)>();
        for (int i = 0; i < gt.GroundTruths.Count; i++)
        {
            var truth = gt.GroundTruths[i];
            if (truth.Segmentation is not { } segmentation || !gt.TryGetImage(truth.ImageId, out var image))
            {
                continue;
            }

            // The place is formatted only for a message (one string per mask costs more than the check).
            var size = MaskSize(segmentation, image, gt.Source, i, static i => $"$.annotations[{i}].segmentation");
            if (sizes.TryGetValue(image.Id, out var first))
            {
                if ((first.Height, first.Width) != size)
                {
                    throw new DetEvalInputException(gt.Source, $"$.annotations[{i}].segmentation", $"mask size [{size.Height}, {size.Width}] differs from [{first.Height}, {first.Width}] of $.annotations[{first.Index}].segmentation in image {image.Id}; the masks of one image are compared with each other and need one size");
                }
            }
            else
            {
                sizes.Add(image.Id, (size.Height, size.Width, i));
            }
        }

        Func<int, string> boxAt = i => $"{resultsArray}[{i}].bbox", maskAt = i => $"{resultsArray}[{i}].segmentation";
        var images = gt.Cursor();
        for (int i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (!images.TryGet(result.ImageId, out var image))
            {
                continue;
            }

            var size = MaskSize(result.Segmentation, image, results.Source, i, result.Segmentation is null ? boxAt : maskAt);
            if (sizes.TryGetValue(image.Id, out var truth) && (truth.Height, truth.Width) != size)
            {
                throw new DetEvalInputException(results.Source, $"{resultsArray}[{i}].segmentation", $"mask size [{size.Height}, {size.Width}] differs from the ground truth's [{truth.Height}, {truth.Width}] ($.annotations[{truth.Index}].segmentation of {gt.Source}) in image {image.Id}; the reference would give every pair IoU -1, a silent miss");
            }
        }
    }

    /// <summary>The size a mask is compared at: an RLE's own, else (polygons, a box) its image's, which must be known.</summary>
    private static (int Height, int Width) MaskSize(Segmentation? segmentation, ImageInfo image, string file, int index, Func<int, string> at)
    {
        if (segmentation is { Kind: not SegmentationKind.Polygons })
        {
            return (segmentation.Height, segmentation.Width);
        }

        if (image.Width <= 0 || image.Height <= 0)
        {
            throw new DetEvalInputException(file, at(index), $"image {image.Id} has no width and height (or 0): segm evaluation needs them to rasterise {(segmentation is null ? "a box result" : "polygons")}; the reference fails without them and an empty mask would give AP 0");
        }

        return (image.Height, image.Width);
    }

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
