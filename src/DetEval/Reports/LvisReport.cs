using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DetEval.Reports;

/// <summary>
/// The reports of an LVIS evaluation: the 13 lines lvis-api's <c>print_results</c> prints, the JSON (one schema for
/// <c>--json</c> and <c>report.json</c>), and the report directory (<c>report.json</c>, <c>classes.csv</c>,
/// <c>pr_curves.csv</c>, <c>frequency_groups.csv</c>).
/// </summary>
public static class LvisReport
{
    /// <summary>The name of the per-frequency-group table.</summary>
    public const string FrequencyGroupsFileName = "frequency_groups.csv";

    /// <summary>The 13 lines as <c>print_results</c> prints them, each beginning with a space.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Lines(LvisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var c = CultureInfo.InvariantCulture;
        var thresholds = result.Options.IouThresholds;
        int maxDets = result.Options.MaxDetectionsPerImage;
        var names = result.StatNames;
        var values = result.Stats.ToArray();
        var lines = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            // Parity: print_results reads the threshold, area and group from the key's third character.
            string key = names[i];
            bool ap = key.Contains("AP", StringComparison.Ordinal);
            string iou = key.Length > 2 && char.IsAsciiDigit(key[2])
                ? (double.Parse(key[2..], c) / 100).ToString("0.00", c)
                : string.Create(c, $"{thresholds[0]:0.00}:{thresholds[^1]:0.00}");
            string group = key.Length > 2 && key[2] is 'r' or 'c' or 'f' ? key[2].ToString() : "all";
            string area = key.Length > 2 && key[2] is 's' or 'm' or 'l' ? key[2].ToString() : "all";
            string title = ap ? "Average Precision" : "Average Recall";
            // ' {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} catIds={:>3s}] = {:0.3f}'
            lines[i] = string.Create(c, $" {title,-18} {(ap ? "(AP)" : "(AR)")} @[ IoU={iou,-9} | area={area,6} | maxDets={maxDets,3} catIds={group,3}] = {values[i]:0.000}");
        }

        return lines;
    }

    /// <summary>The 13 lines joined with newlines.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The text.</returns>
    public static string Format(LvisResult result)
    {
        var sb = new StringBuilder();
        foreach (string line in Lines(result))
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>
    /// Writes <c>{"iouType", "stats": {AP ... ARl@300}, "frequencyGroups": {...}, "categories": [...], "params": {...}}</c>
    /// with round-trippable doubles and -1 where lvis-api gives -1.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void WriteJson(LvisResult result, Stream stream) => WriteJson(result, stream, tool: false);

    /// <summary>Writes the report files into <paramref name="directory"/> (created if missing) and returns their paths.</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(LvisResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the files of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths to be written.</returns>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, LvisResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var categories = Categories(result);
        var written = new List<string>();
        void Put(string name, Action<Stream> write)
        {
            string path = Path.Combine(directory, name);
            outputs.AddFile(path, null, write);
            written.Add(path);
        }

        Put(CocoReport.JsonFileName, s => WriteJson(result, s, tool: true));
        Put(CocoReport.ClassesFileName, s => ClassReport.WriteCsv(ClassReport.Build(result.Coco, categories), s));
        Put(CocoReport.CurvesFileName, s => ClassReport.WriteCsv(ClassReport.BuildCurves(result.Coco, categories), s));
        Put(FrequencyGroupsFileName, s => ClassReport.Write(FrequencyGroups(result), s));
        return written;
    }

    /// <summary>The frequency groups' rows: each group's categories, those with ground truth, and its AP (APr, APc, APf).</summary>
    /// <param name="result">The result.</param>
    /// <returns>Three rows, r, c, f.</returns>
    public static IReadOnlyList<LvisGroupRow> FrequencyGroups(LvisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stats = result.Stats;
        double[] ap = [stats.APr, stats.APc, stats.APf];
        var rows = new LvisGroupRow[3];
        for (int f = 0; f < 3; f++)
        {
            var group = result.FrequencyGroup((LvisFrequency)f);
            int withGt = group.Count(k => result.Categories[k].AP > -1);
            int gt = group.Sum(k => result.Categories[k].NumGroundTruths);
            int dt = group.Sum(k => result.Categories[k].NumDetections);
            rows[f] = new LvisGroupRow("rcf"[f].ToString(), group.Count, withGt, gt, dt, ap[f]);
        }

        return rows;
    }

    /// <summary>The categories as <see cref="Category"/> (for the COCO tables and plots).</summary>
    /// <param name="result">The result.</param>
    /// <returns>The categories in array order.</returns>
    public static IReadOnlyList<Category> Categories(LvisResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.LvisCategories.Select(c => new Category(c.Id, c.Name))];
    }

    private static void WriteJson(LvisResult result, Stream stream, bool tool)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        if (tool)
        {
            w.WriteStartObject("tool");
            w.WriteString("name", "DetEval");
            w.WriteString("version", CocoReport.ToolVersion);
            w.WriteEndObject();
        }

        w.WriteString("iouType", CocoJsonReport.IouTypeName(result.Options.IouType));
        w.WriteStartObject("stats");
        var names = result.StatNames;
        var values = result.Stats.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            w.WriteNumber(names[i], values[i]);
        }

        w.WriteEndObject();
        w.WriteStartObject("frequencyGroups");
        foreach (var row in FrequencyGroups(result))
        {
            w.WriteStartObject(row.Group);
            w.WriteNumber("categories", row.Categories);
            w.WriteNumber("categoriesWithGt", row.CategoriesWithGroundTruth);
            w.WriteNumber("numGt", row.GroundTruths);
            w.WriteNumber("numDt", row.Detections);
            w.WriteNumber("AP", row.AP);
            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartArray("categories");
        for (int k = 0; k < result.Categories.Count; k++)
        {
            var c = result.Categories[k];
            w.WriteStartObject();
            w.WriteNumber("id", c.CategoryId);
            w.WriteString("name", result.LvisCategories[k].Name);
            w.WriteString("frequency", "rcf"[(int)c.Frequency].ToString());
            w.WriteNumber("AP", c.AP);
            w.WriteNumber("AP50", c.AP50);
            w.WriteNumber("AP75", c.AP75);
            w.WriteNumber(names[9], c.AR);
            w.WriteNumber("numGt", c.NumGroundTruths);
            w.WriteNumber("numDt", c.NumDetections);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        var o = result.Options;
        w.WriteStartObject("params");
        CocoJsonReport.WriteNumbers(w, "iouThrs", o.IouThresholds);
        w.WriteNumber("recThrsCount", o.RecallThresholds.Count);
        w.WriteNumber("maxDets", o.MaxDetectionsPerImage);
        CocoJsonReport.WriteAreaRanges(w, o.AreaRanges);
        w.WriteNumber("numImages", result.ImageCount);
        w.WriteNumber("numCategories", result.Categories.Count);
        w.WriteEndObject();
        if (tool)
        {
            w.WriteStartObject("conventions");
            w.WriteString("reference", "lvis-api LVISEval (evaluate, accumulate, summarize)");
            w.WriteString("missingValue", "-1 where a category (or a whole frequency group) has no ground truth, as the reference");
            w.WriteString("federated", "300 results per image over all categories before any filter; results of categories neither positive nor negative on an image dropped; unmatched results of not-exhaustive categories ignored; ignore honoured, iscrowd unread; zero areas dropped");
            w.WriteString("numbers", "invariant culture, shortest round-trip doubles");
            w.WriteEndObject();
        }

        w.WriteEndObject();
    }
}
