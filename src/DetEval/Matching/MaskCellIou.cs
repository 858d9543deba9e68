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
        var dtBoxes = scratch.MaskBoxes(detCount);
        var runStarts = scratch.RunStarts(detCount);
        var runLengths = scratch.RunLengths(detCount);
        var masks = scratch.Masks(detCount);
        for (int d = 0; d < detCount; d++)
        {
            ref readonly var det = ref detections[detIndices[d]];
            runLengths[d] = -1;
            if (det.Segmentation is { } measured && measured.TryGetMeasuredCompressed(out _, out var box))
            {
                // Measured when read, so valid: decoded below only if some truth's box overlaps its box.
                dtBoxes[d] = box;
                masks[d] = null;
                continue;
            }

            var rle = DetectionMask(image, det);
            masks[d] = rle;
            // The box of a result's mask was already measured when it was read (loadRes's toBbox).
            dtBoxes[d] = det.Segmentation is { } segmentation ? segmentation.MaskBox(rle) : rle.ToBox();
        }

        int used = 0;
        for (int g = 0; g < gtIndices.Length; g++)
        {
            var gt = truths[gtIndices[g]];
            var gtRle = TruthMask(image, gt);
            var gtBox = gtRle.ToBox();
            bool crowd = gt.IsCrowd;
            double ga = gtBox.Width * gtBox.Height;
            var row = ious.Slice(g * detCount, detCount);
            for (int d = 0; d < detCount; d++)
            {
                row[d] = MaskIou.BoxPrefilter(dtBoxes[d], gtBox, ga, crowd);
                if (!(row[d] > 0))
                {
                    continue;
                }

                if (masks[d] is { } rle)
                {
                    row[d] = MaskIou.ComputeRuns(rle, gtRle, crowd);
                    continue;
                }

                var segmentation = detections[detIndices[d]].Segmentation!;
                if (segmentation.Height != gtRle.Height || segmentation.Width != gtRle.Width)
                {
                    row[d] = -1;
                    continue;
                }

                if (runLengths[d] < 0)
                {
                    segmentation.TryGetMeasuredCompressed(out var bytes, out _);
                    runStarts[d] = used;
                    runLengths[d] = Rle.DecodeCompressedUtf8Into(bytes, segmentation.Height, segmentation.Width, ref scratch.Runs, used);
                    used += runLengths[d];
                }

                row[d] = MaskIou.ComputeRuns(scratch.Runs.AsSpan(runStarts[d], runLengths[d]), gtRle.Counts, crowd, gtRle.Height, gtRle.Width);
            }
        }

        masks.Clear();
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
