using DetEval.Formats.Json;
using DetEval.Formats.Sam;

namespace DetEval;

/// <summary>
/// Reads SAM 3's SA-Co format (the format of the SA-Co/Gold and Silver benchmarks): ground-truth files whose
/// <c>images</c> are (image, noun phrase) pairs, and predictions as a COCO results list. Both are streamed through
/// the COCO reader's parsers, so masks and boxes obey the same rules and errors name the same places.
/// </summary>
public static class SaCoReader
{
    /// <summary>The JSON path of the array each predictions set was read from, for messages about its entries.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<DetectionSet, string> ArrayPaths = [];

    /// <summary>
    /// Reads one annotator's ground truth: <c>images</c> (each with <c>id</c>, <c>text_input</c>,
    /// <c>is_instance_exhaustive</c>, <c>width</c>, <c>height</c>, <c>file_name</c>), <c>categories</c> and
    /// <c>annotations</c> (compressed RLE or polygons with <c>bbox</c> and <c>iscrowd</c>).
    /// </summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DetEvalInputException">The file is missing or malformed, a pair has no <c>is_instance_exhaustive</c>, or an id repeats.</exception>
    public static SaCoDataset ReadGroundTruth(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fields = new SaCoGroundTruthFields();
        var dataset = CocoReader.ReadExtendedGroundTruth(path, readSegmentation: true, fields);
        return new SaCoDataset([.. dataset.Images.Select((image, i) => fields.PairAt(i, image, path))], dataset);
    }

    /// <summary>
    /// Reads predictions: a COCO results list (<c>image_id</c> = the pair, <c>category_id</c>, <c>score</c>,
    /// <c>segmentation</c> as compressed RLE and/or <c>bbox</c>), in file order. Predictions on pairs that no ground
    /// truth has are kept here and ignored by the evaluation, as the reference ignores them.
    /// </summary>
    /// <remarks>
    /// Parity: the reference loads each pair's predictions on their own (<c>loadRes</c> per pair), so the rule for
    /// boxes is decided per pair by its first prediction. If that one has a non-empty <c>bbox</c>, every prediction of
    /// the pair needs one and keeps it (one without <c>segmentation</c> is, for mask IoU, the polygon of its box).
    /// Otherwise every prediction of the pair needs a mask, and one without <c>bbox</c> takes its mask's box
    /// (<c>toBbox</c>: <c>w = x_max - x_min + 1</c>; an empty mask gives <c>[0, 0, 0, 0]</c>).
    /// </remarks>
    /// <param name="path">The JSON file.</param>
    /// <returns>The predictions; <see cref="Detection.ImageId"/> is the pair id.</returns>
    /// <exception cref="DetEvalInputException">The file is missing or malformed, or a prediction breaks its pair's rule.</exception>
    public static DetectionSet ReadPredictions(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Parity: a box with a negative width or height is taken as it is; its IoU with every box is 0 (bbIou's
        // intersection width or height is then negative), and in mask mode it plays no part.
        var raw = CocoReader.ParseResults(path, new CocoResultsOptions { KeepNegativeBoxSizes = true });
        var items = raw.Items;
        // Parity: the first prediction of each pair (file order) decides the pair's box rule.
        var boxRule = new Dictionary<long, bool>();
        var detections = new Detection[items.Count];
        int index = 0;
        for (int chunk = 0; chunk < items.ChunkCount; chunk++)
        {
            foreach (ref readonly var r in items.Chunk(chunk))
            {
                if (!boxRule.TryGetValue(r.ImageId, out bool boxes))
                {
                    boxRule.Add(r.ImageId, boxes = r.HasBox);
                }

                try
                {
                    detections[index] = ToDetection(r, boxes);
                }
                catch (JsonFieldException e)
                {
                    throw new DetEvalInputException(raw.Path, $"{(raw.InAnnotations ? "$.annotations" : "$")}[{index}]{e.Field}", e.Message, e);
                }

                index++;
            }
        }

        var set = new DetectionSet(detections, detections.Length, raw.Path);
        ArrayPaths.AddOrUpdate(set, raw.InAnnotations ? "$.annotations" : "$");
        return set;
    }

    /// <summary>The JSON path of the array <paramref name="predictions"/> were read from by <see cref="ReadPredictions"/> (<c>$</c> when built in code).</summary>
    internal static string ArrayPathOf(DetectionSet predictions) => ArrayPaths.TryGetValue(predictions, out string? path) ? path : "$";

    private static Detection ToDetection(in CocoReader.RawResult r, bool boxes)
    {
        if (boxes)
        {
            return r.HasBox
                ? new Detection(r.ImageId, r.CategoryId, r.Box, r.Score, r.Box.Area, r.Segmentation)
                : throw new JsonFieldException("", $"prediction has no \"bbox\" (the first prediction of pair {r.ImageId} has one, so every prediction of the pair needs one)");
        }

        var mask = r.Segmentation
            ?? throw new JsonFieldException("", $"prediction has no \"segmentation\" (the first prediction of pair {r.ImageId} has no bbox, so every prediction of the pair needs a mask)");
        if (mask.Kind == SegmentationKind.Polygons)
        {
            throw new JsonFieldException(".segmentation", "expected an RLE mask {\"size\", \"counts\"}, got polygons (the reference reads prediction masks as RLE)");
        }

        double area;
        Box box;
        if (r.Measured && mask.TryGetMeasuredCompressed(out _, out var measured))
        {
            (area, box) = (r.MaskArea, measured);
        }
        else
        {
            try
            {
                (area, box) = mask.Measure(0, 0);
            }
            catch (FormatException e)
            {
                throw new JsonFieldException(".segmentation", e.Message);
            }
        }

        return new Detection(r.ImageId, r.CategoryId, r.HasBox ? r.Box : box, r.Score, area, mask);
    }
}
