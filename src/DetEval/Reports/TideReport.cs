using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DetEval.Reports;

/// <summary>
/// The files and text of a TIDE run: the JSON (one schema for <c>--json</c> and <c>--out</c>'s <c>tide.json</c>), the
/// per-class CSV and tidecv's <c>summarize()</c> tables.
/// </summary>
/// <remarks>
/// JSON: <c>{"iouType", "AP50", "mainErrors": {"Cls", "Loc", "Both", "Dupe", "Bkg", "Missed"}, "specialErrors":
/// {"FalsePos", "FalseNeg"}, "mainErrorsUnclipped": {...}, "fixedAP50": {...}, "errorCounts": {...}, "numImages",
/// "params": {"positiveThreshold", "backgroundThreshold", "maxDetections"}, "classes": [{"id", "name", "AP50", "numGt",
/// "numDetections", "numTP", "errorCounts"}]}</c>; every AP and dAP is a fraction (tidecv's percent / 100).
/// </remarks>
public static class TideReport
{
    /// <summary>The JSON file <see cref="WriteDirectory"/> writes.</summary>
    public const string JsonFileName = "tide.json";

    /// <summary>The per-class CSV <see cref="WriteDirectory"/> writes.</summary>
    public const string ClassesFileName = "tide_classes.csv";

    /// <summary>The JSON names of the main error types, in <see cref="TideErrorType"/> order.</summary>
    public static IReadOnlyList<string> MainErrorNames { get; } = ["Cls", "Loc", "Both", "Dupe", "Bkg", "Missed"];

    /// <summary>Writes <see cref="JsonFileName"/> and <see cref="ClassesFileName"/> into <paramref name="directory"/> (created if needed).</summary>
    /// <param name="result">The TIDE result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(TideResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the files of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The TIDE result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths to be written.</returns>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, TideResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string json = Path.Combine(directory, JsonFileName);
        string classes = Path.Combine(directory, ClassesFileName);
        outputs.AddFile(json, null, s => WriteJson(result, s));
        outputs.AddFile(classes, null, s => ClassReport.Write(Classes(result), s));
        return [json, classes];
    }

    /// <summary>The rows of <see cref="ClassesFileName"/>, by ascending category id.</summary>
    /// <param name="result">The TIDE result.</param>
    /// <returns>The rows.</returns>
    public static IReadOnlyList<TideClassRow> Classes(TideResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Classes.Select(c => new TideClassRow(
            c.Name ?? "", c.CategoryId, c.AP50, c.NumGroundTruths, c.NumDetections, c.NumTruePositives,
            c.ErrorCounts[0], c.ErrorCounts[1], c.ErrorCounts[2], c.ErrorCounts[3], c.ErrorCounts[4], c.ErrorCounts[5]))];
    }

    /// <summary>Reads a <see cref="ClassesFileName"/> back.</summary>
    /// <param name="stream">The CSV.</param>
    /// <returns>The rows.</returns>
    public static List<TideClassRow> ReadClasses(Stream stream) => ClassReport.Read<TideClassRow>(stream);

    /// <summary>Writes the JSON report of <paramref name="result"/> (round-trippable doubles).</summary>
    /// <param name="result">The TIDE result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void WriteJson(TideResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        WriteBody(w, result);
        w.WriteEndObject();
    }

    /// <summary>Writes the report's members into an object <paramref name="w"/> has open (for reports that embed TIDE).</summary>
    /// <param name="w">The writer, inside an object.</param>
    /// <param name="result">The TIDE result.</param>
    internal static void WriteBody(Utf8JsonWriter w, TideResult result)
    {
        w.WriteString("iouType", result.Options.IouType == IouType.Segm ? "segm" : "bbox");
        w.WriteNumber("AP50", result.AP50);
        WriteTypes(w, "mainErrors", result.DeltaAP);
        w.WriteStartObject("specialErrors");
        w.WriteNumber("FalsePos", result.FalsePositiveDeltaAP);
        w.WriteNumber("FalseNeg", result.FalseNegativeDeltaAP);
        w.WriteEndObject();
        WriteTypes(w, "mainErrorsUnclipped", result.UnclippedDeltaAP);
        WriteTypes(w, "fixedAP50", result.FixedAP50);
        w.WriteStartObject("errorCounts");
        foreach (var type in Enum.GetValues<TideErrorType>())
        {
            w.WriteNumber(MainErrorNames[(int)type], result.ErrorCount(type));
        }

        w.WriteEndObject();
        w.WriteNumber("numImages", result.ImageCount);
        w.WriteStartObject("params");
        w.WriteNumber("positiveThreshold", result.Options.PositiveThreshold);
        w.WriteNumber("backgroundThreshold", result.Options.BackgroundThreshold);
        w.WriteNumber("maxDetections", result.Options.MaxDetections);
        w.WriteEndObject();
        w.WriteStartArray("classes");
        foreach (var c in result.Classes)
        {
            w.WriteStartObject();
            w.WriteNumber("id", c.CategoryId);
            if (c.Name is null)
            {
                w.WriteNull("name");
            }
            else
            {
                w.WriteString("name", c.Name);
            }

            w.WriteNumber("AP50", c.AP50);
            w.WriteNumber("numGt", c.NumGroundTruths);
            w.WriteNumber("numDetections", c.NumDetections);
            w.WriteNumber("numTP", c.NumTruePositives);
            w.WriteStartObject("errorCounts");
            for (int t = 0; t < MainErrorNames.Count; t++)
            {
                w.WriteNumber(MainErrorNames[t], c.ErrorCounts[t]);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// tidecv's <c>summarize()</c> for one run, line by line without trailing spaces or blank lines: the AP line
    /// (<c>bbox AP @ 50: 61.70</c>, <c>mask</c> for segm), the main errors table and the special errors table, in percent.
    /// </summary>
    /// <param name="result">The TIDE result.</param>
    /// <returns>The lines.</returns>
    public static IReadOnlyList<string> Summary(TideResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{(result.Options.IouType == IouType.Segm ? "mask" : "bbox")} AP @ {(int)(result.Options.PositiveThreshold * 100)}: {Percent(result.AP50).Trim()}"),
        };
        string[] shortNames = ["Cls", "Loc", "Both", "Dupe", "Bkg", "Miss"];
        Table(lines, "Main Errors", ["Type", .. shortNames], [" dAP", .. Enum.GetValues<TideErrorType>().Select(t => Percent(result.DeltaAP(t)))]);
        Table(lines, "Special Error", ["Type", "FalsePos", "FalseNeg"], [" dAP", Percent(result.FalsePositiveDeltaAP), Percent(result.FalseNegativeDeltaAP)]);
        return lines;
    }

    private static void WriteTypes(Utf8JsonWriter w, string name, Func<TideErrorType, double> value)
    {
        w.WriteStartObject(name);
        foreach (var type in Enum.GetValues<TideErrorType>())
        {
            w.WriteNumber(MainErrorNames[(int)type], value(type));
        }

        w.WriteEndObject();
    }

    /// <summary>A fraction as tidecv prints its percent: <c>{:6.2f}</c>.</summary>
    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture).PadLeft(6);

    /// <summary>tidecv's <c>print_table</c>: columns right-aligned to their widest cell, a centred title, rules of - and =.</summary>
    private static void Table(List<string> lines, string title, string[] head, string[] row)
    {
        var widths = head.Select((h, i) => Math.Max(h.Length, row[i].Length)).ToArray();
        string rule = "--" + string.Join("---", widths.Select(n => new string('-', n))) + "-";
        string thick = rule.Replace('-', '=');
        lines.Add(title.PadLeft(((rule.Length - title.Length) / 2) + title.Length));
        lines.Add(thick);
        lines.Add(("  " + string.Join("   ", head.Select((h, i) => h.PadLeft(widths[i])))).TrimEnd());
        lines.Add(rule);
        lines.Add(("  " + string.Join("   ", row.Select((c, i) => c.PadLeft(widths[i])))).TrimEnd());
        lines.Add(thick);
    }
}
