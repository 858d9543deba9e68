using DetEval.Data;
using DetEval.Geometry;
using DetEval.Masks;

namespace DetEval.Matching;

/// <summary>
/// Mask IoU of a cell on RLE (pycocotools <c>maskUtils.iou</c> after <c>annToRLE</c>): polygons are
/// rasterised at the image size, a detection without a mask uses its box as a polygon (<c>loadRes</c>).
/// </summary>
internal sealed class MaskCellIou : CellIou
{
    public static MaskCellIou Instance { get; } = new();

    public override void Compute(
        ImageInfo image,
        IReadOnlyList<GroundTruth> truths,
        ReadOnlySpan<int> gtIndices,
        ReadOnlySpan<Detection> detections,
        ReadOnlySpan<int> detIndices,
        Span<double> ious,
        MatchScratch scratch)
    {
        int detCount = detIndices.Length;
        var dtRles = new Rle[detCount];
        var dtBoxes = new Box[detCount];
        for (int d = 0; d < detCount; d++)
        {
            ref readonly var det = ref detections[detIndices[d]];
            dtRles[d] = DetectionMask(image, det);
            // The box of a result's mask was already measured when it was read (loadRes's toBbox).
            dtBoxes[d] = det.Segmentation is { } segmentation ? segmentation.MaskBox(dtRles[d]) : dtRles[d].ToBox();
        }

        for (int g = 0; g < gtIndices.Length; g++)
        {
            var gt = truths[gtIndices[g]];
            var rle = TruthMask(image, gt);
            MaskIou.ComputeRow(rle, rle.ToBox(), gt.IsCrowd, dtRles, dtBoxes, ious.Slice(g * detCount, detCount));
        }
    }

    internal static Rle TruthMask(ImageInfo image, GroundTruth gt)
    {
        if (gt.Segmentation is null)
        {
            throw new DetEvalInputException("", $"image {image.Id}, ground truth {gt.Id}", "has no segmentation, which segm evaluation needs");
        }

        try
        {
            return ToRle(gt.Segmentation, image);
        }
        catch (FormatException e)
        {
            throw new DetEvalInputException("", $"image {image.Id}, ground truth {gt.Id}", e.Message, e);
        }
    }

    /// <summary>
    /// Polygons are rasterised at the image size; RLE keeps its own size. Parity: the reference does
    /// not compare an RLE's size with its image, and masks of different sizes get IoU -1.
    /// </summary>
    internal static Rle ToRle(Segmentation segmentation, ImageInfo image) =>
        segmentation.Kind == SegmentationKind.Polygons
            ? segmentation.ToRle(image.Height, image.Width)
            : segmentation.ToRle(0, 0);

    internal static Rle DetectionMask(ImageInfo image, in Detection det)
    {
        try
        {
            // Parity: loadRes gives a box result without a mask the polygon of its box.
            return det.Segmentation is null
                ? Rle.FromBox(det.Box, image.Height, image.Width)
                : ToRle(det.Segmentation, image);
        }
        catch (FormatException e)
        {
            throw new DetEvalInputException("", $"image {image.Id}, detection of category {det.CategoryId} with score {det.Score}", e.Message, e);
        }
    }
}
