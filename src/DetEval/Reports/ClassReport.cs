using CsvHelper;
using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval.Reports;

/// <summary>Builds and writes the per-class table (<c>classes.csv</c>) and the 101-point curves (<c>pr_curves.csv</c>).</summary>
public static class ClassReport
{
    /// <summary>
    /// One row per evaluated category, in <see cref="CocoResult.CategoryIds"/> order. The best-F1 point is
    /// taken from <see cref="CocoResult.GetCurve"/> at <paramref name="iouThreshold"/>, area <c>all</c> and the
    /// last max-detections value.
    /// </summary>
    /// <remarks>
    /// <c>F1 = 2PR / (P + R)</c> at each detection of the ranked curve; the threshold is the score of the detection
    /// with the highest F1 (the first on ties), so keeping detections with <c>score &gt;= threshold</c> reproduces
    /// that point unless later detections share its exact score.
    /// </remarks>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="iouThreshold">The IoU threshold of the best-F1 point; the nearest evaluated one is used.</param>
    public static IReadOnlyList<ClassReportRow> Build(CocoResult result, IReadOnlyList<Category> categories, double iouThreshold = 0.5) =>
        Build(result, categories, iouThreshold, null);

    /// <summary>The rows of <see cref="Build(CocoResult, IReadOnlyList{Category}, double)"/>; each class's ranked curve is added to <paramref name="curves"/> when given.</summary>
    internal static IReadOnlyList<ClassReportRow> Build(CocoResult result, IReadOnlyList<Category> categories, double iouThreshold, List<RankedCurve>? curves)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(categories);
        int thresholdIndex = result.IouThresholdIndex(iouThreshold);
        var rows = new List<ClassReportRow>(result.Categories.Count);
        for (int k = 0; k < result.Categories.Count; k++)
        {
            var cat = result.Categories[k];
            // The kept curve itself (read, never changed here): a copy per category would double the report's memory.
            var curve = result.SharedCurve(k, thresholdIndex, 0, result.Options.MaxDetections.Count - 1);
            curves?.Add(curve);
            int best = curve.BestF1Index();
            double? threshold = null, precision = null, recall = null, f1 = null;
            if (best >= 0)
            {
                threshold = curve.Scores[best];
                precision = curve.Precision[best];
                recall = curve.Recall[best];
                f1 = RankedCurve.F1Of(curve.Precision[best], curve.Recall[best]);
            }

            rows.Add(new ClassReportRow(
                CategoryName(categories, cat.CategoryId),
                cat.CategoryId,
                cat.Stats.AP,
                cat.Stats.AP50,
                cat.Stats.AP75,
                cat.Stats.AR100,
                cat.NumGroundTruths,
                cat.NumDetections,
                threshold,
                precision,
                recall,
                f1));
        }

        return rows;
    }

    /// <summary>
    /// The reference's 101-point precision arrays as rows: for each category and IoU threshold, the precision and
    /// score at each recall threshold (area <c>all</c>, the last max-detections value). Categories without ground
    /// truth (precision -1) are left out.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    public static IReadOnlyList<PrCurveRow> BuildCurves(CocoResult result, IReadOnlyList<Category> categories)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(categories);
        var (t, r, k, _, m) = result.Shape;
        var rows = new List<PrCurveRow>();
        for (int categoryIndex = 0; categoryIndex < k; categoryIndex++)
        {
            if (result.Categories[categoryIndex].NumGroundTruths == 0 && result.PrecisionAt(0, 0, categoryIndex, 0, m - 1) < 0)
            {
                continue;
            }

            string name = CategoryName(categories, result.CategoryIds[categoryIndex]);
            for (int thresholdIndex = 0; thresholdIndex < t; thresholdIndex++)
            {
                for (int recallIndex = 0; recallIndex < r; recallIndex++)
                {
                    rows.Add(new PrCurveRow(
                        name,
                        result.Options.IouThresholds[thresholdIndex],
                        result.Options.RecallThresholds[recallIndex],
                        result.PrecisionAt(thresholdIndex, recallIndex, categoryIndex, 0, m - 1),
                        result.ScoreAt(thresholdIndex, recallIndex, categoryIndex, 0, m - 1)));
                }
            }
        }

        return rows;
    }

    /// <summary>Writes <c>classes.csv</c>: RFC 4180 with a header, UTF-8, invariant culture, round-trip doubles, empty for null.</summary>
    public static void WriteCsv(IEnumerable<ClassReportRow> rows, Stream stream) => Write(rows, stream);

    /// <summary>Writes <c>pr_curves.csv</c> in the same CSV form as <see cref="WriteCsv(IEnumerable{ClassReportRow}, Stream)"/>.</summary>
    public static void WriteCsv(IEnumerable<PrCurveRow> rows, Stream stream) => Write(rows, stream);

    /// <summary>Reads <c>classes.csv</c> back.</summary>
    public static List<ClassReportRow> ReadClasses(Stream stream) => Read<ClassReportRow>(stream);

    /// <summary>Reads <c>pr_curves.csv</c> back.</summary>
    public static List<PrCurveRow> ReadCurves(Stream stream) => Read<PrCurveRow>(stream);

    /// <summary>Reads CSV records written by <see cref="Write{T}"/>.</summary>
    internal static List<T> Read<T>(Stream stream)
    {
        using var reader = CsvReader.Create(stream, CsvReaderOptions.Default, leaveOpen: true);
        return [.. reader.GetRecords<T>()];
    }

    /// <summary>Writes CSV records: RFC 4180 with a header, UTF-8, invariant culture, round-trip doubles, LF line ends.</summary>
    internal static void Write<T>(IEnumerable<T> rows, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = CsvWriter.Create(stream, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        writer.WriteRecords(rows);
        writer.Flush();
    }

    /// <summary>The name of category <paramref name="categoryId"/> in <paramref name="categories"/>; <c>all</c> for -1, else the id.</summary>
    public static string CategoryName(IReadOnlyList<Category> categories, long categoryId)
    {
        foreach (var c in categories)
        {
            if (c.Id == categoryId)
            {
                return c.Name;
            }
        }

        return categoryId == -1 ? "all" : categoryId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
