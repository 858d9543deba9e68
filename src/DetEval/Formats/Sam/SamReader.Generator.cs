using System.Globalization;
using System.Numerics;
using System.Text.Json;
using CsvHelper;
using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>Reading the automatic mask generator's output (SAM's <c>scripts/amg.py</c>).</summary>
public static partial class SamReader
{
    /// <summary>The exact header of the generator's <c>metadata.csv</c>.</summary>
    public const string MetadataHeader =
        "id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h";

    private static readonly string[] MetadataColumns = MetadataHeader.Split(',');

    /// <summary>
    /// Reads the generator's output for many images: <paramref name="path"/> holds one folder per image
    /// (<c>binary_mask</c> mode) and/or one JSON file per image (<c>coco_rle</c> mode).
    /// </summary>
    /// <param name="path">The output folder given to <c>amg.py --output</c>.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <returns>The images ordered by stem (ordinal).</returns>
    /// <exception cref="DetEvalInputException">Bad input (see <see cref="ReadGeneratorFolder(string, SamInputOptions?)"/>), or a stem given twice.</exception>
    public static IReadOnlyList<SamImagePredictions> ReadGeneratorOutput(string path, SamInputOptions? options = null) =>
        ReadGeneratorOutput(path, [], options);

    /// <summary>
    /// Reads the generator's output for the images of <paramref name="truth"/> (see
    /// <see cref="ReadGeneratorOutput(string, SamInputOptions?)"/>): a PNG mask whose header gives another size than its
    /// ground-truth image's is refused (or skipped) from the header, before any of its pixels is decoded.
    /// </summary>
    /// <param name="path">The output folder given to <c>amg.py --output</c>.</param>
    /// <param name="truth">The ground-truth images, paired by stem; images of other stems are read unchecked.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <returns>The images ordered by stem (ordinal).</returns>
    /// <exception cref="DetEvalInputException">Bad input (see <see cref="ReadGeneratorFolder(string, SamInputOptions?)"/>), or a stem given twice.</exception>
    public static IReadOnlyList<SamImagePredictions> ReadGeneratorOutput(string path, IReadOnlyList<SamGroundTruthImage> truth, SamInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(truth);
        options ??= SamInputOptions.Strict;
        InputFile.RequireFolder(path, "prediction folder (the generator's output folder)");
        var sizes = new Dictionary<string, SamGroundTruthImage>(StringComparer.Ordinal);
        foreach (var image in truth)
        {
            sizes.TryAdd(image.Stem, image);
        }

        var images = new List<SamImagePredictions>();
        string[] folders = Directory.GetDirectories(path), files = Directory.GetFiles(path, "*.json");
        foreach (string folder in folders.Where(f => options.Wants(Path.GetFileName(f))).Order(StringComparer.Ordinal))
        {
            string stem = Path.GetFileName(folder);
            var expected = sizes.TryGetValue(stem, out var gt) ? (gt.Image.Height, gt.Image.Width, $"image '{stem}' of {gt.Source}") : ((int, int, string)?)null;
            if (ReadGeneratorFolder(folder, options, expected) is SamImagePredictions image)
            {
                images.Add(image);
            }
        }

        foreach (string file in files.Where(f => options.Wants(Path.GetFileNameWithoutExtension(f))).Order(StringComparer.Ordinal))
        {
            try
            {
                images.Add(ReadGeneratorRle(file));
            }
            catch (DetEvalInputException e) when (options.SkipBad)
            {
                options.Fail(e);
            }
        }

        if (images.Count == 0 && options.SkipBad is false && (options.Shard is null || folders.Length + files.Length == 0))
        {
            throw new DetEvalInputException(path, "", "no generator output here (expected one folder with metadata.csv, or one JSON file, per image)");
        }

        CheckUniqueStems(images.Select(i => (i.Stem, i.Source)));
        return [.. images.OrderBy(i => i.Stem, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Reads one <c>binary_mask</c> folder: <c>metadata.csv</c> (read with CsvHelper) and the PNG <c>{id}.png</c> of each
    /// row, in row order (which is not lexicographic file order: <c>10.png</c> sorts before <c>9.png</c>).
    /// </summary>
    /// <param name="folder">The image's folder; its name is the stem.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <returns>The masks; <see langword="null"/> when the whole folder was skipped (no <c>metadata.csv</c>).</returns>
    /// <exception cref="DetEvalInputException">No <c>metadata.csv</c>, a wrong header or value, a row whose PNG is
    /// missing or unreadable, or a PNG whose size differs from the folder's first mask.</exception>
    public static SamImagePredictions? ReadGeneratorFolder(string folder, SamInputOptions? options = null) => ReadGeneratorFolder(folder, options, null);

    /// <summary>
    /// <see cref="ReadGeneratorFolder(string, SamInputOptions?)"/> with every PNG's size checked from its header, before
    /// it is decoded: against <paramref name="expected"/> (the ground-truth image's), else against the folder's first mask.
    /// </summary>
    internal static SamImagePredictions? ReadGeneratorFolder(string folder, SamInputOptions? options, (int Height, int Width, string Of)? expected)
    {
        ArgumentNullException.ThrowIfNull(folder);
        options ??= SamInputOptions.Strict;
        string stem = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string csvPath = Path.Combine(folder, "metadata.csv");
        if (FileKinds.Of(csvPath) == FileKind.Missing)
        {
            options.Fail(new DetEvalInputException(csvPath, "", $"missing: the generator folder '{stem}' has no metadata.csv"));
            return null;
        }

        var masks = new List<SamGeneratedMask>();
        var readerOptions = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = true,
            FormatProvider = CultureInfo.InvariantCulture,
            TrackLineNumbers = true,
        };
        using (CsvReader csv = CsvReader.Create(InputFile.Open(csvPath, InputKind.Csv), readerOptions, leaveOpen: false))
        {
            csv.ReadHeader();
            if (!csv.Headers.SequenceEqual(MetadataColumns))
            {
                throw new DetEvalInputException(csvPath, "line 1", $"header is '{string.Join(',', csv.Headers)}', expected '{MetadataHeader}'");
            }

            int idColumn = 0, iouColumn = Array.IndexOf(MetadataColumns, "predicted_iou"), stabilityColumn = Array.IndexOf(MetadataColumns, "stability_score");
            while (csv.Read())
            {
                string line = $"line {csv.LineNumber}";
                if (csv.FieldCount != MetadataColumns.Length)
                {
                    throw new DetEvalInputException(csvPath, line, $"{csv.FieldCount} fields, expected {MetadataColumns.Length}");
                }

                long id = ParseField<long>(csv, idColumn, csvPath, line, "id");
                double predictedIou = ParseField<double>(csv, iouColumn, csvPath, line, "predicted_iou");
                double stability = ParseField<double>(csv, stabilityColumn, csvPath, line, "stability_score");
                string png = Path.Combine(folder, id.ToString(CultureInfo.InvariantCulture) + ".png");
                if (FileKinds.Of(png) == FileKind.Missing)
                {
                    options.Fail(new DetEvalInputException(csvPath, line, $"the PNG of mask {id} is missing: {png}"));
                    continue;
                }

                Rle mask;
                try
                {
                    // Checked from its header: the image's size, else the size of the folder's first mask.
                    var size = expected ?? (masks.Count > 0 ? (masks[0].Mask.Height, masks[0].Mask.Width, masks[0].Source) : null);
                    mask = PngMask.ReadBinary(png, options.Png, size);
                }
                catch (DetEvalInputException e)
                {
                    options.Fail(e);
                    continue;
                }

                masks.Add(new SamGeneratedMask(masks.Count, mask, predictedIou, stability, png, $"metadata.csv {line}"));
            }
        }

        return new SamImagePredictions(stem, masks, folder);
    }

    /// <summary>
    /// Reads one <c>coco_rle</c> file: a JSON list of <c>{segmentation: {size, counts}, area, bbox, predicted_iou,
    /// point_coords, stability_score, crop_box}</c>. SAM's <c>bbox</c> and <c>area</c> are not used.
    /// </summary>
    /// <param name="file">The JSON file; its stem is the image's stem.</param>
    /// <exception cref="DetEvalInputException">The file is malformed or its masks differ in size.</exception>
    public static SamImagePredictions ReadGeneratorRle(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using JsonDocument doc = SamJson.Parse(file);
        JsonElement list = SamJson.Array(doc.RootElement, file, "$");
        var masks = new List<SamGeneratedMask>(list.GetArrayLength());
        int index = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            string at = $"$[{index++}]";
            Rle mask = SamJson.Rle(SamJson.Property(item, "segmentation", file, at), file, at + ".segmentation");
            double predictedIou = SamJson.Double(SamJson.Property(item, "predicted_iou", file, at), file, at + ".predicted_iou");
            double stability = SamJson.Double(SamJson.Property(item, "stability_score", file, at), file, at + ".stability_score");
            if (masks.Count > 0 && (mask.Height != masks[0].Mask.Height || mask.Width != masks[0].Mask.Width))
            {
                throw new DetEvalInputException(file, at + ".segmentation.size", $"mask size [{mask.Height}, {mask.Width}] differs from [{masks[0].Mask.Height}, {masks[0].Mask.Width}] of $[0]");
            }

            masks.Add(new SamGeneratedMask(masks.Count, mask, predictedIou, stability, file, at));
        }

        return new SamImagePredictions(Path.GetFileNameWithoutExtension(file), masks, file);
    }

    private static T ParseField<T>(CsvReader csv, int column, string file, string line, string name)
        where T : INumber<T>
    {
        // Float style without thousands separators: a quoted "0,5" is refused, not read as 5 (as CSV parsers of
        // numbers with separators would).
        string text = csv.GetString(column);
        var style = typeof(T) == typeof(double) ? NumberStyles.Float : NumberStyles.Integer;
        return T.TryParse(text, style, CultureInfo.InvariantCulture, out T? value) && (value is not double d || double.IsFinite(d))
            ? value
            : throw new DetEvalInputException(file, line, $"{name} '{text}' is not a valid {(typeof(T) == typeof(double) ? "number" : "integer")}");
    }
}
