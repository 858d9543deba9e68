using DetEval.Data;
using DetEval.Kernels;

namespace DetEval.Matching;

/// <summary>
/// Mask IoU of a cell on RLE (pycocotools <c>maskUtils.iou</c> after <c>annToRLE</c>): polygons are
/// rasterised at the image size, a detection without a mask uses its box as a polygon (<c>loadRes</c>).
/// </summary>
internal class MaskCellIou : CellIou
{
    /// <summary>The file named by a bad ground-truth mask, until the batch update replaces it with the dataset's source.</summary>
    public const string GroundTruthSource = "(ground truth)";

    /// <summary>The file named by a bad detection mask, until the batch update replaces it with the results' source.</summary>
    public const string DetectionSource = "(detections)";

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
        var totals = scratch.RunTotals(detCount);
        var foregrounds = scratch.Foregrounds(detCount);
        var masks = scratch.Masks(detCount);
        for (int d = 0; d < detCount; d++)
        {
            ref readonly var det = ref detections[detIndices[d]];
            runLengths[d] = -2; // intervals not made yet
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

        var columns = new DetectionColumns(scratch, detCount);
        for (int d = 0; d < detCount; d++)
        {
            columns.Set(d, dtBoxes[d]);
        }

        int used = 0;
        for (int g = 0; g < gtIndices.Length; g++)
        {
            var gt = truths[gtIndices[g]];
            // The truth's runs in this thread's buffer (nothing else is rasterised until its row is done): rasterised
            // once, for its one cell, and left as no garbage.
            var gtCounts = TruthRuns(image, gt, out int gtHeight, out int gtWidth);
            var gtBox = Rle.BoxOf(gtCounts, gtHeight, gtWidth);
            bool crowd = gt.IsCrowd;
            var row = ious.Slice(g * detCount, detCount);
            // Parity: the reference's bbIou pre-filter on the mask boxes; only a positive value goes on to the runs.
            columns.Row(gtBox, crowd, row);
            int truthCount = -2; // the truth's intervals: -2 until needed, -1 when positions pass 2^31
            ulong truthTotal = 0;
            long truthForeground = 0;
            for (int d = 0; d < detCount; d++)
            {
                if (!(row[d] > 0))
                {
                    continue;
                }

                var segmentation = detections[detIndices[d]].Segmentation;
                int height = masks[d]?.Height ?? segmentation!.Height, width = masks[d]?.Width ?? segmentation!.Width;
                if (height != gtHeight || width != gtWidth)
                {
                    row[d] = -1;
                    continue;
                }

                if (runLengths[d] == -2)
                {
                    // First use: the detection's runs become foreground intervals, kept for the other truths.
                    ReadOnlySpan<uint> counts = masks[d] is { } rle ? rle.Counts : Decode(segmentation!, scratch);
                    int capacity = used + (counts.Length / 2) + RunIntersection.Padding;
                    scratch.IntervalStarts(capacity);
                    scratch.IntervalEnds(capacity);
                    runStarts[d] = used;
                    runLengths[d] = RunIntersection.ToIntervals(counts, scratch.IntervalStarts(capacity)[used..], scratch.IntervalEnds(capacity)[used..], out totals[d]);
                    if (runLengths[d] >= 0)
                    {
                        foregrounds[d] = MaskIou.Area(scratch.IntervalStarts(capacity).Slice(used, runLengths[d]), scratch.IntervalEnds(capacity).Slice(used, runLengths[d]));
                    }

                    used += Math.Max(runLengths[d], 0);
                }

                if (truthCount == -2)
                {
                    int capacity = (gtCounts.Length / 2) + RunIntersection.Padding;
                    truthCount = RunIntersection.ToIntervals(gtCounts, scratch.TruthStarts(capacity), scratch.TruthEnds(capacity), out truthTotal);
                    if (truthCount >= 0)
                    {
                        truthForeground = MaskIou.Area(scratch.TruthStarts(capacity)[..truthCount], scratch.TruthEnds(capacity)[..truthCount]);
                    }
                }

                if (runLengths[d] < 0 || truthCount < 0)
                {
                    // Positions past 2^31 (images of more than 2^31 pixels): the run walk, in 32-bit arithmetic.
                    var dtCounts = masks[d] is { } rle ? rle.Counts : Decode(segmentation!, scratch);
                    row[d] = MaskIou.ComputeRuns(dtCounts, gtCounts, crowd, gtHeight, gtWidth);
                    continue;
                }

                int count = (gtCounts.Length / 2) + RunIntersection.Padding;
                row[d] = MaskIou.Iou(
                    scratch.IntervalStarts(used).Slice(runStarts[d], runLengths[d]),
                    scratch.IntervalEnds(used).Slice(runStarts[d], runLengths[d]),
                    scratch.TruthStarts(count),
                    scratch.TruthEnds(count),
                    truthCount,
                    foregrounds[d],
                    truthForeground,
                    totals[d] != truthTotal,
                    crowd,
                    gtHeight,
                    gtWidth);
            }

            int made = Math.Max(used, 0);
            int truthIntervals = (gtCounts.Length / 2) + RunIntersection.Padding;
            FinishRow(new MaskRow(
                image,
                gt,
                g,
                gtHeight,
                gtWidth,
                row,
                truthCount,
                truthCount >= 0 ? scratch.TruthStarts(truthIntervals)[..truthCount] : default,
                truthCount >= 0 ? scratch.TruthEnds(truthIntervals)[..truthCount] : default,
                runStarts,
                runLengths,
                scratch.IntervalStarts(made),
                scratch.IntervalEnds(made)));
        }

        masks.Clear();
    }

    /// <summary>
    /// Called after each ground truth's row is filled, in ground-truth order, while the row's foreground intervals are
    /// at hand; segm leaves the row as it is.
    /// </summary>
    /// <param name="row">The row and the intervals it was computed from.</param>
    private protected virtual void FinishRow(in MaskRow row)
    {
    }

    /// <summary>Decodes a measured compressed mask into the scratch run buffer (valid until the next decode).</summary>
    private static ReadOnlySpan<uint> Decode(Segmentation segmentation, MatchScratch scratch)
    {
        if (segmentation.KeptRuns is { IsEmpty: false } kept)
        {
            return kept; // decoded when read (a streamed read)
        }

        segmentation.TryGetMeasuredCompressed(out var bytes, out _);
        int n = Rle.DecodeCompressedUtf8Into(bytes, segmentation.Height, segmentation.Width, ref scratch.Runs, 0);
        return scratch.Runs.AsSpan(0, n);
    }

    /// <summary>
    /// A ground truth's mask runs (<see cref="Segmentation.Runs"/>: valid until the next polygon rasterised on this
    /// thread) and size; polygons at the image size, RLE at its own.
    /// </summary>
    internal static ReadOnlySpan<uint> TruthRuns(ImageInfo image, GroundTruth gt, out int height, out int width)
    {
        if (gt.Segmentation is null)
        {
            throw new DetEvalInputException(GroundTruthSource, $"image {image.Id}, ground truth {gt.Id}", "has no segmentation, which mask IoU (segm, boundary) needs");
        }

        try
        {
            var (imageHeight, imageWidth) = SizeFor(gt.Segmentation, image);
            return gt.Segmentation.Runs(imageHeight, imageWidth, out height, out width);
        }
        catch (FormatException e)
        {
            throw new DetEvalInputException(GroundTruthSource, $"image {image.Id}, ground truth {gt.Id}", e.Message, e);
        }
    }

    /// <summary>
    /// Polygons are rasterised at the image size; RLE keeps its own size. Parity: the reference does
    /// not compare an RLE's size with its image, and masks of different sizes get IoU -1.
    /// </summary>
    internal static Rle ToRle(Segmentation segmentation, ImageInfo image)
    {
        var (height, width) = SizeFor(segmentation, image);
        return segmentation.ToRle(height, width);
    }

    /// <summary>The size <see cref="ToRle"/> asks of a segmentation: the image's for polygons, none (0, 0) for RLE.</summary>
    private static (int Height, int Width) SizeFor(Segmentation segmentation, ImageInfo image) =>
        segmentation.Kind == SegmentationKind.Polygons ? (image.Height, image.Width) : (0, 0);

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
            throw new DetEvalInputException(DetectionSource, $"image {image.Id}, detection of category {det.CategoryId} with score {det.Score}", e.Message, e);
        }
    }
}
