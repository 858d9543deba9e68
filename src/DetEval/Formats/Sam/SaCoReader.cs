using System.Text.Json;
using DetEval.Formats.Json;

namespace DetEval;

/// <summary>
/// Reads SAM 3's SA-Co format (the format of the SA-Co/Gold and Silver benchmarks): ground-truth files whose
/// <c>images</c> are (image, noun phrase) pairs, and predictions as a COCO results list. Both are streamed through
/// the COCO reader's parsers, so masks and boxes obey the same rules and errors name the same places.
/// </summary>
public static class SaCoReader
{
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
        var pairs = new List<SaCoPair>();
        var categories = new List<Category>();
        var annotations = new List<GroundTruth>();
        using var json = new JsonFileStreamer(path);
        if (json.Next(out _) != JsonTokenType.StartObject)
        {
            throw new DetEvalInputException(path, "$", "expected an SA-Co ground-truth object with images, categories and annotations");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (json.Next(out string? name) == JsonTokenType.PropertyName)
        {
            seen.Add(name!);
            JsonElementParser? parse = name switch
            {
                "images" => (ref Utf8JsonReader r, int _) => pairs.Add(ReadPair(ref r)),
                "categories" => (ref Utf8JsonReader r, int i) => categories.Add(CocoReader.ReadCategory(ref r, i, extension: null)),
                "annotations" => (ref Utf8JsonReader r, int _) => annotations.Add(CocoReader.ReadAnnotation(ref r, readSegmentation: true)),
                _ => null,
            };
            int elements = json.StreamValue(parse, "$." + name);
            if (parse is not null)
            {
                CocoReader.Expect(elements, path, "$." + name);
            }
        }

        foreach (string required in (string[])["images", "categories"])
        {
            if (!seen.Contains(required))
            {
                throw new DetEvalInputException(path, "$", $"missing \"{required}\"; an SA-Co ground-truth file needs images, categories and annotations");
            }
        }

        var dataset = new SaCoDataset(pairs, categories, annotations, path);
        CocoReader.Validate(dataset.Dataset);
        return dataset;
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
        var raw = CocoReader.ParseResults(path, new CocoResultsOptions());
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

        return new DetectionSet(detections, detections.Length, raw.Path);
    }

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

    private static SaCoPair ReadPair(ref Utf8JsonReader reader)
    {
        JsonValues.Read(ref reader);
        CocoReader.ExpectObject(ref reader);
        long? id = null;
        bool? exhaustive = null;
        int width = 0, height = 0;
        string? fileName = null, phrase = null;
        while (JsonValues.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            string field = reader.GetString()!;
            JsonValues.Read(ref reader);
            switch (field)
            {
                case "id":
                    id = JsonValues.ReadId(ref reader, ".id");
                    break;
                case "text_input":
                    phrase = JsonValues.ReadString(ref reader, ".text_input");
                    break;
                case "is_instance_exhaustive":
                    exhaustive = JsonValues.ReadFlag(ref reader, ".is_instance_exhaustive");
                    break;
                case "width":
                    width = JsonValues.ReadInt(ref reader, ".width", 0, 1_000_000);
                    break;
                case "height":
                    height = JsonValues.ReadInt(ref reader, ".height", 0, 1_000_000);
                    break;
                case "file_name":
                    fileName = JsonValues.ReadString(ref reader, ".file_name");
                    break;
                default:
                    JsonValues.Skip(ref reader);
                    break;
            }
        }

        long pairId = id ?? throw new JsonFieldException("", "pair has no \"id\"");
        // The reference reads the flag of every pair of every file (a missing one stops it).
        bool instanceExhaustive = exhaustive ?? throw new JsonFieldException("", $"pair {pairId} has no \"is_instance_exhaustive\" (0 or 1), which decides whether it is evaluated");
        return new SaCoPair(new ImageInfo(pairId, width, height, fileName), phrase ?? "", instanceExhaustive);
    }
}
