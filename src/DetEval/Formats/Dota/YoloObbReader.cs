using System.Globalization;
using DetEval.Formats.Text;

namespace DetEval;

/// <summary>
/// Reads oriented boxes in the YOLO-OBB text format, as ultralytics writes them: one file <c>&lt;image&gt;.txt</c> per
/// image, corners normalised by the image size.
/// </summary>
/// <remarks>
/// <para>
/// A ground-truth line is <c>class x1 y1 x2 y2 x3 y3 x4 y4</c> (an ultralytics OBB label), a detection line
/// <c>class x1 y1 x2 y2 x3 y3 x4 y4 conf</c> (<c>Results.save_txt(save_conf=True)</c>: the confidence last). The class
/// is an integer index; the corners are multiplied by the image's width and height (<c>x * W</c>, <c>y * H</c>) into
/// pixels, so the DOTA rules (pre-filter with its +1 pixel, polygon IoU) apply as to DOTA files. No object is
/// difficult. Blank lines are skipped; an image without a detection file has no detections.
/// </para>
/// <para>
/// Classes: with names, index <c>i</c> is <c>names[i]</c> and every name is a class; without, each index seen in the
/// ground truth is a class named by its number, in numeric order, and detections of other indices are dropped.
/// </para>
/// </remarks>
public static class YoloObbReader
{
    /// <summary>Reads a folder of YOLO-OBB label files.</summary>
    /// <param name="labelDirectory">The folder of <c>&lt;image&gt;.txt</c> label files.</param>
    /// <param name="imageSizes">Each image's size in pixels (<see cref="PerImageTextReader.ReadImageSizes"/>).</param>
    /// <param name="imageSet">The image-set list, or null for every <c>*.txt</c> in the folder, sorted by name.</param>
    /// <param name="classes">The class names by index, or null.</param>
    /// <returns>The dataset, in pixels.</returns>
    /// <exception cref="DetEvalInputException">A file or image size is missing, or a line is malformed.</exception>
    public static DotaDataset ReadGroundTruth(string labelDirectory, IReadOnlyDictionary<string, ImageSize> imageSizes, string? imageSet = null, IReadOnlyList<string>? classes = null)
    {
        ArgumentNullException.ThrowIfNull(labelDirectory);
        ArgumentNullException.ThrowIfNull(imageSizes);
        if (!Directory.Exists(labelDirectory))
        {
            throw new DetEvalInputException(labelDirectory, "", "label folder not found");
        }

        var names = DotaReader.ImageNames(labelDirectory, imageSet);
        var files = new List<DotaReader.LabelObject>[names.Count];
        Formats.ParallelInput.For(names.Count, i =>
        {
            string path = Path.Combine(labelDirectory, names[i] + ".txt");
            var size = SizeOf(names[i], path, imageSizes);
            files[i] = DotaReader.ReadFile(path, $"label file not found (image '{names[i]}' is in the image set)", data =>
            {
                var objects = new List<DotaReader.LabelObject>();
                foreach (var (quad, index, _) in ParseLines(data, path, size, classes, withScore: false))
                {
                    objects.Add(new DotaReader.LabelObject(quad, ClassName(index, classes), false));
                }

                return objects;
            });
        });

        IReadOnlyList<string> classNames = classes is not null
            ? [.. classes]
            : [.. files.SelectMany(f => f).Select(o => int.Parse(o.Class, CultureInfo.InvariantCulture)).Distinct().Order().Select(i => ClassName(i, null))];
        return DotaReader.Build(names, files, classNames, labelDirectory, skipOtherClasses: false);
    }

    /// <summary>Reads a folder of YOLO-OBB detection files for the images and classes of <paramref name="groundTruth"/>.</summary>
    /// <param name="directory">The folder of <c>&lt;image&gt;.txt</c> detection files.</param>
    /// <param name="groundTruth">The ground truth read by <see cref="ReadGroundTruth"/>.</param>
    /// <param name="imageSizes">Each image's size in pixels.</param>
    /// <param name="classes">The class names by index (as given to <see cref="ReadGroundTruth"/>), or null.</param>
    /// <param name="skipOtherImages">Skip the files of images that are not in the image set (a shard of one folder)
    /// instead of refusing them.</param>
    /// <returns>The detections, image by image in image-set order, each file in line order. Their
    /// <see cref="DotaDetectionSet.Positions"/> are all 0: per-image files give no order across images, so tied scores
    /// go by image order, then line order.</returns>
    /// <exception cref="DetEvalInputException">A file names an image that is not in the set, or a line is malformed.</exception>
    public static DotaDetectionSet ReadDetections(string directory, DotaDataset groundTruth, IReadOnlyDictionary<string, ImageSize> imageSizes, IReadOnlyList<string>? classes = null, bool skipOtherImages = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(imageSizes);
        if (!Directory.Exists(directory))
        {
            throw new DetEvalInputException(directory, "", "detection folder not found");
        }

        var data = groundTruth.Dataset;
        var imageIndex = VocReader.ImageIndex(data);
        var pathOf = new string?[data.Images.Count];
        foreach (string path in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (imageIndex.TryGetValue(name, out long id))
            {
                pathOf[(int)id] = path;
            }
            else if (!skipOtherImages)
            {
                throw new DetEvalInputException(path, "", $"image '{name}' is not in the image set");
            }
        }

        var categoryOf = data.Categories.ToDictionary(c => c.Name, c => c.Id, StringComparer.Ordinal);
        var parts = new (List<Detection> Detections, List<Quad> Quads)[data.Images.Count];
        Formats.ParallelInput.For(parts.Length, i =>
        {
            parts[i] = ([], []);
            if (pathOf[i] is not string path)
            {
                return;
            }

            var size = SizeOf(data.Images[i].FileName!, path, imageSizes);
            parts[i] = DotaReader.ReadFile(path, "detection file not found", bytes =>
            {
                var (detections, quads) = (new List<Detection>(), new List<Quad>());
                foreach (var (quad, index, score) in ParseLines(bytes, path, size, classes, withScore: true))
                {
                    if (categoryOf.TryGetValue(ClassName(index, classes), out long categoryId))
                    {
                        var hull = quad.Hull().ToBox();
                        detections.Add(new Detection(data.Images[i].Id, categoryId, hull, score, hull.Area));
                        quads.Add(quad);
                    }
                }

                return (detections, quads);
            });
        });

        var all = new List<Detection>();
        var allQuads = new List<Quad>();
        foreach (var (d, q) in parts)
        {
            all.AddRange(d);
            allQuads.AddRange(q);
        }

        return new DotaDetectionSet(new DetectionSet(all, directory), allQuads, new int[all.Count]);
    }

    private static string ClassName(int index, IReadOnlyList<string>? classes) =>
        classes is null ? index.ToString(CultureInfo.InvariantCulture) : classes[index];

    private static ImageSize SizeOf(string name, string path, IReadOnlyDictionary<string, ImageSize> sizes) =>
        sizes.TryGetValue(name, out var size)
            ? size
            : throw new DetEvalInputException(path, "", $"YOLO-OBB corners are relative to the image size, and none was given for image '{name}'");

    /// <summary>The lines of one file: quad in pixels, class index and (with <paramref name="withScore"/>) the last field's confidence.</summary>
    private static List<(Quad Quad, int Class, double Score)> ParseLines(ReadOnlySpan<byte> data, string path, ImageSize size, IReadOnlyList<string>? classes, bool withScore)
    {
        var lines = new List<(Quad, int, double)>();
        int expected = withScore ? 10 : 9;
        Span<Range> fields = stackalloc Range[11];
        double w = size.Width, h = size.Height;
        foreach (var line in TextFields.Lines(data))
        {
            int count = TextFields.Split(line.Text, fields);
            if (count == 0)
            {
                continue;
            }

            if (count != expected)
            {
                throw new DetEvalInputException(path, DotaReader.Line(line.Number), withScore
                    ? $"expected 10 fields 'class x1 y1 x2 y2 x3 y3 x4 y4 conf', found {count}"
                    : $"expected 9 fields 'class x1 y1 x2 y2 x3 y3 x4 y4', found {count}");
            }

            var token = line.Text[fields[0]];
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || (classes is not null && index >= classes.Count))
            {
                throw new DetEvalInputException(path, DotaReader.Line(line.Number), classes is null
                    ? $"class '{System.Text.Encoding.UTF8.GetString(token)}' is not a class index (a non-negative integer)"
                    : $"class '{System.Text.Encoding.UTF8.GetString(token)}' is not an index into the {classes.Count} class names");
            }

            var quad = DotaReader.ParseQuad(line.Text, fields, 1, path, line.Number, (x, y) => (x * w, y * h));
            double score = withScore ? TextFields.Finite(line.Text[fields[9]], path, line.Number, "conf") : 0;
            lines.Add((quad, index, score));
        }

        return lines;
    }
}
