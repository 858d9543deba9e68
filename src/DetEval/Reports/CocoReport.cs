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

    /// <summary>The name of the 101-point curves table.</summary>
    public const string CurvesFileName = "pr_curves.csv";

    /// <summary>The name of the confusion matrix table.</summary>
    public const string ConfusionFileName = "confusion_matrix.csv";

    /// <summary>The version of the DetEval library, as <c>report.json</c> records it.</summary>
    public static string ToolVersion { get; } =
        typeof(CocoReport).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(CocoReport).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>
    /// Writes the report files into <paramref name="directory"/> (created if missing) and returns their paths.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth, for category names (and the confusion matrix).</param>
    /// <param name="detections">The detections; when given, <c>confusion_matrix.csv</c> is written too.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="options">Thresholds of the best-F1 point and the confusion matrix; defaults when null.</param>
    public static IReadOnlyList<string> WriteDirectory(CocoResult result, DetectionDataset dataset, DetectionSet? detections, string directory, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new ReportOptions();
        Directory.CreateDirectory(directory);
        var classes = ClassReport.Build(result, dataset.Categories, options.F1IouThreshold);
        var curves = ClassReport.BuildCurves(result, dataset.Categories);
        var written = new List<string>();
        string Put(string name, Action<Stream> write)
        {
            string path = Path.Combine(directory, name);
            AtomicFile.Write(path, write);
            written.Add(path);
            return path;
        }

        Put(JsonFileName, s => WriteJson(result, dataset.Categories, classes, options, s));
        Put(ClassesFileName, s => ClassReport.WriteCsv(classes, s));
        Put(CurvesFileName, s => ClassReport.WriteCsv(curves, s));
        if (detections is not null)
        {
            var matrix = ConfusionMatrix.Compute(dataset, detections, options.ConfusionIouThreshold, options.ConfusionScoreThreshold);
            Put(ConfusionFileName, s => WriteConfusionCsv(matrix, s));
        }

        return written;
    }

    /// <summary>
    /// Writes <c>report.json</c>: what <see cref="CocoJsonReport"/> writes (iouType, stats, per-category stats and
    /// counts, params) plus <c>tool</c> (name, version), each category's best-F1 point, the report options and
    /// <c>conventions</c> (how the numbers were computed).
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="classes">The rows of <see cref="ClassReport.Build"/> for <paramref name="result"/>.</param>
    /// <param name="options">The report options used.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void WriteJson(CocoResult result, IReadOnlyList<Category> categories, IReadOnlyList<ClassReportRow> classes, ReportOptions options, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(options);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteString("name", "DetEval");
        w.WriteString("version", ToolVersion);
        w.WriteEndObject();
        w.WriteString("iouType", CocoJsonReport.IouTypeName(result.Options.IouType));
        w.WriteStartObject("stats");
        CocoJsonReport.WriteStats(w, result.Stats);
        w.WriteEndObject();
        w.WriteStartArray("categories");
        for (int k = 0; k < result.Categories.Count; k++)
        {
            var cat = result.Categories[k];
            var row = classes[k];
            w.WriteStartObject();
            w.WriteNumber("id", cat.CategoryId);
            w.WriteString("name", row.Class);
            CocoJsonReport.WriteStats(w, cat.Stats);
            w.WriteNumber("numGt", cat.NumGroundTruths);
            w.WriteNumber("numCrowd", cat.NumCrowd);
            w.WriteNumber("numDt", cat.NumDetections);
            w.WriteStartObject("bestF1");
            WriteNullable(w, "threshold", row.BestF1Threshold);
            WriteNullable(w, "precision", row.Precision);
            WriteNullable(w, "recall", row.Recall);
            WriteNullable(w, "f1", row.F1);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        CocoJsonReport.WriteParams(w, result);
        w.WriteStartObject("report");
        w.WriteNumber("f1IouThreshold", result.Options.IouThresholds[ClassReport.NearestThreshold(result, options.F1IouThreshold)]);
        w.WriteNumber("confusionIouThreshold", options.ConfusionIouThreshold);
        w.WriteNumber("confusionScoreThreshold", options.ConfusionScoreThreshold);
        w.WriteEndObject();
        w.WriteStartObject("conventions");
        w.WriteString("reference", "pycocotools COCOeval (evaluate, accumulate, summarize)");
        w.WriteString("missingValue", "-1 where a category has no ground truth (as the reference)");
        w.WriteString("matching", "greedy by descending score (stable sort); IoU >= min(t, 1-1e-10); crowd truths absorb detections and are matched by intersection over detection area");
        w.WriteString("interpolation", "precision made monotone right to left, sampled at the recall thresholds (left search), mean over samples");
        w.WriteString("bestF1", "F1 = 2PR/(P+R) along the raw ranked curve at report.f1IouThreshold, area all, the last maxDets; threshold = the score of the best point; null when a class has no detection");
        w.WriteString("confusionMatrix", "rows = ground-truth class, columns = predicted class, last row/column = background; greedy by score, same class preferred");
        w.WriteString("numbers", "invariant culture, shortest round-trip doubles");
        w.WriteEndObject();
        w.WriteEndObject();
    }

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

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
