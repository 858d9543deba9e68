using System.Text.Json;
using DetEval.Formats;

namespace DetEval.Formats.Sam;

/// <summary>Typed reads from SAM's JSON files, with errors naming the file and the JSON path.</summary>
internal static class SamJson
{
    public static JsonDocument Parse(string file)
    {
        byte[] bytes = InputFile.ReadAllBytes(file, InputKind.JsonDocument);

        // JsonDocument does not check string contents; invalid UTF-8 would fail later, when a string is read.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new DetEvalInputException(file, "", "not valid JSON: the text is not valid UTF-8");
        }

        try
        {
            var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
            try
            {
                Formats.Json.JsonKeys.RequireUnique(document.RootElement, file, "$");
            }
            catch
            {
                document.Dispose();
                throw;
            }

            return document;
        }
        catch (JsonException e)
        {
            throw new DetEvalInputException(file, e.Path ?? "", $"not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
    }

    public static JsonElement Property(JsonElement obj, string name, string file, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw new DetEvalInputException(file, path, $"expected an object, got {obj.ValueKind}");
        }

        return obj.TryGetProperty(name, out JsonElement value)
            ? value
            : throw new DetEvalInputException(file, path, $"missing \"{name}\"");
    }

    public static bool TryProperty(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public static JsonElement Array(JsonElement e, string file, string path) =>
        e.ValueKind == JsonValueKind.Array ? e : throw new DetEvalInputException(file, path, $"expected an array, got {e.ValueKind}");

    public static double Double(JsonElement e, string file, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out double v) && double.IsFinite(v)
            ? v
            : throw new DetEvalInputException(file, path, $"expected a finite number, got {Describe(e)}");

    /// <summary>An integer written as <c>12</c> or <c>12.0</c> (SA-1B writes some as floats).</summary>
    public static long Integer(JsonElement e, string file, string path)
    {
        if (e.ValueKind == JsonValueKind.Number)
        {
            if (e.TryGetInt64(out long v))
            {
                return v;
            }

            if (e.TryGetDouble(out double d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18)
            {
                return (long)d;
            }
        }

        throw new DetEvalInputException(file, path, $"expected an integer, got {Describe(e)}");
    }

    public static int Int(JsonElement e, string file, string path, int min, int max)
    {
        long v = Integer(e, file, path);
        return v >= min && v <= max ? (int)v : throw new DetEvalInputException(file, path, $"expected an integer in [{min}, {max}], got {v}");
    }

    /// <summary>A COCO RLE object <c>{"size": [h, w], "counts": "..." | [..]}</c>.</summary>
    public static Rle Rle(JsonElement e, string file, string path)
    {
        JsonElement size = Array(Property(e, "size", file, path), file, path + ".size");
        if (size.GetArrayLength() != 2)
        {
            throw new DetEvalInputException(file, path + ".size", $"expected [height, width], got {size.GetArrayLength()} values");
        }

        int height = Int(size[0], file, path + ".size[0]", 0, int.MaxValue);
        int width = Int(size[1], file, path + ".size[1]", 0, int.MaxValue);
        JsonElement counts = Property(e, "counts", file, path);
        try
        {
            if (counts.ValueKind == JsonValueKind.String)
            {
                return DetEval.Rle.FromCompressedString(counts.GetString()!, height, width);
            }

            if (counts.ValueKind == JsonValueKind.Array)
            {
                var list = new List<long>(counts.GetArrayLength());
                int i = 0;
                foreach (JsonElement c in counts.EnumerateArray())
                {
                    list.Add(Integer(c, file, $"{path}.counts[{i++}]"));
                }

                return DetEval.Rle.FromCounts(height, width, list);
            }
        }
        catch (FormatException ex)
        {
            throw new DetEvalInputException(file, path + ".counts", ex.Message, ex);
        }
        catch (ArgumentException ex)
        {
            throw new DetEvalInputException(file, path + ".counts", ex.Message, ex);
        }

        throw new DetEvalInputException(file, path + ".counts", $"expected a compressed RLE string or a list of runs, got {Describe(counts)}");
    }

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"\"{e.GetString()}\"",
        JsonValueKind.Number => e.GetRawText(),
        _ => e.ValueKind.ToString().ToLowerInvariant(),
    };
}
