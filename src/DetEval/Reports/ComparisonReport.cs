using System.Globalization;
using System.Text.Json;

namespace DetEval.Reports;

/// <summary>
/// The files and table of a paired comparison (<see cref="CocoComparison"/>): <c>comparison.json</c> (one schema for
/// <c>--json</c> and <c>--out</c>) and <c>comparison_classes.csv</c>.
/// </summary>
/// <remarks>
/// JSON: <c>{"iouType", "numImages", "a": {"name", "stats"}, "b": {"name", "stats"}, "stats": {"AP": {"a", "b",
/// "difference", "interval": [low, high] | null, "shareBBetter"}, ...}, "categories": [{"id", "name", "stats": {...}}],
/// "bootstrap": {"resamples", "seed", "confidence"}}</c>; <c>difference</c>, <c>interval</c> and <c>shareBBetter</c>
/// are null where undefined (or without a bootstrap).
/// </remarks>
public static class ComparisonReport
{
    /// <summary>The JSON file <see cref="WriteDirectory"/> writes.</summary>
    public const string JsonFileName = "comparison.json";

    /// <summary>The per-category CSV <see cref="WriteDirectory"/> writes.</summary>
    public const string ClassesFileName = "comparison_classes.csv";

    /// <summary>Writes <see cref="JsonFileName"/> and <see cref="ClassesFileName"/> into <paramref name="directory"/>.</summary>
    /// <param name="comparison">The comparison.</param>
    /// <param name="categories">The categories, for names.</param>
    /// <param name="names">Display names of A and B (their files).</param>
    /// <param name="directory">The output directory (created if needed).</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(CocoComparison comparison, IReadOnlyList<Category> categories, (string A, string B) names, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, comparison, categories, names, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the files of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="comparison">The comparison.</param>
    /// <param name="categories">The categories, for names.</param>
    /// <param name="names">Display names of A and B (their files).</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths to be written.</returns>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, CocoComparison comparison, IReadOnlyList<Category> categories, (string A, string B) names, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string json = Path.Combine(directory, JsonFileName), classes = Path.Combine(directory, ClassesFileName);
        outputs.AddFile(json, null, s => WriteJson(comparison, categories, names, s));
        outputs.AddFile(classes, null, s => ClassReport.Write(Classes(comparison, categories), s));
        return [json, classes];
    }

    /// <summary>The rows of <see cref="ClassesFileName"/>: each category's AP compared, in category order.</summary>
    /// <param name="comparison">The comparison.</param>
    /// <param name="categories">The categories, for names.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<ComparisonClassRow> Classes(CocoComparison comparison, IReadOnlyList<Category> categories)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(categories);
        return [.. comparison.CategoryIds.Select((id, k) =>
        {
            var ap = comparison.Categories[k][0];
            return new ComparisonClassRow(
                ClassReport.CategoryName(categories, id), id, ap.A, ap.B, Finite(ap.Difference),
                ap.Interval is { IsDefined: true } i ? i.Low : null, ap.Interval is { IsDefined: true } j ? j.High : null, ap.ShareBBetter);
        })];
    }

    /// <summary>Reads a <see cref="ClassesFileName"/> back.</summary>
    /// <param name="stream">The CSV.</param>
    /// <returns>The rows.</returns>
    public static List<ComparisonClassRow> ReadClasses(Stream stream) => ClassReport.Read<ComparisonClassRow>(stream);

    /// <summary>Writes the comparison as JSON.</summary>
    /// <param name="comparison">The comparison.</param>
    /// <param name="categories">The categories, for names.</param>
    /// <param name="names">Display names of A and B.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void WriteJson(CocoComparison comparison, IReadOnlyList<Category> categories, (string A, string B) names, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(categories);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("iouType", CocoJsonReport.IouTypeName(comparison.A.Options.IouType));
        w.WriteNumber("numImages", comparison.A.ImageCount);
        foreach (var (key, name, result) in new[] { ("a", names.A, comparison.A), ("b", names.B, comparison.B) })
        {
            w.WriteStartObject(key);
            w.WriteString("name", name);
            w.WriteStartObject("stats");
            CocoJsonReport.WriteStats(w, result.Stats);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        WriteMetrics(w, comparison.Stats);
        w.WriteStartArray("categories");
        for (int k = 0; k < comparison.CategoryIds.Count; k++)
        {
            w.WriteStartObject();
            w.WriteNumber("id", comparison.CategoryIds[k]);
            w.WriteString("name", ClassReport.CategoryName(categories, comparison.CategoryIds[k]));
            WriteMetrics(w, comparison.Categories[k]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (comparison.Bootstrap is { } b)
        {
            w.WriteStartObject("bootstrap");
            w.WriteNumber("resamples", b.Resamples);
            w.WriteNumber("seed", b.Seed);
            w.WriteNumber("confidence", b.Confidence);
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>The terminal table: each stat's A, B, B − A, its interval and P(B &gt; A), then each category's AP.</summary>
    /// <param name="comparison">The comparison.</param>
    /// <param name="categories">The categories, for names.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Table(CocoComparison comparison, IReadOnlyList<Category> categories)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(categories);
        var names = comparison.CategoryIds.Select(id => ClassReport.CategoryName(categories, id)).ToArray();
        int width = Math.Max(8, names.Length == 0 ? 0 : names.Max(n => n.Length));
        var lines = new List<string> { Row("metric".PadRight(width), "A", "B", "B - A", "interval", "P(B>A)") };
        foreach (var m in comparison.Stats)
        {
            lines.Add(Line(m.Name.PadRight(width), m));
        }

        lines.Add("");
        lines.Add(Row("class AP".PadRight(width), "A", "B", "B - A", "interval", "P(B>A)"));
        for (int k = 0; k < names.Length; k++)
        {
            lines.Add(Line(names[k].PadRight(width), comparison.Categories[k][0]));
        }

        return lines;
    }

    private static string Line(string label, MetricComparison m) => Row(
        label,
        F(m.A),
        F(m.B),
        double.IsFinite(m.Difference) ? m.Difference.ToString("+0.0000;-0.0000;0.0000", CultureInfo.InvariantCulture) : "n/a",
        m.Interval is { IsDefined: true } i ? string.Create(CultureInfo.InvariantCulture, $"[{i.Low:+0.0000;-0.0000;0.0000}, {i.High:+0.0000;-0.0000;0.0000}]") : "",
        m.ShareBBetter is double p ? p.ToString("0.000", CultureInfo.InvariantCulture) : "");

    private static string Row(string label, string a, string b, string d, string interval, string share) =>
        string.Create(CultureInfo.InvariantCulture, $"{label}  {a,7} {b,7} {d,8}  {interval,-20} {share,6}").TrimEnd();

    private static string F(double v) => v == -1 ? "n/a" : v.ToString("0.0000", CultureInfo.InvariantCulture);

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static void WriteMetrics(Utf8JsonWriter w, IReadOnlyList<MetricComparison> metrics)
    {
        w.WriteStartObject("stats");
        foreach (var m in metrics)
        {
            w.WriteStartObject(m.Name);
            w.WriteNumber("a", m.A);
            w.WriteNumber("b", m.B);
            if (double.IsFinite(m.Difference))
            {
                w.WriteNumber("difference", m.Difference);
            }
            else
            {
                w.WriteNull("difference");
            }

            if (m.Interval is { } interval)
            {
                CocoJsonReport.WriteInterval(w, "interval", interval);
            }
            else
            {
                w.WriteNull("interval");
            }

            if (m.ShareBBetter is double share)
            {
                w.WriteNumber("shareBBetter", share);
            }
            else
            {
                w.WriteNull("shareBBetter");
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
