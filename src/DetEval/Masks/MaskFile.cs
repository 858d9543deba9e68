using System.Globalization;
using System.Text.Json;
using DetEval.Formats;
using DetEval.Masks;

namespace DetEval;

/// <summary>Reads the mask files users check their masks with (<c>deteval mask</c>): PNG masks and RLE JSON files.</summary>
public static class MaskFile
{
    /// <summary>
    /// Reads the masks of a file: a PNG (known by its signature: one binary mask, or one mask per label with
    /// <paramref name="instances"/>) or else an RLE JSON file (a list written by <c>deteval mask to-rle</c>, one COCO
    /// RLE <c>{size, counts}</c>, or a COCO results or annotations list with RLE segmentations).
    /// </summary>
    /// <remarks>The file is read once, through the bounded reader (pipes too), at most 256 MiB.</remarks>
    /// <param name="file">The PNG or JSON file.</param>
    /// <param name="instances">Read a PNG as an instance-label map.</param>
    /// <exception cref="DetEvalInputException">The file is missing, not a PNG nor valid mask JSON, naming the place.</exception>
    public static IReadOnlyList<MaskFileEntry> Read(string file, bool instances = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte[] bytes = InputFile.ReadAllBytes(file, InputKind.Png);
        return PngChunks.HasSignature(bytes) ? FromPng(bytes, file, instances) : ReadJson(bytes, file);
    }

    /// <summary>Reads a PNG mask file (see <see cref="Read"/>); anything else is refused.</summary>
    /// <param name="file">The PNG file.</param>
    /// <param name="instances">One mask per label instead of one binary mask.</param>
    /// <exception cref="DetEvalInputException">The file is missing or not a valid PNG.</exception>
    public static IReadOnlyList<MaskFileEntry> ReadPng(string file, bool instances = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        return FromPng(InputFile.ReadAllBytes(file, InputKind.Png), file, instances);
    }

    private static List<MaskFileEntry> FromPng(byte[] bytes, string file, bool instances)
    {
        if (!instances)
        {
            return [new MaskFileEntry(file, file, null, PngMask.ReadBinary(bytes, file, null, null))];
        }

        return [.. PngMask.ReadInstances(bytes, file, null)
            .Select(i => new MaskFileEntry(string.Create(CultureInfo.InvariantCulture, $"{file} value={i.Value}"), file, i.Value, i.Mask))];
    }

    private static List<MaskFileEntry> ReadJson(byte[] bytes, string file)
    {
        // JsonDocument does not check string contents; invalid UTF-8 would fail later, when a string is read.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new DetEvalInputException(file, "", "neither a PNG nor valid JSON: the text is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}") : "";
            throw new DetEvalInputException(file, where, "neither a PNG nor valid JSON: " + FirstLine(e.Message), e);
        }

        using (document)
        {
            var root = document.RootElement;
            Formats.Json.JsonKeys.RequireUnique(root, file, "$");
            var entries = new List<MaskFileEntry>();
            if (root.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var item in root.EnumerateArray())
                {
                    entries.Add(ReadEntry(file, item, $"$[{i}]", $"{file}[{i}]"));
                    i++;
                }
            }
            else if (root.ValueKind == JsonValueKind.Object)
            {
                entries.Add(ReadEntry(file, root, "$", file));
            }
            else
            {
                throw new DetEvalInputException(file, "$", "expected a list of masks or one RLE object {size, counts}");
            }

            return entries;
        }
    }

    private static MaskFileEntry ReadEntry(string file, JsonElement item, string path, string source)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new DetEvalInputException(file, path, "expected an object with size and counts (or a segmentation)");
        }

        string? name = item.TryGetProperty("file", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        int? value = item.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int iv) ? iv : null;
        var rleObject = item;
        string rlePath = path;
        if (!item.TryGetProperty("counts", out _) && item.TryGetProperty("segmentation", out var segmentation))
        {
            rleObject = segmentation;
            rlePath = path + ".segmentation";
            if (segmentation.ValueKind == JsonValueKind.Array)
            {
                throw new DetEvalInputException(file, rlePath, "polygons are not supported here (they need the image size); expected an RLE {size, counts}");
            }

            if (segmentation.ValueKind != JsonValueKind.Object)
            {
                throw new DetEvalInputException(file, rlePath, "expected an RLE object {size, counts}");
            }
        }

        if (name is not null)
        {
            source += $" (file {name})";
        }

        if (value is int val)
        {
            source += string.Create(CultureInfo.InvariantCulture, $" value={val}");
        }

        return new MaskFileEntry(source, name, value, ReadRle(file, rleObject, rlePath));
    }

    private static Rle ReadRle(string file, JsonElement rle, string path)
    {
        if (!rle.TryGetProperty("size", out var size) || size.ValueKind != JsonValueKind.Array || size.GetArrayLength() != 2
            || !size[0].TryGetInt32(out int height) || !size[1].TryGetInt32(out int width) || height < 0 || width < 0)
        {
            throw new DetEvalInputException(file, path + ".size", "expected [height, width], two non-negative integers");
        }

        if (!rle.TryGetProperty("counts", out var counts))
        {
            throw new DetEvalInputException(file, path + ".counts", "missing");
        }

        try
        {
            switch (counts.ValueKind)
            {
                case JsonValueKind.String:
                    return Rle.FromCompressedString(counts.GetString()!, height, width);
                case JsonValueKind.Array:
                    var list = new List<long>(counts.GetArrayLength());
                    int i = 0;
                    foreach (var c in counts.EnumerateArray())
                    {
                        if (!c.TryGetInt64(out long n))
                        {
                            throw new DetEvalInputException(file, $"{path}.counts[{i}]", "expected an integer");
                        }

                        list.Add(n);
                        i++;
                    }

                    return Rle.FromCounts(height, width, list);
                default:
                    throw new DetEvalInputException(file, path + ".counts", "expected a compressed string or a list of integers");
            }
        }
        catch (FormatException e)
        {
            throw new DetEvalInputException(file, path + ".counts", e.Message, e);
        }
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
