using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DetEval.Formats;
using DetEval.Formats.Text;

namespace DetEval;

/// <summary>
/// Reads DOTA Task1 data as the DOTA devkit does: ground truth <c>labelTxt/&lt;image&gt;.txt</c>, an optional image-set
/// list, and per-class results <c>Task1_&lt;class&gt;.txt</c>.
/// </summary>
/// <remarks>
/// <para>
/// A ground-truth line is <c>x1 y1 x2 y2 x3 y3 x4 y4 class [difficult]</c>. Lines with fewer than 9 fields are
/// skipped (the <c>imagesource:</c> and <c>gsd:</c> headers, blank lines); with 9 the object is not difficult; with 10
/// any non-zero integer marks it difficult; more than 10 is an error (the devkit crashes on them later). A results
/// line is <c>image score x1 y1 x2 y2 x3 y3 x4 y4</c>, exactly 10 fields; blank lines are skipped and an empty or
/// missing file means no detections (the devkit crashes on both). Fields are split on any run of spaces, tabs and
/// carriage returns (the devkit splits on single spaces after stripping the line), so CRLF files read the same.
/// Class names are compared exactly. Every number must be finite.
/// </para>
/// <para>
/// Errors (one <see cref="DetEvalInputException"/> naming the file and line): an image of the set without a label
/// file, an image listed twice, a detection on an image that is not in the set, a malformed line.
/// </para>
/// </remarks>
public static class DotaReader
{
    /// <summary>The results file of a class: <c>Task1_&lt;class&gt;.txt</c>.</summary>
    /// <param name="className">The class name.</param>
    /// <returns>The file name.</returns>
    public static string ResultsFileName(string className) => "Task1_" + className + ".txt";

    /// <summary>Reads the ground truth of a set of images.</summary>
    /// <remarks>
    /// Image <c>i</c> of the set gets id <c>i</c>; class <c>k</c> gets category id <c>k + 1</c>. The classes are
    /// <paramref name="classes"/> when given (objects of other classes are skipped); otherwise the class names of the
    /// objects plus those of the <c>Task1_*.txt</c> files in <paramref name="resultsDirectory"/>, sorted (ordinal).
    /// </remarks>
    /// <param name="labelDirectory">The <c>labelTxt</c> folder.</param>
    /// <param name="imageSet">The image-set list (one name per line), or null for every <c>*.txt</c> in the folder, sorted by name.</param>
    /// <param name="classes">The classes to evaluate, or null.</param>
    /// <param name="resultsDirectory">The results folder whose files also name classes (when <paramref name="classes"/> is null).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DetEvalInputException">A folder or label file is missing, an image is listed twice or a line is malformed.</exception>
    public static DotaDataset ReadGroundTruth(string labelDirectory, string? imageSet = null, IReadOnlyList<string>? classes = null, string? resultsDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(labelDirectory);
        if (!Directory.Exists(labelDirectory))
        {
            throw new DetEvalInputException(labelDirectory, "", "label folder not found");
        }

        var names = ImageNames(labelDirectory, imageSet);
        var files = new List<LabelObject>[names.Count];
        ParallelInput.For(names.Count, i => files[i] = ReadLabelFile(Path.Combine(labelDirectory, names[i] + ".txt"), names[i]));

        var classNames = ClassList(classes, files.SelectMany(f => f.Select(o => o.Class)), resultsDirectory);
        return Build(names, files, classNames, labelDirectory, classes is not null);
    }

    /// <summary>Reads the results files of <paramref name="groundTruth"/>'s classes.</summary>
    /// <remarks>
    /// A detection's <see cref="DotaDetectionSet.Positions"/> entry counts the detection lines before it, class by
    /// class in category order: the whole files' order, also when lines of other images are skipped.
    /// </remarks>
    /// <param name="resultsDirectory">The folder of <c>Task1_&lt;class&gt;.txt</c> files.</param>
    /// <param name="groundTruth">The ground truth (its image set and classes).</param>
    /// <param name="skipOtherImages">Skip lines of images that are not in the image set (a shard of one results
    /// folder) instead of refusing them.</param>
    /// <returns>The detections, class by class in category order, each file in line order.</returns>
    /// <exception cref="DetEvalInputException">The folder is missing, or a line is malformed or names an image that is not in the set.</exception>
    public static DotaDetectionSet ReadResults(string resultsDirectory, DotaDataset groundTruth, bool skipOtherImages = false)
    {
        ArgumentNullException.ThrowIfNull(resultsDirectory);
        ArgumentNullException.ThrowIfNull(groundTruth);
        if (!Directory.Exists(resultsDirectory))
        {
            throw new DetEvalInputException(resultsDirectory, "", "results folder not found");
        }

        var images = new VocReader.ImageNames(groundTruth.Dataset);
        var categories = groundTruth.Dataset.Categories;
        var parts = new ResultsFile[categories.Count];
        ParallelInput.For(categories.Count, k =>
        {
            string path = Path.Combine(resultsDirectory, ResultsFileName(categories[k].Name));
            parts[k] = File.Exists(path) ? ReadResultsFile(path, categories[k].Id, images, skipOtherImages) : new ResultsFile([], [], [], 0);
        });

        var detections = new List<Detection>(parts.Sum(p => p.Detections.Count));
        var quads = new List<Quad>(detections.Capacity);
        var positions = new List<int>(detections.Capacity);
        long offset = 0;
        foreach (var part in parts)
        {
            detections.AddRange(part.Detections);
            quads.AddRange(part.Quads);
            foreach (int line in part.Lines)
            {
                positions.Add(checked((int)(offset + line)));
            }

            offset += part.LineCount;
        }

        return new DotaDetectionSet(new DetectionSet(detections, resultsDirectory), quads, positions);
    }

    /// <summary>A parsed results file: its kept detections, their places among its detection lines, and how many there were.</summary>
    private sealed record ResultsFile(List<Detection> Detections, List<Quad> Quads, List<int> Lines, int LineCount);

    /// <summary>One object of a label file.</summary>
    internal readonly record struct LabelObject(Quad Quad, string Class, bool Difficult);

    /// <summary>The image names: the image set's, or every <c>*.txt</c> of the folder by name.</summary>
    internal static IReadOnlyList<string> ImageNames(string labelDirectory, string? imageSet) =>
        imageSet is not null
            ? VocReader.ReadImageSet(imageSet)
            : [.. Directory.GetFiles(labelDirectory, "*.txt").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    /// <summary>The classes: the given list, or the names seen plus those of the results files, sorted.</summary>
    internal static IReadOnlyList<string> ClassList(IReadOnlyList<string>? classes, IEnumerable<string> seen, string? resultsDirectory)
    {
        if (classes is not null)
        {
            return [.. classes.Distinct(StringComparer.Ordinal)];
        }

        var names = new HashSet<string>(seen, StringComparer.Ordinal);
        if (resultsDirectory is not null && Directory.Exists(resultsDirectory))
        {
            foreach (string file in Directory.GetFiles(resultsDirectory, "Task1_*.txt"))
            {
                string name = Path.GetFileNameWithoutExtension(file)["Task1_".Length..];
                if (name.Length > 0)
                {
                    names.Add(name);
                }
            }
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>The dataset of the images' objects under <paramref name="classNames"/>.</summary>
    internal static DotaDataset Build(IReadOnlyList<string> names, IReadOnlyList<List<LabelObject>> files, IReadOnlyList<string> classNames, string source, bool skipOtherClasses)
    {
        var classIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < classNames.Count; k++)
        {
            classIndex[classNames[k]] = k;
        }

        var images = new List<ImageInfo>(names.Count);
        var truths = new List<GroundTruth>();
        var quads = new List<Quad>();
        for (int i = 0; i < names.Count; i++)
        {
            images.Add(new ImageInfo(i, 0, 0, names[i]));
            foreach (var o in files[i])
            {
                if (!classIndex.TryGetValue(o.Class, out int k))
                {
                    if (skipOtherClasses)
                    {
                        continue;
                    }

                    throw new InvalidOperationException($"class '{o.Class}' is missing from the class list");
                }

                var hull = o.Quad.Hull().ToBox();
                truths.Add(new GroundTruth(truths.Count + 1, i, k + 1, hull, hull.Area, Difficult: o.Difficult));
                quads.Add(o.Quad);
            }
        }

        var categories = classNames.Select((name, k) => new Category(k + 1, name)).ToList();
        return new DotaDataset(new DetectionDataset(images, categories, truths, source), quads);
    }

    /// <summary>Reads a whole file (pooled buffer) and hands its bytes to <paramref name="parse"/>; missing or unreadable is bad input.</summary>
    internal static T ReadFile<T>(string path, string missing, Func<ReadOnlySpan<byte>, T> parse)
    {
        if (FileKinds.Of(path) == FileKind.Missing)
        {
            throw new DetEvalInputException(path, "", missing);
        }

        // The bounded reader: a folder, a device or a fifo is named as such, an endless one refused at the limit.
        (byte[] buffer, int length) = InputFile.ReadPooled(path, InputKind.DotaText);
        try
        {
            return parse(buffer.AsSpan(0, length));
        }
        finally
        {
            InputFile.ReturnPooled(buffer);
        }
    }

    /// <summary>The eight numbers of a quad from fields <paramref name="first"/> .. first+7.</summary>
    internal static Quad ParseQuad(ReadOnlySpan<byte> line, ReadOnlySpan<Range> fields, int first, string path, int lineNumber, Func<double, double, (double, double)>? scale = null)
    {
        Span<double> v = stackalloc double[8];
        for (int i = 0; i < 8; i++)
        {
            v[i] = TextFields.Finite(line[fields[first + i]], path, lineNumber, (i % 2 == 0 ? "x" : "y") + ((i / 2) + 1).ToString(CultureInfo.InvariantCulture));
        }

        if (scale is not null)
        {
            for (int i = 0; i < 8; i += 2)
            {
                (v[i], v[i + 1]) = scale(v[i], v[i + 1]);
            }
        }

        return Quad.FromSpan(v);
    }

    internal static string Line(int lineNumber) => string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}");

    private static List<LabelObject> ReadLabelFile(string path, string image) =>
        ReadFile(path, $"label file not found (image '{image}' is in the image set)", data => ParseLabels(data, path));

    /// <summary>Parses the bytes of one label file.</summary>
    internal static List<LabelObject> ParseLabels(ReadOnlySpan<byte> data, string path)
    {
        var objects = new List<LabelObject>();
        Span<Range> fields = stackalloc Range[11];
        foreach (var line in TextFields.Lines(data))
        {
            int count = TextFields.Split(line.Text, fields);

            // Parity: parse_gt skips lines with fewer than 9 fields (headers, blank lines).
            if (count < 9)
            {
                continue;
            }

            if (count > 10)
            {
                throw new DetEvalInputException(path, Line(line.Number), $"expected 9 or 10 fields 'x1 y1 x2 y2 x3 y3 x4 y4 class [difficult]', found {count}");
            }

            var quad = ParseQuad(line.Text, fields, 0, path, line.Number);
            string name = Encoding.UTF8.GetString(line.Text[fields[8]]);
            bool difficult = false;
            if (count == 10)
            {
                var token = line.Text[fields[9]];
                if (!long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long flag))
                {
                    throw new DetEvalInputException(path, Line(line.Number), $"difficult '{Encoding.UTF8.GetString(token)}' is not an integer");
                }

                // Parity: int(splitlines[9]), any non-zero value is difficult.
                difficult = flag != 0;
            }

            objects.Add(new LabelObject(quad, name, difficult));
        }

        return objects;
    }

    private static ResultsFile ReadResultsFile(string path, long categoryId, VocReader.ImageNames images, bool skipOtherImages) =>
        ReadFile(path, "results file not found", data =>
        {
            var file = new ResultsFile([], [], [], 0);
            int lineCount = 0;
            Span<Range> fields = stackalloc Range[11];
            foreach (var line in TextFields.Lines(data))
            {
                int count = TextFields.Split(line.Text, fields);
                if (count == 0)
                {
                    continue;
                }

                if (count != 10)
                {
                    throw new DetEvalInputException(path, Line(line.Number), $"expected 10 fields 'image score x1 y1 x2 y2 x3 y3 x4 y4', found {count}");
                }

                // Every detection line takes a place in the file order, also when its image is skipped.
                int place = lineCount++;
                long imageId = skipOtherImages ? images.TryFind(line.Text[fields[0]]) : images.Find(line.Text[fields[0]], path, line.Number);
                if (imageId < 0)
                {
                    continue;
                }

                double score = TextFields.Finite(line.Text[fields[1]], path, line.Number, "score");
                var quad = ParseQuad(line.Text, fields, 2, path, line.Number);
                var hull = quad.Hull().ToBox();
                file.Detections.Add(new Detection(imageId, categoryId, hull, score, hull.Area));
                file.Quads.Add(quad);
                file.Lines.Add(place);
            }

            return file with { LineCount = lineCount };
        });
}
