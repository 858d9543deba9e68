using System.Text.Json;
using DetEval.Data;
using DetEval.Formats.Coco;
using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>
/// Reads what Segment Anything writes: SA-1B ground truth (one JSON per image) or COCO ground truth, the automatic
/// mask generator's PNG folders (<c>0.png, 1.png, …, metadata.csv</c>) and RLE JSON files, and prompt-mode
/// predictions. Images are paired by file-name stem (<c>sa_1.jpg</c> ↔ folder <c>sa_1/</c> ↔ <c>sa_1.json</c>).
/// </summary>
public static partial class SamReader
{
    /// <summary>Reads ground truth: a folder of SA-1B per-image JSON files, or one COCO JSON file (categories ignored).</summary>
    /// <param name="path">The folder or file.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <returns>The images ordered by stem (ordinal).</returns>
    /// <exception cref="DetEvalInputException">A file is missing or malformed, or two images share a stem.</exception>
    public static IReadOnlyList<SamGroundTruthImage> ReadGroundTruth(string path, SamInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= SamInputOptions.Strict;
        List<SamGroundTruthImage> images;
        var kind = FileKinds.Of(path);
        if (kind == FileKind.Directory)
        {
            images = [];
            string[] files = Directory.GetFiles(path, "*.json");
            if (files.Length == 0)
            {
                throw new DetEvalInputException(path, "", "no SA-1B ground-truth files (*.json) in this folder");
            }

            foreach (string file in files.Where(f => options.Wants(Path.GetFileNameWithoutExtension(f))).Order(StringComparer.Ordinal))
            {
                try
                {
                    images.Add(ReadSa1bGroundTruth(file));
                }
                catch (DetEvalInputException e) when (options.SkipBad)
                {
                    options.Fail(e);
                }
            }

            if (images.Count == 0 && options.Shard is null)
            {
                throw new DetEvalInputException(path, "", "no SA-1B ground-truth files (*.json) in this folder");
            }
        }
        else if (kind != FileKind.Missing)
        {
            // A file, a pipe or a device: the COCO reader opens it as what it is, or says why it cannot.
            images = [.. FromCoco(CocoReader.ReadGroundTruth(path)).Where(i => options.Wants(i.Stem))];
        }
        else
        {
            throw new DetEvalInputException(path, "", "ground truth not found (expected a folder of SA-1B JSON files or a COCO JSON file)");
        }

        CheckUniqueStems(images.Select(i => (i.Stem, i.Source)));
        return [.. images.OrderBy(i => i.Stem, StringComparer.Ordinal)];
    }

    /// <summary>Reads one SA-1B ground-truth file: <c>{"image": {image_id, width, height, file_name}, "annotations": [...]}</c>.</summary>
    /// <remarks>Each annotation's <c>segmentation</c> (compressed RLE of the image's size) is decoded once; <c>area</c>
    /// (the pixel count) is kept as given, since the area ranges use it; <c>bbox</c> is read as written (12 or 12.0).
    /// The stem is the file's own stem.</remarks>
    /// <param name="file">The JSON file.</param>
    public static SamGroundTruthImage ReadSa1bGroundTruth(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        using JsonDocument doc = SamJson.Parse(file);
        JsonElement root = doc.RootElement;
        JsonElement image = SamJson.Property(root, "image", file, "$");
        long imageId = SamJson.Integer(SamJson.Property(image, "image_id", file, "$.image"), file, "$.image.image_id");
        int width = SamJson.Int(SamJson.Property(image, "width", file, "$.image"), file, "$.image.width", 1, int.MaxValue);
        int height = SamJson.Int(SamJson.Property(image, "height", file, "$.image"), file, "$.image.height", 1, int.MaxValue);
        string? fileName = SamJson.TryProperty(image, "file_name", out JsonElement fn) && fn.ValueKind == JsonValueKind.String ? fn.GetString() : null;
        var info = new ImageInfo(imageId, width, height, fileName);
        JsonElement annotations = SamJson.Array(SamJson.Property(root, "annotations", file, "$"), file, "$.annotations");
        var truths = new List<GroundTruth>(annotations.GetArrayLength());
        int index = 0;
        foreach (JsonElement a in annotations.EnumerateArray())
        {
            string at = $"$.annotations[{index++}]";
            long id = SamJson.Integer(SamJson.Property(a, "id", file, at), file, at + ".id");
            Rle rle = SamJson.Rle(SamJson.Property(a, "segmentation", file, at), file, at + ".segmentation");
            if (rle.Height != height || rle.Width != width)
            {
                throw new DetEvalInputException(file, at + ".segmentation.size", $"mask size [{rle.Height}, {rle.Width}] differs from the image's [{height}, {width}]");
            }

            double area = SamJson.TryProperty(a, "area", out JsonElement ae) ? SamJson.Double(ae, file, at + ".area") : rle.Area;
            Box box = SamJson.TryProperty(a, "bbox", out JsonElement be) ? ReadBox(be, file, at + ".bbox") : rle.ToBox();
            truths.Add(new GroundTruth(id, imageId, 1, box, area, Segmentation: Segmentation.FromRle(rle)));
        }

        CheckUniqueIds(truths, file);
        return new SamGroundTruthImage(Path.GetFileNameWithoutExtension(file), info, truths, file);
    }

    /// <summary>Groups a COCO dataset by image; masks are decoded to runs at the image size, categories ignored.</summary>
    /// <param name="dataset">The dataset (for example from <see cref="CocoReader.ReadGroundTruth"/>).</param>
    /// <returns>One entry per image in file order; the stem is that of <c>file_name</c> (the id when it has none).</returns>
    public static IEnumerable<SamGroundTruthImage> FromCoco(DetectionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var byImage = new Dictionary<long, List<GroundTruth>>();
        foreach (ImageInfo image in dataset.Images)
        {
            byImage[image.Id] = [];
        }

        for (int i = 0; i < dataset.GroundTruths.Count; i++)
        {
            GroundTruth gt = dataset.GroundTruths[i];
            if (!byImage.TryGetValue(gt.ImageId, out List<GroundTruth>? list) || !dataset.TryGetImage(gt.ImageId, out ImageInfo image))
            {
                continue;
            }

            if (gt.Segmentation is null)
            {
                throw new DetEvalInputException(dataset.Source, $"$.annotations[{i}]", $"annotation {gt.Id} has no segmentation");
            }

            if (image.Width <= 0 || image.Height <= 0)
            {
                throw new DetEvalInputException(dataset.Source, $"$.annotations[{i}].segmentation", $"image {image.Id} has no width and height (or 0); SAM evaluation compares masks at the image's size");
            }

            Rle rle;
            try
            {
                rle = gt.Segmentation.ToRle(image.Height, image.Width);
            }
            catch (FormatException e)
            {
                throw new DetEvalInputException(dataset.Source, $"$.annotations[{i}].segmentation", e.Message, e);
            }

            if (rle.Height != image.Height || rle.Width != image.Width)
            {
                throw new DetEvalInputException(dataset.Source, $"$.annotations[{i}].segmentation.size", $"mask size [{rle.Height}, {rle.Width}] differs from the image's [{image.Height}, {image.Width}]");
            }

            list.Add(gt with { Segmentation = Segmentation.FromRle(rle) });
        }

        foreach (ImageInfo image in dataset.Images)
        {
            string stem = image.FileName is { Length: > 0 } name
                ? Path.GetFileNameWithoutExtension(name)
                : image.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            yield return new SamGroundTruthImage(stem, image, byImage[image.Id], dataset.Source);
        }
    }

    private static Box ReadBox(JsonElement e, string file, string path)
    {
        SamJson.Array(e, file, path);
        if (e.GetArrayLength() != 4)
        {
            throw new DetEvalInputException(file, path, $"expected [x, y, w, h], got {e.GetArrayLength()} values");
        }

        return new Box(SamJson.Double(e[0], file, path + "[0]"), SamJson.Double(e[1], file, path + "[1]"), SamJson.Double(e[2], file, path + "[2]"), SamJson.Double(e[3], file, path + "[3]"));
    }

    private static void CheckUniqueIds(List<GroundTruth> truths, string file)
    {
        var ids = new HashSet<long>();
        for (int i = 0; i < truths.Count; i++)
        {
            if (!ids.Add(truths[i].Id))
            {
                throw new DetEvalInputException(file, $"$.annotations[{i}].id", $"duplicate annotation id {truths[i].Id}");
            }
        }
    }

    private static void CheckUniqueStems(IEnumerable<(string Stem, string Source)> items)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (stem, source) in items)
        {
            if (!seen.TryAdd(stem, source))
            {
                throw new DetEvalInputException(source, "", $"image stem '{stem}' also comes from {seen[stem]}; stems pair images and must be unique");
            }
        }
    }
}
