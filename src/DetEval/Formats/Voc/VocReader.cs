using System.Buffers;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Xml;
using System.Xml.Linq;
using DetEval.Data;
using DetEval.Formats.Text;
using DetEval.Formats.Voc;
using DetEval.Formats;

namespace DetEval;

/// <summary>
/// Reads Pascal VOC data: <c>Annotations/&lt;name&gt;.xml</c>, an image-set list (<c>ImageSets/Main/&lt;set&gt;.txt</c>)
/// and per-class results files (<c>comp4_det_test_&lt;class&gt;.txt</c> or <c>&lt;class&gt;.txt</c>).
/// </summary>
public static class VocReader
{
    /// <summary>The deepest element nesting the XML reader accepts (the annotations nest 4 deep).</summary>
    private const int MaxXmlDepth = 256;

    /// <summary>The image set read when none is given: <c>ImageSets/Main/test.txt</c> under the root.</summary>
    public static string DefaultImageSet(string root) => Path.Combine(root, "ImageSets", "Main", "test.txt");

    /// <summary>
    /// Tells how the ground-truth folder <paramref name="folder"/> is laid out: a VOC root (it holds
    /// <c>Annotations/</c>), the annotations folder itself (<c>*.xml</c> files), or per-image text files (<c>*.txt</c>;
    /// YOLO when <paramref name="imageSizesGiven"/>, since only YOLO boxes need image sizes).
    /// </summary>
    /// <param name="folder">The folder given as ground truth.</param>
    /// <param name="imageSizesGiven">Whether a file of image sizes was given.</param>
    /// <exception cref="DetEvalInputException">
    /// The folder is missing or a file, or holds both <c>*.xml</c> and <c>*.txt</c> files (either could be meant:
    /// the message names both), or neither.
    /// </exception>
    public static VocLayout DetectLayout(string folder, bool imageSizesGiven = false)
    {
        ArgumentNullException.ThrowIfNull(folder);
        InputFile.RequireFolder(folder, "ground-truth folder");
        if (FileKinds.Of(Path.Combine(folder, "Annotations")) == FileKind.Directory)
        {
            return VocLayout.VocRoot;
        }

        bool xml = Directory.EnumerateFiles(folder, "*.xml").Any();
        bool text = Directory.EnumerateFiles(folder, "*.txt").Any();
        return (xml, text) switch
        {
            (true, true) => throw new DetEvalInputException(folder, "", "holds both VOC annotations (*.xml) and per-image text files (*.txt), so either could be meant; choose with --format voc (the annotations folder) or --format text (per-image text)"),
            (true, false) => VocLayout.AnnotationsFolder,
            (false, true) => imageSizesGiven ? VocLayout.Yolo : VocLayout.PerImageText,
            _ => throw new DetEvalInputException(folder, "", "is not a ground truth: expected a VOC root (holding Annotations/), the Annotations folder itself (*.xml files), or per-image text files (*.txt)"),
        };
    }

    /// <summary>The layout in words, for the conventions line: "VOC root".</summary>
    /// <param name="layout">The layout.</param>
    public static string Describe(VocLayout layout) => layout switch
    {
        VocLayout.VocRoot => "VOC root (Annotations/*.xml)",
        VocLayout.AnnotationsFolder => "the Annotations folder (*.xml)",
        VocLayout.PerImageText => "per-image text files (*.txt)",
        _ => "per-image YOLO text files with image sizes",
    };

    /// <summary>Reads an image-set list: one image name per line (trimmed; blank lines skipped).</summary>
    /// <param name="path">The list file.</param>
    /// <exception cref="DetEvalInputException">The file is missing or a name appears twice.</exception>
    public static IReadOnlyList<string> ReadImageSet(string path)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string line in ReadLines(path))
        {
            lineNumber++;
            string name = line.Trim();
            if (name.Length == 0)
            {
                continue;
            }

            if (!seen.Add(name))
            {
                throw new DetEvalInputException(path, $"line {lineNumber}", $"image '{name}' is listed twice");
            }

            names.Add(name);
        }

        return names;
    }

    /// <summary>Reads the ground truth of a VOC root: the image set and one annotation file per image.</summary>
    /// <remarks>
    /// <paramref name="root"/> may also be the <c>Annotations/</c> folder itself (it holds <c>*.xml</c> files and no
    /// <c>Annotations/</c>): the default image set is then <c>../ImageSets/Main/test.txt</c> beside it when that exists,
    /// else every <c>*.xml</c> file of the folder, by name (ordinal).
    /// 
    /// Image <c>i</c> of the set gets id <c>i</c>; class <c>k</c> gets category id <c>k + 1</c>. Without
    /// <paramref name="classes"/>, the classes are the object names in order of first appearance; with it, objects of
    /// other classes are skipped. Boxes keep the file's corners (1-based inclusive pixels, decimals allowed).
    /// </remarks>
    /// <param name="root">The folder holding <c>Annotations/</c> (and <c>ImageSets/Main/</c>).</param>
    /// <param name="imageSet">The image-set list (default <see cref="DefaultImageSet"/>).</param>
    /// <param name="classes">The classes to evaluate, or null to take them from the annotations.</param>
    /// <param name="convention">The pixel convention the boxes are checked under.</param>
    /// <exception cref="DetEvalInputException">A file is missing, not VOC, or has a bad box.</exception>
    public static VocDataset ReadGroundTruth(string root, string? imageSet = null, IReadOnlyList<string>? classes = null, PixelConvention convention = PixelConvention.Inclusive)
    {
        ArgumentNullException.ThrowIfNull(root);
        InputFile.RequireFolder(root, "VOC root");
        string folder = Path.Combine(root, "Annotations");
        IReadOnlyList<string> names;
        if (FileKinds.Of(folder) == FileKind.Missing && Directory.EnumerateFiles(root, "*.xml").Any())
        {
            // The annotations folder itself, the first thing users try.
            folder = root;
            string beside = DefaultImageSet(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root))) ?? root);
            names = imageSet is not null || FileKinds.Of(beside) != FileKind.Missing
                ? ReadImageSet(imageSet ?? beside)
                : [.. Directory.GetFiles(root, "*.xml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];
        }
        else
        {
            names = ReadImageSet(imageSet ?? DefaultImageSet(root));
        }

        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var classNames = new List<string>();
        foreach (string c in classes ?? [])
        {
            if (classIndex.TryAdd(c, classNames.Count))
            {
                classNames.Add(c);
            }
        }

        // The files are read in parallel; classes and ids are then assigned in image-set order.
        var annotations = new VocAnnotation[names.Count];
        ParallelInput.For(names.Count, i => annotations[i] = ReadAnnotationFile(Path.Combine(folder, names[i] + ".xml"), convention));
        var images = new List<ImageInfo>(names.Count);
        int objectCount = 0;
        foreach (var annotation in annotations)
        {
            objectCount += annotation.Objects.Count;
        }

        var truths = new List<GroundTruth>(objectCount);
        var corners = new List<BoxCorners>(objectCount);
        for (int imageIndex = 0; imageIndex < names.Count; imageIndex++)
        {
            var annotation = annotations[imageIndex];
            images.Add(new ImageInfo(imageIndex, annotation.Width, annotation.Height, names[imageIndex]));
            foreach (var obj in annotation.Objects)
            {
                if (!classIndex.TryGetValue(obj.Name, out int k))
                {
                    if (classes is not null)
                    {
                        continue;
                    }

                    k = classNames.Count;
                    classIndex.Add(obj.Name, k);
                    classNames.Add(obj.Name);
                }

                var box = obj.Corners.ToBox();
                truths.Add(new GroundTruth(truths.Count + 1, imageIndex, k + 1, box, box.Area, Difficult: obj.Difficult));
                corners.Add(obj.Corners);
            }
        }

        var categories = classNames.Select((name, k) => new Category(k + 1, name)).ToList();
        return new VocDataset(new DetectionDataset(images, categories, truths, root), corners);
    }

    /// <summary>Reads the per-class results files of <paramref name="groundTruth"/>'s classes from a folder.</summary>
    /// <remarks>
    /// Class <c>c</c> is read from <c>comp4_det_test_c.txt</c>, else <c>c.txt</c>. Each line is
    /// <c>image score x1 y1 x2 y2</c> (whitespace separated); blank lines are skipped and an empty file is valid.
    /// Detections are kept class by class, each in file order.
    /// </remarks>
    /// <param name="directory">The results folder.</param>
    /// <param name="groundTruth">The ground truth (its image set and classes).</param>
    /// <param name="convention">The pixel convention the boxes are checked under.</param>
    /// <exception cref="DetEvalInputException">A file is missing, or a line is malformed or names an unknown image.</exception>
    public static VocDetectionSet ReadResults(string directory, VocDataset groundTruth, PixelConvention convention = PixelConvention.Inclusive)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        InputFile.RequireFolder(directory, "results folder");
        var images = new ImageNames(groundTruth.Dataset);
        var categories = groundTruth.Dataset.Categories;
        var files = new byte[categories.Count][];
        var paths = new string[categories.Count];
        var lines = new int[categories.Count];
        var errors = new ExceptionDispatchInfo?[categories.Count];

        // 1. Each class's file read and its lines counted (at most one detection each), in parallel. A failure waits
        //    for step 2, so that the error reported is still the one of the first class in a sequential read.
        ParallelInput.For(categories.Count, k =>
        {
            try
            {
                paths[k] = ResultsPath(directory, categories[k].Name);
                files[k] = InputFile.ReadAllBytes(paths[k], InputKind.VocResults);
                lines[k] = LineCount(files[k]);
            }
            catch (Exception e)
            {
                errors[k] = ExceptionDispatchInfo.Capture(e);
            }
        });

        // 2. Each file parsed into its own slice of one array, in parallel: no list growth, no copy to join the classes.
        long sum = 0;
        foreach (int n in lines)
        {
            sum += n;
        }

        if (sum > Array.MaxLength)
        {
            throw new DetEvalInputException(directory, "", $"too many results lines ({sum})");
        }

        int total = (int)sum;
        var offsets = new int[categories.Count + 1];
        for (int k = 0; k < categories.Count; k++)
        {
            offsets[k + 1] = offsets[k] + lines[k];
        }

        var detections = new Detection[total];
        // A list (filled through its span), as the evaluation reads corners through IReadOnlyList: cheaper on a
        // list than on an array.
        var corners = new List<BoxCorners>(total);
        CollectionsMarshal.SetCount(corners, total);
        var counts = new int[categories.Count];
        ParallelInput.For(categories.Count, k =>
        {
            errors[k]?.Throw();
            var slice = offsets[k]..offsets[k + 1];
            counts[k] = ReadResultsFile(files[k], paths[k], categories[k].Id, images, convention, detections.AsSpan(slice), CollectionsMarshal.AsSpan(corners)[slice]);
            files[k] = []; // its memory is reused for what comes next
        });

        // Blank lines leave the end of a slice unused: close the gaps, keeping class order.
        int count = 0;
        var cornerSpan = CollectionsMarshal.AsSpan(corners);
        for (int k = 0; k < categories.Count; k++)
        {
            if (count != offsets[k])
            {
                Array.Copy(detections, offsets[k], detections, count, counts[k]);
                cornerSpan.Slice(offsets[k], counts[k]).CopyTo(cornerSpan[count..]);
            }

            count += counts[k];
        }

        CollectionsMarshal.SetCount(corners, count);

        return new VocDetectionSet(new DetectionSet(detections, count, directory), corners);
    }

    /// <summary>The number of lines, the last one with or without a line break.</summary>
    private static int LineCount(ReadOnlySpan<byte> data) => data.Count((byte)'\n') + (data.IsEmpty || data[^1] == '\n' ? 0 : 1);

    /// <summary>The results file of a class: <c>comp4_det_test_&lt;class&gt;.txt</c>, else <c>&lt;class&gt;.txt</c>.</summary>
    private static string ResultsPath(string directory, string className)
    {
        // Whatever the name is (a file, a pipe, a folder), it is this class's: the reader says when it cannot be read.
        string path = Path.Combine(directory, "comp4_det_test_" + className + ".txt");
        if (FileKinds.Of(path) == FileKind.Missing)
        {
            path = Path.Combine(directory, className + ".txt");
            if (FileKinds.Of(path) == FileKind.Missing)
            {
                throw new DetEvalInputException(directory, "", $"no results file for class '{className}' (expected comp4_det_test_{className}.txt or {className}.txt)");
            }
        }

        return path;
    }

    internal static Dictionary<string, long> ImageIndex(DetectionDataset dataset)
    {
        var index = new Dictionary<string, long>(dataset.Images.Count, StringComparer.Ordinal);
        foreach (var image in dataset.Images)
        {
            index[ImageName(image)] = image.Id;
        }

        return index;
    }

    private static string ImageName(ImageInfo image) => image.FileName ?? image.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses the bytes of one results file into <paramref name="detections"/> and <paramref name="corners"/> (one
    /// line at most per element); returns the number of detections.
    /// </summary>
    internal static int ReadResultsFile(ReadOnlySpan<byte> data, string path, long categoryId, ImageNames images, PixelConvention convention, Span<Detection> detections, Span<BoxCorners> corners)
    {
        // Split in place: no string per line or field, numbers parsed straight from UTF-8, names looked up as bytes.
        if (data.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            data = data[3..];
        }

        Span<Range> fields = stackalloc Range[6];
        int lineNumber = 0;
        int count = 0;
        while (!data.IsEmpty)
        {
            int newline = data.IndexOf((byte)'\n');
            var line = newline < 0 ? data : data[..newline];
            data = newline < 0 ? default : data[(newline + 1)..];
            lineNumber++;
            int fieldCount = TextFields.Split(line, fields);
            if (fieldCount == 0)
            {
                continue;
            }

            if (fieldCount != 6)
            {
                throw new DetEvalInputException(path, Line(lineNumber), $"expected 6 fields 'image score x1 y1 x2 y2', found {fieldCount}");
            }

            long imageId = images.Find(line[fields[0]], path, lineNumber);
            double score = TextFields.Finite(line[fields[1]], path, lineNumber, "score");
            var box = new BoxCorners(
                TextFields.Finite(line[fields[2]], path, lineNumber, "x1"),
                TextFields.Finite(line[fields[3]], path, lineNumber, "y1"),
                TextFields.Finite(line[fields[4]], path, lineNumber, "x2"),
                TextFields.Finite(line[fields[5]], path, lineNumber, "y2"));
            TextFields.CheckSize(box, convention, path, lineNumber);
            var coco = box.ToBox();
            detections[count] = new Detection(imageId, categoryId, coco, score, coco.Area);
            corners[count] = box;
            count++;
        }

        return count;
    }

    /// <summary>The image ids of a dataset by name (<see cref="ImageIndex"/>), searched with the UTF-8 bytes of a name.</summary>
    internal sealed class ImageNames
    {
        private readonly Dictionary<string, long> byName;
        private readonly Dictionary<string, long>.AlternateLookup<ReadOnlySpan<byte>> byUtf8;

        public ImageNames(DetectionDataset dataset)
        {
            byName = ImageIndex(dataset);
            var utf8 = new Dictionary<string, long>(byName.Count, Utf8NameComparer.Instance);
            foreach (var (name, id) in byName)
            {
                // A name with an unpaired surrogate has no UTF-8 form; Find reaches it (or not) by decoding.
                if (Utf8NameComparer.IsWellFormed(name))
                {
                    utf8.Add(name, id);
                }
            }

            byUtf8 = utf8.GetAlternateLookup<ReadOnlySpan<byte>>();
        }

        /// <summary>The id of the image named by <paramref name="name"/>, decoded as UTF-8 with replacement characters.</summary>
        /// <exception cref="DetEvalInputException">No image has that name.</exception>
        public long Find(ReadOnlySpan<byte> name, string path, int lineNumber)
        {
            long id = TryFind(name);
            return id >= 0
                ? id
                : throw new DetEvalInputException(path, Line(lineNumber), $"image '{System.Text.Encoding.UTF8.GetString(name)}' is not in the image set");
        }

        /// <summary>The id of the image named by <paramref name="name"/>, or -1 when no image has that name.</summary>
        public long TryFind(ReadOnlySpan<byte> name)
        {
            if (byUtf8.TryGetValue(name, out long id))
            {
                return id;
            }

            // Not the encoding of a name; decoding (invalid bytes become U+FFFD) could still give one.
            return byName.TryGetValue(System.Text.Encoding.UTF8.GetString(name), out id) ? id : -1;
        }
    }

    private static string Line(int lineNumber) => string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}");

    internal static IEnumerable<string> ReadLines(string path) => InputFile.ReadLines(path, InputKind.TextLines);

    /// <summary>One object of an annotation file.</summary>
    internal sealed record VocObject(string Name, BoxCorners Corners, bool Difficult, bool Truncated);

    /// <summary>An annotation file: image size (0 when absent) and objects in file order.</summary>
    internal sealed record VocAnnotation(int Width, int Height, IReadOnlyList<VocObject> Objects);

    /// <summary>
    /// Reads one VOC annotation file: with <see cref="VocAnnotationScanner"/> when the file is in its subset, else
    /// (and for every error) with the XML reader of <see cref="ParseAnnotation(byte[], int, string, PixelConvention)"/>. Both give the same annotation.
    /// </summary>
    internal static VocAnnotation ReadAnnotationFile(string path, PixelConvention convention)
    {
        // One read into a pooled buffer (no array per file); the XML reader parses the same bytes.
        var (buffer, length) = InputFile.ReadPooled(path, InputKind.VocAnnotation);
        try
        {
            return VocAnnotationScanner.TryRead(buffer.AsSpan(0, length), convention)
                ?? ParseAnnotation(buffer, length, path, convention);
        }
        finally
        {
            InputFile.ReturnPooled(buffer);
        }
    }

    /// <summary>Reads one VOC annotation file with the XML reader only: the reference path, with errors naming the line.</summary>
    internal static VocAnnotation ReadAnnotation(string path, PixelConvention convention)
    {
        byte[] data = InputFile.ReadAllBytes(path, InputKind.VocAnnotation);
        return ParseAnnotation(data, data.Length, path, convention);
    }

    /// <summary>Parses all of <paramref name="data"/> (see <see cref="ParseAnnotation(byte[], int, string, PixelConvention)"/>).</summary>
    internal static VocAnnotation ParseAnnotation(byte[] data, string path, PixelConvention convention) => ParseAnnotation(data, data.Length, path, convention);

    /// <summary>Parses an annotation file's bytes with the XML reader; <paramref name="path"/> names the file in errors.</summary>
    internal static VocAnnotation ParseAnnotation(byte[] data, int length, string path, PixelConvention convention)
    {
        XDocument? doc = null;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true, IgnoreComments = true, IgnoreProcessingInstructions = true };
        // Two passes: the first checks well-formedness and depth in linear time (building an XDocument costs time
        // proportional to the depth for every element, quadratic for deep nesting); the second builds the document.
        for (int pass = 0; pass < 2; pass++)
        {
            using var reader = XmlReader.Create(new MemoryStream(data, 0, length, writable: false), settings);
            try
            {
                if (pass == 1)
                {
                    doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
                    break;
                }

                while (reader.Read())
                {
                    if (reader.Depth > MaxXmlDepth)
                    {
                        throw new DetEvalInputException(path, $"line {((IXmlLineInfo)reader).LineNumber}",
                            $"elements nested more than {MaxXmlDepth} deep; a VOC annotation nests 4");
                    }
                }
            }
            catch (XmlException e)
            {
                // A prohibited DTD reports line 0; the reader still knows where it stopped.
                int line = e.LineNumber > 0 ? e.LineNumber : Math.Max(1, ((IXmlLineInfo)reader).LineNumber);
                string problem = settings.DtdProcessing == DtdProcessing.Prohibit && e.Message.Contains("DTD", StringComparison.Ordinal)
                    ? "DTDs are not allowed in VOC annotations"
                    : "not well-formed XML: " + e.Message;
                throw new DetEvalInputException(path, $"line {line}", problem, e);
            }
        }

        var root = doc!.Root!;
        if (root.Name.LocalName != "annotation")
        {
            throw new DetEvalInputException(path, Line(root), $"not a VOC annotation: the root element is <{root.Name.LocalName}>, expected <annotation>");
        }

        int width = 0, height = 0;
        if (root.Element("size") is XElement size)
        {
            width = (int)OptionalNumber(size, "width", path);
            height = (int)OptionalNumber(size, "height", path);
        }

        var objects = new List<VocObject>();
        foreach (var obj in root.Elements("object"))
        {
            string name = Required(obj, "name", path).Value.Trim();
            if (name.Length == 0)
            {
                throw new DetEvalInputException(path, Line(obj), "not a VOC annotation: <object> has an empty <name>");
            }

            bool difficult = obj.Element("difficult") is XElement d && TextFields.Flag(d.Value.Trim(), path, Line(d), "difficult");
            bool truncated = obj.Element("truncated") is XElement t && TextFields.Flag(t.Value.Trim(), path, Line(t), "truncated");
            var bndbox = Required(obj, "bndbox", path);
            var box = new BoxCorners(Number(bndbox, "xmin", path), Number(bndbox, "ymin", path), Number(bndbox, "xmax", path), Number(bndbox, "ymax", path));
            TextFields.CheckSize(box, convention, path, Line(bndbox));
            objects.Add(new VocObject(name, box, difficult, truncated));
        }

        return new VocAnnotation(width, height, objects);
    }

    private static XElement Required(XElement parent, string name, string path) =>
        parent.Element(name) ?? throw new DetEvalInputException(path, Line(parent), $"not a VOC annotation: <{parent.Name.LocalName}> has no <{name}>");

    private static double Number(XElement parent, string name, string path)
    {
        var e = Required(parent, name, path);
        return TextFields.Finite(e.Value.Trim(), path, Line(e), name);
    }

    private static double OptionalNumber(XElement parent, string name, string path)
    {
        if (parent.Element(name) is not XElement e)
        {
            return 0;
        }

        double v = TextFields.Finite(e.Value.Trim(), path, Line(e), name);
        return v >= 0 && v <= int.MaxValue ? Math.Floor(v) : throw new DetEvalInputException(path, Line(e), $"{name} '{e.Value.Trim()}' is not a valid image size");
    }

    private static string Line(XObject node) =>
        node is IXmlLineInfo info && info.HasLineInfo() ? $"line {info.LineNumber}" : "";
}
