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


    public static Command Create()
    {
        CliRunner.Input(ToRlePngs);
        CliRunner.Output(ToRleOut);
        CliRunner.Input(ToPngJson);
        CliRunner.OutputFolder(ToPngOut);
        var toRle = new Command("to-rle", "Convert PNG masks to a JSON list of COCO compressed RLEs with area and bbox.")
        {
            ToRlePngs, ToRleInstances, ToRleOut,
        };
        toRle.SetAction(parse =>
        {
            var settings = new MaskToRleSettings(parse.GetValue(ToRlePngs) ?? [], parse.GetValue(ToRleInstances), parse.GetValue(ToRleOut));
            return CliRunner.Guard(parse, (stdout, _, outputs) => RunToRle(settings, stdout, outputs));
        });

        var toPng = new Command("to-png", "Write each RLE mask of a JSON file as a 0/255 greyscale PNG.")
        {
            ToPngJson, ToPngOut,
        };
        toPng.SetAction(parse =>
        {
            var settings = new MaskToPngSettings(parse.GetValue(ToPngJson)!, parse.GetValue(ToPngOut)!);
            return CliRunner.Guard(parse, (stdout, _, outputs) => RunToPng(settings, stdout, outputs));
        });

        var info = new Command("info", "Print size, area, bbox (COCO x,y,w,h) and number of RLE counts of every mask in PNG or RLE JSON files.")
        {
            InfoFiles, InfoInstances,
        };
        info.SetAction(parse =>
        {
            var settings = new MaskInfoSettings(parse.GetValue(InfoFiles) ?? [], parse.GetValue(InfoInstances));
            return CliRunner.Guard(parse, (stdout, _, _) => RunInfo(settings, stdout));
        });

        var iou = new Command("iou", "Print the IoU of two masks as COCO computes it, with the intersection and union areas.")
        {
            IouA, IouB, IouCrowd,
        };
        iou.SetAction(parse =>
        {
            var settings = new MaskIouSettings(parse.GetValue(IouA)!, parse.GetValue(IouB)!, parse.GetValue(IouCrowd));
            return CliRunner.Guard(parse, (stdout, _, _) => RunIou(settings, stdout));
        });

        return new Command("mask", "Mask toolbox: convert PNG <-> COCO RLE JSON and print area, bbox and IoU, to check your own mask files.")
        {
            toRle, toPng, info, iou,
        };
    }

    public static int RunToRle(MaskToRleSettings settings, TextWriter stdout, OutputSet outputs)
    {
        var entries = new List<MaskFileEntry>();
        foreach (string png in settings.Pngs)
        {
            entries.AddRange(MaskFile.ReadPng(png, settings.Instances));
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
            outputs.SetContent(settings.Out.FullName, Write);
            outputs.Commit();
        }

        return ExitCodes.Ok;
    }

    public static int RunToPng(MaskToPngSettings settings, TextWriter stdout, OutputSet outputs)
    {
        var entries = MaskFile.Read(settings.Json, instances: false);
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
            var rle = entry.Rle;
            outputs.AddFile(path, null, s => PngMask.WriteBinary(rle, s));
        }

        // All the PNGs or none, then their paths.
        foreach (string path in outputs.Commit())
        {
            stdout.WriteLine(path);
        }

        return ExitCodes.Ok;
    }

    public static int RunInfo(MaskInfoSettings settings, TextWriter stdout)
    {
        foreach (string file in settings.Files)
        {
            foreach (var entry in MaskFile.Read(file, settings.Instances))
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
        var entries = MaskFile.Read(file, instances: false);
        return entries.Count == 1
            ? entries[0].Rle
            : throw new DetEvalInputException(file, "", $"expected exactly one mask, found {entries.Count}");
    }
}
