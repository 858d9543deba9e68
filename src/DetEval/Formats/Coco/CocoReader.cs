using System.Text.Json;
using DetEval.Data;
using DetEval.Formats.Json;
using DetEval.Formats.Coco;
using DetEval.Formats;

namespace DetEval;

/// <summary>
/// Reads COCO ground truth and results files by streaming them with <see cref="Utf8JsonReader"/>:
/// no DOM is built, and a results file costs memory per detection kept, not per byte.
/// </summary>
public static partial class CocoReader
{
    /// <summary>Reads a COCO ground-truth file (<c>images</c>, <c>categories</c>, <c>annotations</c>).</summary>
    /// <remarks>
    /// Without <paramref name="readSegmentation"/> the file is read for box evaluation, so every annotation needs a
    /// <c>bbox</c> (the reference fails on one without). A key given twice in one object is refused (Python's
    /// <c>json</c> would keep the last, so either choice is a guess), as is any text after the JSON value.
    /// </remarks>
    /// <param name="path">The JSON file.</param>
    /// <param name="readSegmentation">Whether to read the masks; box evaluation can skip them, which is much faster.</param>
    /// <exception cref="DetEvalInputException">The file is missing, malformed or inconsistent.</exception>
    public static DetectionDataset ReadGroundTruth(string path, bool readSegmentation = true) => ReadExtendedGroundTruth(path, readSegmentation, null);

    /// <summary>Reads a ground-truth file; <paramref name="extension"/> reads the fields COCO does not know (LVIS's).</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="readSegmentation">Whether to read the masks.</param>
    /// <param name="extension">The reader of the extra fields, or null.</param>
    /// <param name="fastAnnotations">Whether common annotations go the fast path (tests turn it off to compare).</param>
    /// <param name="split">Whether a large file may be read in two halves at once (tests turn it off to compare).</param>
    internal static DetectionDataset ReadExtendedGroundTruth(string path, bool readSegmentation, GroundTruthExtension? extension, bool fastAnnotations = true, bool split = true)
    {
        if (split && extension is null && Parallelism.Overlap && TrySplit(path, (byte)'{') is (long elementEnd, long nextElement))
        {
            // Speculative split, as for results: the second half is read as an object of its own, {"annotations": [
            // and the file from a likely annotation start; the first half confirms the split only if one of its
            // annotations ends exactly there. Otherwise, or on any error, the file is read in one pass, which gives the
            // right answer and the right error. (An extension keeps state across elements, so it is read in one pass.)
            var second = Task.Run(() =>
            {
                using var tail = new JsonFileStreamer(path, nextElement, "{\"annotations\":["u8);
                return ParseGroundTruth(tail, readSegmentation, null, fastAnnotations, -1);
            });
            GroundTruthParts? first = null, rest = null;
            try
            {
                using var head = new JsonFileStreamer(path);
                first = ParseGroundTruth(head, readSegmentation, null, fastAnnotations, elementEnd);
            }
            catch (DetEvalInputException)
            {
            }

            try
            {
                rest = second.GetAwaiter().GetResult();
            }
            catch (DetEvalInputException)
            {
            }

            // Every key once across both halves, "annotations" being the one they share.
            if (first is { Stopped: true } && rest is not null && first.Keys.Intersect(rest.Keys).SequenceEqual(["annotations"]))
            {
                first.Images.AddRange(rest.Images);
                first.Categories.AddRange(rest.Categories);
                first.Annotations.AddRange(rest.Annotations);
                Interlocked.Increment(ref splitReads);
                return Finish(path, first, first.Keys.Contains("images") || rest.Keys.Contains("images"), first.Keys.Contains("categories") || rest.Keys.Contains("categories"));
            }

            if (first is { Stopped: false })
            {
                // No annotation ended there: the first half read the whole file.
                return Finish(path, first, first.Keys.Contains("images"), first.Keys.Contains("categories"));
            }
        }

        using var json = new JsonFileStreamer(path);
        var parts = ParseGroundTruth(json, readSegmentation, extension, fastAnnotations, -1);
        return Finish(path, parts, parts.Keys.Contains("images"), parts.Keys.Contains("categories"));
    }

    private static int splitReads;

    /// <summary>How many ground truths were read in two halves (for tests: that the split was taken).</summary>
    internal static int SplitGroundTruthReads => Volatile.Read(ref splitReads);

    /// <summary>What one pass over (part of) a ground-truth file read; <see cref="Stopped"/> when it stopped inside the annotations.</summary>
    private sealed record GroundTruthParts(List<ImageInfo> Images, List<Category> Categories, List<GroundTruth> Annotations, HashSet<string> Keys, bool Stopped);

    private static DetectionDataset Finish(string path, GroundTruthParts parts, bool sawImages, bool sawCategories)
    {
        if (!sawImages || !sawCategories)
        {
            throw new DetEvalInputException(path, "$", $"missing \"{(sawImages ? "categories" : "images")}\"; a COCO ground-truth file needs images, categories and annotations");
        }

        // A ground truth without annotations is legal: every AP is then -1.
        var dataset = new DetectionDataset(parts.Images, parts.Categories, parts.Annotations, path);
        Validate(dataset);
        return dataset;
    }

    /// <summary>
    /// Reads the top-level object's members; with <paramref name="stopAt"/> non-negative, stops as soon as an
    /// annotation ends exactly at that file offset (then the rest of the file is not read).
    /// </summary>
    private static GroundTruthParts ParseGroundTruth(JsonFileStreamer json, bool readSegmentation, GroundTruthExtension? extension, bool fastAnnotations, long stopAt)
    {
        string path = json.Path;
        var images = new List<ImageInfo>();
        var categories = new List<Category>();
        var annotations = new List<GroundTruth>();
        if (!json.StartsWithObject() || json.Next(out _) != JsonTokenType.StartObject)
        {
            throw new DetEvalInputException(path, "$", "expected a COCO ground-truth object with images, categories and annotations");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        while (json.Next(out string? name) == JsonTokenType.PropertyName)
        {
            if (!keys.Add(name!))
            {
                throw new DetEvalInputException(path, "$." + name, $"the key \"{name}\" is given twice; expected each top-level key once");
            }

            switch (name)
            {
                case "images":
                    Expect(json.StreamValue((ref Utf8JsonReader r, int i) => images.Add(ReadImage(ref r, i, extension)), "$.images"), path, "$.images");
                    break;
                case "categories":
                    Expect(json.StreamValue((ref Utf8JsonReader r, int i) => categories.Add(ReadCategory(ref r, i, extension)), "$.categories"), path, "$.categories");
                    break;
                case "annotations":
                    JsonFastElement fast = (ReadOnlySpan<byte> bytes, out int consumed) =>
                    {
                        if (fastAnnotations && TryReadAnnotationFast(bytes, readSegmentation, out var truth, out consumed))
                        {
                            annotations.Add(truth!);
                            return true;
                        }

                        consumed = 0;
                        return false;
                    };
                    json.StopAt = stopAt;
                    Expect(json.StreamValue((ref Utf8JsonReader r, int _) => annotations.Add(ReadAnnotation(ref r, readSegmentation)), "$.annotations", fast), path, "$.annotations");
                    json.StopAt = -1;
                    if (json.StoppedAt)
                    {
                        return new GroundTruthParts(images, categories, annotations, keys, true);
                    }

                    break;
                default:
                    json.StreamValue(null, "$." + name);
                    break;
            }
        }

        json.ExpectEnd();
        return new GroundTruthParts(images, categories, annotations, keys, false);
    }

    private static void Expect(int elements, string path, string place)
    {
        if (elements < 0)
        {
            throw new DetEvalInputException(path, place, "expected an array");
        }
    }

    private static void Validate(DetectionDataset dataset)
    {
        string path = dataset.Source;
        var categoryIds = new HashSet<long>();
        for (int i = 0; i < dataset.Categories.Count; i++)
        {
            if (!categoryIds.Add(dataset.Categories[i].Id))
            {
                throw new DetEvalInputException(path, $"$.categories[{i}].id", $"duplicate category id {dataset.Categories[i].Id}");
            }
        }

        // Annotation ids are mostly consecutive numbers: a table over their range when it is small, else a hash set.
        var truths = dataset.GroundTruths;
        long low = long.MaxValue, high = long.MinValue;
        for (int i = 0; i < truths.Count; i++)
        {
            (low, high) = (Math.Min(low, truths[i].Id), Math.Max(high, truths[i].Id));
        }

        bool[]? seenIds = truths.Count > 0 && (ulong)(high - low) < (4UL * (ulong)truths.Count) + 1024 ? new bool[high - low + 1] : null;
        var annotationIds = seenIds is null ? new HashSet<long>() : null;
        var images = dataset.Cursor();
        for (int i = 0; i < truths.Count; i++)
        {
            var gt = truths[i];
            if (seenIds is not null ? seenIds[gt.Id - low] : !annotationIds!.Add(gt.Id))
            {
                throw new DetEvalInputException(path, $"$.annotations[{i}].id", $"duplicate annotation id {gt.Id}");
            }

            if (seenIds is not null)
            {
                seenIds[gt.Id - low] = true;
            }

            if (images.IndexOf(gt.ImageId) < 0)
            {
                throw new DetEvalInputException(path, $"$.annotations[{i}].image_id", $"image id {gt.ImageId} is not among the images");
            }
        }
    }

    private static ImageInfo ReadImage(ref Utf8JsonReader reader, int index, GroundTruthExtension? extension)
    {
        JsonValues.Read(ref reader);
        ExpectObject(ref reader);
        long? id = null;
        int width = 0, height = 0;
        string? fileName = null;
        int seen = 0;
        while (JsonValues.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                JsonValues.Once(ref seen, 1, ".id");
                JsonValues.Read(ref reader);
                id = JsonValues.ReadId(ref reader, ".id");
            }
            else if (reader.ValueTextEquals("width"u8))
            {
                JsonValues.Once(ref seen, 2, ".width");
                JsonValues.Read(ref reader);
                width = JsonValues.ReadInt(ref reader, ".width", 0, 1_000_000);
            }
            else if (reader.ValueTextEquals("height"u8))
            {
                JsonValues.Once(ref seen, 4, ".height");
                JsonValues.Read(ref reader);
                height = JsonValues.ReadInt(ref reader, ".height", 0, 1_000_000);
            }
            else if (reader.ValueTextEquals("file_name"u8))
            {
                JsonValues.Once(ref seen, 8, ".file_name");
                JsonValues.Read(ref reader);
                fileName = JsonValues.ReadString(ref reader, ".file_name");
            }
            else if (extension is null || !extension.ReadImageField(ref reader, index))
            {
                JsonValues.Read(ref reader);
                JsonValues.Skip(ref reader);
            }
        }

        extension?.EndImage(index);
        return new ImageInfo(id ?? throw new JsonFieldException("", "image has no \"id\""), width, height, fileName);
    }

    private static Category ReadCategory(ref Utf8JsonReader reader, int index, GroundTruthExtension? extension)
    {
        JsonValues.Read(ref reader);
        ExpectObject(ref reader);
        long? id = null;
        string? name = null, super = null;
        string[]? keypointNames = null;
        int seen = 0;
        while (JsonValues.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                JsonValues.Once(ref seen, 1, ".id");
                JsonValues.Read(ref reader);
                id = JsonValues.ReadId(ref reader, ".id");
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                JsonValues.Once(ref seen, 2, ".name");
                JsonValues.Read(ref reader);
                name = JsonValues.ReadString(ref reader, ".name");
            }
            else if (reader.ValueTextEquals("supercategory"u8))
            {
                JsonValues.Once(ref seen, 4, ".supercategory");
                JsonValues.Read(ref reader);
                super = JsonValues.ReadString(ref reader, ".supercategory");
            }
            else if (reader.ValueTextEquals("keypoints"u8))
            {
                JsonValues.Once(ref seen, 8, ".keypoints");
                JsonValues.Read(ref reader);
                keypointNames = ReadNames(ref reader, ".keypoints");
            }
            else if (extension is null || !extension.ReadCategoryField(ref reader, index))
            {
                JsonValues.Read(ref reader);
                JsonValues.Skip(ref reader);
            }
        }

        extension?.EndCategory(index);
        long categoryId = id ?? throw new JsonFieldException("", "category has no \"id\"");
        return new Category(categoryId, name ?? categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture), super)
        {
            KeypointNames = keypointNames,
        };
    }

    private static GroundTruth ReadAnnotation(ref Utf8JsonReader reader, bool readSegmentation)
    {
        JsonValues.Read(ref reader);
        ExpectObject(ref reader);
        long? id = null, imageId = null, categoryId = null;
        Box? box = null;
        double? area = null;
        bool crowd = false, ignore = false;
        Segmentation? segmentation = null;
        bool hasSegmentation = false;
        Keypoints? keypoints = null;
        int? numKeypoints = null;
        Span<double> bb = stackalloc double[4];
        int seen = 0;
        while (JsonValues.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8))
            {
                JsonValues.Once(ref seen, 1, ".id");
                JsonValues.Read(ref reader);
                id = JsonValues.ReadId(ref reader, ".id");
            }
            else if (reader.ValueTextEquals("image_id"u8))
            {
                JsonValues.Once(ref seen, 2, ".image_id");
                JsonValues.Read(ref reader);
                imageId = JsonValues.ReadId(ref reader, ".image_id");
            }
            else if (reader.ValueTextEquals("category_id"u8))
            {
                JsonValues.Once(ref seen, 4, ".category_id");
                JsonValues.Read(ref reader);
                categoryId = JsonValues.ReadId(ref reader, ".category_id");
            }
            else if (reader.ValueTextEquals("bbox"u8))
            {
                JsonValues.Once(ref seen, 8, ".bbox");
                JsonValues.Read(ref reader);
                box = ReadBox(ref reader, bb);
            }
            else if (reader.ValueTextEquals("area"u8))
            {
                JsonValues.Once(ref seen, 16, ".area");
                JsonValues.Read(ref reader);
                area = JsonValues.ReadDouble(ref reader, ".area");
            }
            else if (reader.ValueTextEquals("iscrowd"u8))
            {
                JsonValues.Once(ref seen, 32, ".iscrowd");
                JsonValues.Read(ref reader);
                crowd = JsonValues.ReadFlag(ref reader, ".iscrowd");
            }
            else if (reader.ValueTextEquals("ignore"u8))
            {
                JsonValues.Once(ref seen, 64, ".ignore");
                JsonValues.Read(ref reader);
                ignore = JsonValues.ReadFlag(ref reader, ".ignore");
            }
            else if (reader.ValueTextEquals("keypoints"u8))
            {
                JsonValues.Once(ref seen, 256, ".keypoints");
                JsonValues.Read(ref reader);
                keypoints = ReadKeypoints(ref reader);
            }
            else if (reader.ValueTextEquals("num_keypoints"u8))
            {
                JsonValues.Once(ref seen, 512, ".num_keypoints");
                JsonValues.Read(ref reader);
                numKeypoints = JsonValues.ReadInt(ref reader, ".num_keypoints", 0, int.MaxValue);
            }
            else if (reader.ValueTextEquals("segmentation"u8))
            {
                JsonValues.Once(ref seen, 128, ".segmentation");
                JsonValues.Read(ref reader);
                if (readSegmentation)
                {
                    segmentation = reader.TokenType == JsonTokenType.Null ? null : CocoSegmentationParser.Read(ref reader, ".segmentation");
                    if (segmentation is { Kind: SegmentationKind.CompressedRle })
                    {
                        // Ground truths are few: check their compressed masks now, where the error can name the place.
                        try
                        {
                            segmentation.ToRle(0, 0);
                        }
                        catch (FormatException e)
                        {
                            throw new JsonFieldException(".segmentation.counts", e.Message);
                        }
                    }
                }
                else
                {
                    hasSegmentation = reader.TokenType != JsonTokenType.Null;
                    JsonValues.Skip(ref reader);
                }
            }
            else
            {
                JsonValues.Read(ref reader);
                JsonValues.Skip(ref reader);
            }
        }

        hasSegmentation |= segmentation is not null;
        if (id is null || imageId is null || categoryId is null)
        {
            throw new JsonFieldException("", $"annotation has no \"{(id is null ? "id" : imageId is null ? "image_id" : "category_id")}\"");
        }

        if (box is null && !hasSegmentation)
        {
            throw new JsonFieldException("", "annotation has neither \"bbox\" nor \"segmentation\"");
        }

        if (box is null && !readSegmentation)
        {
            // Not an empty box: the reference fails on it (KeyError), and a zero box would be a silent miss.
            throw new JsonFieldException("", "annotation has no \"bbox\", which bbox evaluation needs");
        }

        var b = box ?? default;
        // Without an "area" the reference would fail; we take the box area, which is what most converters meant.
        return new GroundTruth(id.Value, imageId.Value, categoryId.Value, b, area ?? b.Area, crowd, ignore, segmentation)
        {
            Keypoints = keypoints,
            NumKeypoints = numKeypoints,
        };
    }

    /// <summary>Reads <c>keypoints</c>: finite numbers, x, y, v per keypoint (null gives null).</summary>
    private static Keypoints? ReadKeypoints(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var values = JsonValues.ReadNumberList(ref reader, ".keypoints");
        if (values.Length % 3 != 0)
        {
            throw new JsonFieldException(".keypoints", $"expected x, y, v for each keypoint (a multiple of 3 numbers), got {values.Length}");
        }

        return Keypoints.Wrap(values);
    }

    private static string[] ReadNames(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonFieldException(field, $"expected an array of names, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        var names = new List<string>();
        while (JsonValues.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            names.Add(JsonValues.ReadString(ref reader, $"{field}[{names.Count}]") ?? "");
        }

        return [.. names];
    }

    private static Box ReadBox(ref Utf8JsonReader reader, scoped Span<double> bb)
    {
        JsonValues.ReadNumbers(ref reader, ".bbox", bb, 4);
        return CheckedBox(bb);
    }

    private static Box CheckedBox(scoped ReadOnlySpan<double> bb)
    {
        if (bb[2] < 0 || bb[3] < 0)
        {
            throw new JsonFieldException(".bbox", $"box [{bb[0]}, {bb[1]}, {bb[2]}, {bb[3]}] has a negative width or height; expected [x, y, w, h]");
        }

        return new Box(bb[0], bb[1], bb[2], bb[3]);
    }

    private static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonFieldException("", $"expected an object, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }
    }
}
