using System.Globalization;
using System.Reflection;
using System.Text.Json;
using CsvHelper;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Metrics;

namespace DetEval.Reports;

/// <summary>
/// The report directory of a COCO evaluation: <c>report.json</c>, <c>classes.csv</c>, <c>pr_curves.csv</c> and,
/// when the detections are given, <c>confusion_matrix.csv</c>. Every file is written atomically.
/// </summary>
public static class CocoReport
{
    /// <summary>The name of the JSON report.</summary>
    public const string JsonFileName = "report.json";

    /// <summary>The name of the per-class table.</summary>
    public const string ClassesFileName = "classes.csv";

    /// <summary>The per-image table <see cref="WriteDirectory"/> writes (<see cref="Images"/>).</summary>
    public const string ImagesFileName = "images.csv";

    /// <summary>The name of the 101-point curves table.</summary>
    public const string CurvesFileName = "pr_curves.csv";

    /// <summary>The name of the confusion matrix table.</summary>
    public const string ConfusionFileName = "confusion_matrix.csv";

    /// <summary>The version of the DetEval library, as <c>report.json</c> records it.</summary>
    public static string ToolVersion { get; } =
        typeof(CocoReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CocoReport).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Writes the report files into <paramref name="directory"/> (created if missing), all or nothing
    /// (<see cref="OutputSet"/>), and returns their paths.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth, for category names (and the confusion matrix).</param>
    /// <param name="detections">The detections; when given, <c>confusion_matrix.csv</c> is written too.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="options">Thresholds of the best-F1 point and the confusion matrix; defaults when null.</param>
    /// <param name="warnings">Input warnings for <c>report.json</c> (the schema of <see cref="CocoJsonReport"/>), or null.</param>
    /// <param name="bootstrap">Bootstrap intervals of <paramref name="result"/> for <c>report.json</c>; none when null.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(CocoResult result, DetectionDataset dataset, DetectionSet? detections, string directory, ReportOptions? options = null, InputWarnings? warnings = null, BootstrapResult? bootstrap = null)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, dataset, detections, directory, options, warnings, bootstrap);
        return outputs.Commit();
    }

    /// <summary>
    /// Adds the files of <see cref="WriteDirectory"/> to <paramref name="outputs"/>, to be written with a run's other
    /// outputs; returns their paths.
    /// </summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth, for category names (and the confusion matrix).</param>
    /// <param name="detections">The detections; when given, <c>confusion_matrix.csv</c> is written too.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="options">Thresholds of the best-F1 point and the confusion matrix; defaults when null.</param>
    /// <param name="warnings">Input warnings for <c>report.json</c>, or null.</param>
    /// <param name="bootstrap">Bootstrap intervals of <paramref name="result"/> for <c>report.json</c>; none when null.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, CocoResult result, DetectionDataset dataset, DetectionSet? detections, string directory, ReportOptions? options = null, InputWarnings? warnings = null, BootstrapResult? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new ReportOptions();
        var classes = ClassReport.Build(result, dataset.Categories, options.F1IouThreshold);
        var curves = ClassReport.BuildCurves(result, dataset.Categories);
        var written = new List<string>();
        void Put(string name, Action<Stream> write)
        {
            string path = Path.Combine(directory, name);
            outputs.AddFile(path, null, write);
            written.Add(path);
        }

        Put(JsonFileName, s => CocoJsonReport.Write(result, dataset.Categories, s, warnings, options, bootstrap));
        Put(ClassesFileName, s => ClassReport.WriteCsv(classes, s));
        Put(ImagesFileName, s => ClassReport.Write(Images(result, dataset), s));
        Put(CurvesFileName, s => ClassReport.WriteCsv(curves, s));
        if (detections is not null)
        {
            var matrix = ConfusionMatrix.Compute(dataset, detections, options.ConfusionIouThreshold, options.ConfusionScoreThreshold);
            Put(ConfusionFileName, s => WriteConfusionCsv(matrix, s));
        }

        return written;
    }

    /// <summary>
    /// Writes the text report of <c>deteval coco</c>: pycocotools' 12 summary lines (10 for keypoints), then (unless
    /// <paramref name="quiet"/>) a blank line and the per-category table (AP, AP50, AP75, APs, APm, APl, AR100, numGt,
    /// numDt; for keypoints AP, AP50, AP75, APm, APl, AR, numGt, numDt).
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="categories">The dataset's categories (for the names).</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="quiet">Only the 12 summary lines.</param>
    public static void WriteText(CocoResult result, IReadOnlyList<Category> categories, TextWriter writer, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(CocoSummaryText.Format(result));
        if (quiet)
        {
            return;
        }

        writer.WriteLine();
        int width = Math.Max(8, result.Categories.Max(c => TableName(categories, c.CategoryId).Length));
        if (result.KeypointStats is not null)
        {
            // Keypoints: the stats of _summarizeKps (no small range, AR at 20).
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"category".PadRight(width)}  {"AP",6} {"AP50",6} {"AP75",6} {"APm",6} {"APl",6} {"AR",6} {"numGt",6} {"numDt",7}"));
            foreach (var c in result.Categories)
            {
                var k = c.KeypointStats!;
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{TableName(categories, c.CategoryId).PadRight(width)}  {F(k.AP)} {F(k.AP50)} {F(k.AP75)} {F(k.APm)} {F(k.APl)} {F(k.AR)} {c.NumGroundTruths,6} {c.NumDetections,7}"));
            }

            return;
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"category".PadRight(width)}  {"AP",6} {"AP50",6} {"AP75",6} {"APs",6} {"APm",6} {"APl",6} {"AR100",6} {"numGt",6} {"numDt",7}"));
        foreach (var c in result.Categories)
        {
            var s = c.Stats;
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{TableName(categories, c.CategoryId).PadRight(width)}  {F(s.AP)} {F(s.AP50)} {F(s.AP75)} {F(s.APs)} {F(s.APm)} {F(s.APl)} {F(s.AR100)} {c.NumGroundTruths,6} {c.NumDetections,7}"));
        }
    }

    /// <summary>
    /// The rows of <see cref="ImagesFileName"/>: <see cref="CocoResult.ImageRecords"/> with file and category names, per
    /// image in ascending id its own row (<c>class</c> = <c>all</c>) then one per category present in it.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth, for file and category names.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<CocoImageRow> Images(CocoResult result, DetectionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataset);
        return [.. result.ImageRecords().Select(r => new CocoImageRow(
            r.ImageId,
            dataset.TryGetImage(r.ImageId, out var image) ? image.FileName ?? "" : "",
            r.CategoryId,
            r.CategoryId is long id ? ClassReport.CategoryName(dataset.Categories, id) : "all",
            r.GroundTruths,
            r.Detections,
            r.TruePositives50,
            r.FalsePositives50,
            r.FalseNegatives50,
            r.TruePositives75,
            r.FalsePositives75,
            r.FalseNegatives75,
            r.AP,
            r.AP50,
            r.AP75))];
    }

    /// <summary>Reads an <see cref="ImagesFileName"/> back.</summary>
    /// <param name="stream">The CSV.</param>
    /// <returns>The rows.</returns>
    public static List<CocoImageRow> ReadImages(Stream stream) => ClassReport.Read<CocoImageRow>(stream);

    /// <summary>
    /// Writes the confusion matrix as CSV: a header <c>gt\pred,class...,background</c>, then one row per
    /// ground-truth class and a last <c>background</c> row (rows = ground truth, columns = prediction).
    /// </summary>
    public static void WriteConfusionCsv(ConfusionMatrix matrix, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        using var writer = CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        var labels = matrix.Labels;
        writer.WriteHeader([@"gt\pred", .. labels]);
        for (int g = 0; g < matrix.Size; g++)
        {
            writer.WriteField(labels[g]);
            for (int p = 0; p < matrix.Size; p++)
            {
                writer.WriteField(matrix[g, p], default);
            }

            writer.EndRecord();
        }

        writer.Flush();
    }

    private static string TableName(IReadOnlyList<Category> categories, long id) => id == -1 ? "(all)" : ClassReport.CategoryName(categories, id);

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture).PadLeft(6);
}
