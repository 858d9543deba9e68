using System.Text.Json;
using DetEval.Data;
using DetEval.Formats.Json;
using DetEval.Geometry;
using DetEval.Masks;

namespace DetEval.Formats.Coco;

public static partial class CocoReader
{
    /// <summary>
    /// Reads a COCO results file: a JSON array of <c>{image_id, category_id, bbox | segmentation, score}</c>,
    /// or an object whose <c>annotations</c> holds that array.
    /// </summary>
    /// <remarks>
    /// As the reference <c>loadRes</c>: box results get <c>area = w*h</c>; mask results without a box get
    /// the mask area and its bounding box; which rule applies to all is decided by the first result.
    /// A result naming an image that the ground truth lacks is an error; an empty list is valid.
    /// </remarks>
    /// <param name="path">The JSON file.</param>
    /// <param name="groundTruth">The ground truth the results refer to.</param>
    /// <param name="options">Reading options; the reference's rules by default.</param>
    /// <exception cref="DetEvalInputException">The file is missing, malformed or names unknown images.</exception>
    public static DetectionSet ReadResults(string path, DetectionDataset groundTruth, CocoResultsOptions? options = null)
    {
        options ??= new CocoResultsOptions();
        var results = new List<Detection>();
        bool? boxBranch = null;
        using var json = new JsonFileStreamer(path);
        JsonElementHandler onElement = (element, index) =>
        {
            if (results.Count >= options.MaxDetections)
            {
                throw new JsonFieldException("", $"more than {options.MaxDetections} detections; raise the limit to read this file");
            }

            var raw = ReadResult(element);
            // Parity: loadRes picks its branch from the first result only.
            boxBranch ??= raw.HasBox;
            if (!groundTruth.TryGetImage(raw.ImageId, out var image))
            {
                throw new JsonFieldException(".image_id", $"image id {raw.ImageId} is not in the ground truth");
            }

            results.Add(ToDetection(raw, boxBranch.Value, image, options));
        };

        string arrayPath;
        if (json.StartsWithArray())
        {
            arrayPath = "$";
            json.StreamValue(onElement, null, arrayPath);
        }
        else
        {
            if (json.Next(out _) != JsonTokenType.StartObject)
            {
                throw new DetEvalInputException(path, "$", "expected a JSON array of results or an object with \"annotations\"");
            }

            bool found = false;
            while (json.Next(out string? name) == JsonTokenType.PropertyName)
            {
                if (name == "annotations")
                {
                    found = true;
                    Expect(json.StreamValue(onElement, null, "$.annotations"), path, "$.annotations");
                }
                else
                {
                    json.StreamValue(null, null, "$." + name);
                }
            }

            if (!found)
            {
                throw new DetEvalInputException(path, "$", "expected a JSON array of results or an object with \"annotations\"");
            }
        }

        return new DetectionSet([.. results], results.Count, path);
    }

    private static Detection ToDetection(in RawResult raw, bool boxBranch, ImageInfo image, CocoResultsOptions options)
    {
        if (boxBranch)
        {
            if (!raw.HasBox)
            {
                throw new JsonFieldException("", "result has no \"bbox\" (the first result has one, so every result needs one)");
            }

            double area = raw.Box.Area;
            if (options.AreaSource == ResultAreaSource.Mask && raw.Segmentation is not null)
            {
                area = MaskArea(raw.Segmentation, image).Area;
            }

            return new Detection(raw.ImageId, raw.CategoryId, raw.Box, raw.Score, area, raw.Segmentation);
        }

        if (raw.Segmentation is null)
        {
            throw new JsonFieldException("", "result has no \"segmentation\" (the first result has no bbox, so every result needs a mask)");
        }

        var (maskArea, maskBox) = MaskArea(raw.Segmentation, image);
        return new Detection(raw.ImageId, raw.CategoryId, raw.HasBox ? raw.Box : maskBox, raw.Score, maskArea, raw.Segmentation);
    }

    private static RawResult ReadResult(ReadOnlySpan<byte> element)
    {
        var reader = new Utf8JsonReader(element);
        reader.Read();
        ExpectObject(ref reader);
        var raw = default(RawResult);
        bool hasImage = false, hasCategory = false, hasScore = false;
        Span<double> bb = stackalloc double[4];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("image_id"u8))
            {
                reader.Read();
                raw.ImageId = JsonValues.ReadId(ref reader, ".image_id");
                hasImage = true;
            }
            else if (reader.ValueTextEquals("category_id"u8))
            {
                reader.Read();
                raw.CategoryId = JsonValues.ReadId(ref reader, ".category_id");
                hasCategory = true;
            }
            else if (reader.ValueTextEquals("bbox"u8))
            {
                reader.Read();
                // Parity: an empty "bbox" counts as absent when choosing the branch.
                int n = JsonValues.ReadNumbers(ref reader, ".bbox", bb, 0);
                if (n == 0)
                {
                    continue;
                }

                if (n != 4)
                {
                    throw new JsonFieldException(".bbox", $"expected 4 numbers [x, y, w, h], got {n}");
                }

                raw.Box = CheckedBox(bb);
                raw.HasBox = true;
            }
            else if (reader.ValueTextEquals("score"u8))
            {
                reader.Read();
                raw.Score = JsonValues.ReadDouble(ref reader, ".score");
                hasScore = true;
            }
            else if (reader.ValueTextEquals("segmentation"u8))
            {
                reader.Read();
                raw.Segmentation = reader.TokenType == JsonTokenType.Null ? null : CocoSegmentationParser.Read(ref reader, ".segmentation");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasImage || !hasCategory || !hasScore)
        {
            throw new JsonFieldException("", $"result has no \"{(!hasImage ? "image_id" : !hasCategory ? "category_id" : "score")}\"");
        }

        if (!raw.HasBox && raw.Segmentation is null)
        {
            throw new JsonFieldException("", "result has neither \"bbox\" nor \"segmentation\"");
        }

        return raw;
    }

    private struct RawResult
    {
        public long ImageId;
        public long CategoryId;
        public Box Box;
        public bool HasBox;
        public double Score;
        public Segmentation? Segmentation;
    }
}
