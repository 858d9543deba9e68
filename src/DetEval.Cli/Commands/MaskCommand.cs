using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval mask to-rle</c>.</summary>
internal sealed record MaskToRleSettings(IReadOnlyList<string> Pngs, bool Instances, FileInfo? Out);

/// <summary>The settings of <c>deteval mask to-png</c>.</summary>
internal sealed record MaskToPngSettings(string Json, DirectoryInfo Out);

/// <summary>The settings of <c>deteval mask info</c>.</summary>
internal sealed record MaskInfoSettings(IReadOnlyList<string> Files, bool Instances);

/// <summary>The settings of <c>deteval mask iou</c>.</summary>
internal sealed record MaskIouSettings(string A, string B, bool Crowd);

/// <summary>One mask read from a file, with where it came from.</summary>
internal sealed record MaskEntry(string Source, string? File, int? Value, Rle Rle);

/// <summary>
/// <c>deteval mask</c>: a small mask toolbox so users can check their own files: PNG to RLE JSON and back,
/// and area, box and IoU of masks as the evaluation sees them.
/// </summary>
internal static class MaskCommand
{
    public static readonly Argument<string[]> ToRlePngs = new("PNG") { Description = "PNG masks: binary (any non-zero R, G or B is foreground), or label maps with --instances.", Arity = ArgumentArity.OneOrMore };
    public static readonly Option<bool> ToRleInstances = new("--instances") { Description = "Read each PNG as an instance-label map: one mask per distinct non-zero value (default: off, one binary mask per file)." };
    public static readonly Option<FileInfo?> ToRleOut = new("--out", "-o") { Description = "Write the JSON to this file, atomically (default: stdout).", HelpName = "FILE" };

    public static readonly Argument<string> ToPngJson = new("RLE.json") { Description = "A list written by 'deteval mask to-rle', a single COCO RLE {size, counts}, or a COCO results or annotations list with RLE segmentations." };
    public static readonly Option<DirectoryInfo> ToPngOut = new("--out", "-o") { Description = "The folder to write one 0/255 PNG per mask into (created if missing).", Required = true, HelpName = "DIR" };

    public static readonly Argument<string[]> InfoFiles = new("FILE") { Description = "PNG masks or RLE JSON files.", Arity = ArgumentArity.OneOrMore };
    public static readonly Option<bool> InfoInstances = new("--instances") { Description = "Read PNGs as instance-label maps, one mask per distinct non-zero value (default: off, binary)." };

    public static readonly Argument<string> IouA = new("A") { Description = "The first mask (the detection): a PNG or an RLE JSON holding one mask." };
    public static readonly Argument<string> IouB = new("B") { Description = "The second mask (the ground truth): a PNG or an RLE JSON holding one mask." };
    public static readonly Option<bool> IouCrowd = new("--crowd") { Description = "B is a crowd region: the union is the area of A, as COCO does for iscrowd ground truth (default: off)." };

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static Command Create()
    {
        var toRle = new Command("to-rle", "Convert PNG masks to a JSON list of COCO compressed RLEs with area and bbox.")
        {
            ToRlePngs, ToRleInstances, ToRleOut,
        };
        toRle.SetAction(parse =>
        {
            var settings = new MaskToRleSettings(parse.GetValue(ToRlePngs) ?? [], parse.GetValue(ToRleInstances), parse.GetValue(ToRleOut));
            return CliRunner.Guard(parse, (stdout, _) => RunToRle(settings, stdout));
        });

        var toPng = new Command("to-png", "Write each RLE mask of a JSON file as a 0/255 greyscale PNG.")
        {
            ToPngJson, ToPngOut,
        };
        toPng.SetAction(parse =>
        {
            var settings = new MaskToPngSettings(parse.GetValue(ToPngJson)!, parse.GetValue(ToPngOut)!);
            return CliRunner.Guard(parse, (stdout, _) => RunToPng(settings, stdout));
        });

        var info = new Command("info", "Print size, area, bbox (COCO x,y,w,h) and number of RLE counts of every mask in PNG or RLE JSON files.")
        {
            InfoFiles, InfoInstances,
        };
        info.SetAction(parse =>
        {
            var settings = new MaskInfoSettings(parse.GetValue(InfoFiles) ?? [], parse.GetValue(InfoInstances));
            return CliRunner.Guard(parse, (stdout, _) => RunInfo(settings, stdout));
        });

        var iou = new Command("iou", "Print the IoU of two masks as COCO computes it, with the intersection and union areas.")
        {
            IouA, IouB, IouCrowd,
        };
        iou.SetAction(parse =>
        {
            var settings = new MaskIouSettings(parse.GetValue(IouA)!, parse.GetValue(IouB)!, parse.GetValue(IouCrowd));
            return CliRunner.Guard(parse, (stdout, _) => RunIou(settings, stdout));
        });

        return new Command("mask", "Mask toolbox: convert PNG <-> COCO RLE JSON and print area, bbox and IoU, to check your own mask files.")
        {
            toRle, toPng, info, iou,
        };
    }

    public static int RunToRle(MaskToRleSettings settings, TextWriter stdout)
    {
        var entries = new List<MaskEntry>();
        foreach (string png in settings.Pngs)
        {
            entries.AddRange(ReadPng(png, settings.Instances));
        }

        // One compact object per line; the counts are written unescaped but for the JSON-required '\\' and '"'.
        var writerOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        void Write(Stream stream)
        {
            stream.WriteByte((byte)'[');
            for (int i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var box = entry.Rle.ToBox();
                stream.Write(i == 0 ? "\n"u8 : ",\n"u8);
                using var writer = new Utf8JsonWriter(stream, writerOptions);
                writer.WriteStartObject();
                writer.WriteString("file", entry.File);
                if (entry.Value is int value)
                {
                    writer.WriteNumber("value", value);
                }

                writer.WriteStartArray("size");
                writer.WriteNumberValue(entry.Rle.Height);
                writer.WriteNumberValue(entry.Rle.Width);
                writer.WriteEndArray();
                writer.WriteString("counts", entry.Rle.ToCompressedString());
                writer.WriteNumber("area", entry.Rle.Area);
                writer.WriteStartArray("bbox");
                writer.WriteNumberValue(box.X);
                writer.WriteNumberValue(box.Y);
                writer.WriteNumberValue(box.Width);
                writer.WriteNumberValue(box.Height);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.Flush();
            }

            stream.Write("\n]\n"u8);
        }

        if (settings.Out is null)
        {
            using var buffer = new MemoryStream();
            Write(buffer);
            stdout.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            AtomicFile.Write(settings.Out.FullName, Write);
        }

        return ExitCodes.Ok;
    }

    public static int RunToPng(MaskToPngSettings settings, TextWriter stdout)
    {
        var entries = ReadFile(settings.Json, instances: false);
        Directory.CreateDirectory(settings.Out.FullName);
        int digits = Math.Max(1, (entries.Count - 1).ToString(CultureInfo.InvariantCulture).Length);
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry.Rle.Height == 0 || entry.Rle.Width == 0)
            {
                throw new DetEvalInputException(settings.Json, $"$[{i}].size", $"a PNG needs at least one pixel; the mask is [{entry.Rle.Height}, {entry.Rle.Width}]");
            }

            string index = i.ToString("D" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            string stem = entry.File is { Length: > 0 } file ? Path.GetFileNameWithoutExtension(file) : index;
            if (entry.Value is int value)
            {
                stem += "_" + value.ToString(CultureInfo.InvariantCulture);
            }

            if (stem.Length == 0 || stem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || !used.Add(stem))
            {
                stem = stem.Length == 0 || stem.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 ? index : stem + "_" + index;
                used.Add(stem);
            }

            string path = Path.Combine(settings.Out.FullName, stem + ".png");
            PngMask.WriteBinary(entry.Rle, path);
            stdout.WriteLine(path);
        }

        return ExitCodes.Ok;
    }

    public static int RunInfo(MaskInfoSettings settings, TextWriter stdout)
    {
        foreach (string file in settings.Files)
        {
            foreach (var entry in ReadFile(file, settings.Instances))
            {
                var rle = entry.Rle;
                var box = rle.ToBox();
                stdout.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{entry.Source}: size=[{rle.Height}, {rle.Width}] area={rle.Area:R} bbox=[{box.X:R}, {box.Y:R}, {box.Width:R}, {box.Height:R}] runs={rle.Counts.Length}"));
            }
        }

        return ExitCodes.Ok;
    }

    public static int RunIou(MaskIouSettings settings, TextWriter stdout)
    {
        Rle a = ReadSingle(settings.A);
        Rle b = ReadSingle(settings.B);
        if (a.Height != b.Height || a.Width != b.Width)
        {
            throw new DetEvalInputException(settings.B, "size", $"[{b.Height}, {b.Width}] differs from [{a.Height}, {a.Width}] of {settings.A}");
        }

        double iou = MaskIou.Compute(a, b, settings.Crowd);
        double intersection = Rle.Merge([a, b], intersect: true).Area;
        double union = settings.Crowd ? a.Area : Rle.Merge([a, b]).Area;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"iou={iou:R} intersection={intersection:R} union={union:R}"));
        return ExitCodes.Ok;
    }

    private static Rle ReadSingle(string file)
    {
        var entries = ReadFile(file, instances: false);
        return entries.Count == 1
            ? entries[0].Rle
            : throw new DetEvalInputException(file, "", $"expected exactly one mask, found {entries.Count}");
    }

    /// <summary>Reads a PNG (by its signature) or else an RLE JSON file.</summary>
    internal static IReadOnlyList<MaskEntry> ReadFile(string file, bool instances)
    {
        EnsureExists(file);
        var head = new byte[PngSignature.Length];
        int read;
        using (var stream = File.OpenRead(file))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        return read == head.Length && head.AsSpan().SequenceEqual(PngSignature)
            ? ReadPng(file, instances)
            : ReadJson(file);
    }

    private static void EnsureExists(string file)
    {
        if (!File.Exists(file))
        {
            throw new DetEvalInputException(file, "", Directory.Exists(file) ? "is a folder, expected a file" : "file not found");
        }
    }

    private static List<MaskEntry> ReadPng(string file, bool instances)
    {
        if (!instances)
        {
            return [new MaskEntry(file, file, null, PngMask.ReadBinary(file))];
        }

        return PngMask.ReadInstances(file)
            .Select(i => new MaskEntry(string.Create(CultureInfo.InvariantCulture, $"{file} value={i.Value}"), file, i.Value, i.Mask))
            .ToList();
    }

    private static List<MaskEntry> ReadJson(string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(file), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? string.Create(CultureInfo.InvariantCulture, $"line {line + 1}") : "";
            throw new DetEvalInputException(file, where, "neither a PNG nor valid JSON: " + FirstLine(e.Message), e);
        }

        using (document)
        {
            var root = document.RootElement;
            var entries = new List<MaskEntry>();
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

    private static MaskEntry ReadEntry(string file, JsonElement item, string path, string source)
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

        return new MaskEntry(source, name, value, ReadRle(file, rleObject, rlePath));
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
