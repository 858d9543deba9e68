using System.Globalization;
using DetEval.Data;
using DetEval.Formats.Voc;
using DetEval.Formats.Text;
using DetEval.Formats;

namespace DetEval;

/// <summary>
/// Reads the per-image text format used by many tools: one file <c>&lt;image&gt;.txt</c> per image, ground truth
/// lines <c>class b1 b2 b3 b4 [difficult]</c>, detection lines <c>class score b1 b2 b3 b4</c>, the box numbers laid
/// out as <see cref="TextFormatOptions.BoxFormat"/> says.
/// </summary>
public static class PerImageTextReader
{
    /// <summary>Reads a folder of ground-truth files.</summary>
    /// <remarks>
    /// The images are the <c>*.txt</c> files sorted by name (ordinal); image <c>i</c> gets id <c>i</c>, class <c>k</c>
    /// category id <c>k + 1</c>. A trailing field marks a difficult object (<c>1</c>, <c>true</c> or <c>difficult</c>).
    /// </remarks>
    /// <param name="directory">The folder of ground-truth files.</param>
    /// <param name="options">Box layout, classes, image sizes.</param>
    /// <exception cref="DetEvalInputException">A line is malformed.</exception>
    public static VocDataset ReadGroundTruth(string directory, TextFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        InputFile.RequireFolder(directory, "ground-truth folder");

        var files = Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).ToArray();
        var classes = new ClassTable(options);
        var images = new List<ImageInfo>(files.Length);
        var truths = new List<GroundTruth>();
        var corners = new List<BoxCorners>();
        for (int imageIndex = 0; imageIndex < files.Length; imageIndex++)
        {
            string path = files[imageIndex];
            string name = Path.GetFileNameWithoutExtension(path);
            var size = SizeOf(name, path, options);
            images.Add(new ImageInfo(imageIndex, size.Width, size.Height, name));
            foreach (var (fields, location) in TextFields.NonBlankLines(path))
            {
                if (fields.Length is not (5 or 6))
                {
                    throw new DetEvalInputException(path, location, $"expected 5 or 6 fields 'class {Layout(options.BoxFormat)} [difficult]', found {fields.Length}");
                }

                var box = ParseBox(fields.AsSpan(1, 4), size, options, path, location);
                bool difficult = fields.Length == 6 && TextFields.Flag(fields[5], path, location, "difficult");
                if (classes.Resolve(fields[0], addNew: true) is not long categoryId)
                {
                    continue;
                }

                var coco = box.ToBox();
                truths.Add(new GroundTruth(truths.Count + 1, imageIndex, categoryId, coco, coco.Area, Difficult: difficult));
                corners.Add(box);
            }
        }

        return new VocDataset(new DetectionDataset(images, classes.Categories(), truths, directory), corners);
    }

    /// <summary>Reads a folder of detection files for the images and classes of <paramref name="groundTruth"/>.</summary>
    /// <remarks>
    /// Detections are kept image by image (the ground truth's order), each file in line order. An image without a
    /// file has no detections; a file for an image that is not in the ground truth is an error. Lines of classes
    /// that are not evaluated are skipped.
    /// </remarks>
    /// <param name="directory">The folder of detection files.</param>
    /// <param name="groundTruth">The ground truth read by <see cref="ReadGroundTruth"/>.</param>
    /// <param name="options">Box layout, classes, image sizes.</param>
    /// <exception cref="DetEvalInputException">A line is malformed or a file names an unknown image.</exception>
    public static VocDetectionSet ReadDetections(string directory, VocDataset groundTruth, TextFormatOptions options)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(options);
        InputFile.RequireFolder(directory, "detection folder");

        var imageIndex = VocReader.ImageIndex(groundTruth.Dataset);
        var byImage = new SortedDictionary<long, string>();
        foreach (string path in Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (!imageIndex.TryGetValue(name, out long imageId))
            {
                throw new DetEvalInputException(path, "", $"image '{name}' is not in the ground truth");
            }

            byImage[imageId] = path;
        }

        var classes = new ClassTable(options, groundTruth.Dataset.Categories);
        var detections = new List<Detection>();
        var corners = new List<BoxCorners>();
        foreach (var (imageId, path) in byImage)
        {
            groundTruth.Dataset.TryGetImage(imageId, out var image);
            var size = SizeOf(image.FileName!, path, options);
            foreach (var (fields, location) in TextFields.NonBlankLines(path))
            {
                if (fields.Length != 6)
                {
                    throw new DetEvalInputException(path, location, $"expected 6 fields 'class score {Layout(options.BoxFormat)}', found {fields.Length}");
                }

                double score = TextFields.Finite(fields[1], path, location, "score");
                var box = ParseBox(fields.AsSpan(2, 4), size, options, path, location);
                if (classes.Resolve(fields[0], addNew: false) is not long categoryId)
                {
                    continue;
                }

                var coco = box.ToBox();
                detections.Add(new Detection(imageId, categoryId, coco, score, coco.Area));
                corners.Add(box);
            }
        }

        return new VocDetectionSet(new DetectionSet(detections, directory), corners);
    }

    /// <summary>Reads image sizes: one line <c>name width height</c> per image.</summary>
    /// <param name="path">The sizes file.</param>
    /// <exception cref="DetEvalInputException">A line is malformed.</exception>
    public static IReadOnlyDictionary<string, ImageSize> ReadImageSizes(string path)
    {
        var sizes = new Dictionary<string, ImageSize>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string line in VocReader.ReadLines(path))
        {
            lineNumber++;
            var fields = TextFields.Split(line);
            if (fields.Length == 0)
            {
                continue;
            }

            string location = $"line {lineNumber}";
            if (fields.Length != 3
                || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int w)
                || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int h)
                || w <= 0 || h <= 0)
            {
                throw new DetEvalInputException(path, location, "expected 'name width height' with positive integer sizes");
            }

            sizes[fields[0]] = new ImageSize(w, h);
        }

        return sizes;
    }

    private static string Layout(TextBoxFormat format) => format switch
    {
        TextBoxFormat.Xywh => "x y w h",
        TextBoxFormat.Yolo => "cx cy w h",
        _ => "x1 y1 x2 y2",
    };

    private static ImageSize SizeOf(string name, string path, TextFormatOptions options)
    {
        if (options.ImageSizes is not null && options.ImageSizes.TryGetValue(name, out var size))
        {
            return size;
        }

        return options.BoxFormat == TextBoxFormat.Yolo
            ? throw new DetEvalInputException(path, "", $"YOLO boxes need the image size, and none was given for image '{name}'")
            : default;
    }

    private static BoxCorners ParseBox(ReadOnlySpan<string> fields, ImageSize size, TextFormatOptions options, string path, string location)
    {
        double a = TextFields.Finite(fields[0], path, location, "box value");
        double b = TextFields.Finite(fields[1], path, location, "box value");
        double c = TextFields.Finite(fields[2], path, location, "box value");
        double d = TextFields.Finite(fields[3], path, location, "box value");
        var box = options.BoxFormat switch
        {
            TextBoxFormat.Xywh => new BoxCorners(a, b, a + c, b + d),
            TextBoxFormat.Yolo => new BoxCorners((a - (c / 2)) * size.Width, (b - (d / 2)) * size.Height, (a + (c / 2)) * size.Width, (b + (d / 2)) * size.Height),
            _ => new BoxCorners(a, b, c, d),
        };
        TextFields.CheckSize(box, options.PixelConvention, path, location);
        return box;
    }

    /// <summary>Class names to category ids (class index + 1).</summary>
    private sealed class ClassTable
    {
        private readonly Dictionary<string, long> ids = new(StringComparer.Ordinal);
        private readonly List<string> names = [];
        private readonly bool fixedList;
        private readonly bool yolo;

        public ClassTable(TextFormatOptions options, IReadOnlyList<Category>? known = null)
        {
            yolo = options.BoxFormat == TextBoxFormat.Yolo;
            fixedList = options.Classes is not null || known is not null;
            foreach (string name in known?.Select(c => c.Name) ?? options.Classes ?? [])
            {
                if (ids.TryAdd(name, names.Count + 1))
                {
                    names.Add(name);
                }
            }
        }

        public long? Resolve(string token, bool addNew)
        {
            if (ids.TryGetValue(token, out long id))
            {
                return id;
            }

            if (yolo && fixedList && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < names.Count)
            {
                return index + 1;
            }

            if (!addNew || fixedList)
            {
                return null;
            }

            names.Add(token);
            ids[token] = names.Count;
            return names.Count;
        }

        public List<Category> Categories() => [.. names.Select((name, k) => new Category(k + 1, name))];
    }
}
