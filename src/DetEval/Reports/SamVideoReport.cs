using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DetEval.Reports;

/// <summary>
/// Writes a SAM 2 video evaluation: the JSON report (one schema for <c>--json</c> and <c>--out</c>'s report.json),
/// the per-video and per-object CSV tables and the console table.
/// </summary>
/// <remarks>
/// JSON: <c>{"J&amp;F", "J", "F", "videos": [{"name", "layout", "J&amp;F", "J", "F", "objects": [{"id", "J&amp;F", "J",
/// "F", "frames"}]}], "counts": {"videos", "objects", "frames"}, "skippedVideos": {"groundTruthOnly",
/// "predictionOnly"}, "settings": {"skipFirstAndLast", "boundaryTolerance"}}</c>, every score a fraction (the
/// reference's percentage / 100), round-trippable; NaN (no object) is null.
/// </remarks>
public static class SamVideoReport
{
    /// <summary>The columns of <see cref="WriteVideosCsv"/>.</summary>
    public static IReadOnlyList<string> VideoColumns { get; } = ["video", "layout", "objects", "J&F", "J", "F"];

    /// <summary>The columns of <see cref="WriteObjectsCsv"/>.</summary>
    public static IReadOnlyList<string> ObjectColumns { get; } = ["video", "object", "frames", "J&F", "J", "F"];

    /// <summary>
    /// Adds <c>report.json</c> (<see cref="WriteJson"/>), <c>videos.csv</c> and <c>objects.csv</c> in
    /// <paramref name="directory"/> to a run's <paramref name="outputs"/>; returns their paths.
    /// </summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The result.</param>
    /// <param name="options">The settings it was computed with.</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="groundTruthOnly">Ground-truth videos skipped for want of predictions.</param>
    /// <param name="predictionOnly">Prediction videos ignored for want of ground truth.</param>
    /// <returns>The paths to be written.</returns>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, SamVideoResult result, SamVideoOptions options, string directory, IReadOnlyList<string>? groundTruthOnly = null, IReadOnlyList<string>? predictionOnly = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string[] paths = [Path.Combine(directory, "report.json"), Path.Combine(directory, "videos.csv"), Path.Combine(directory, "objects.csv")];
        outputs.AddFile(paths[0], null, s => WriteJson(result, options, s, groundTruthOnly, predictionOnly));
        outputs.AddFile(paths[1], null, s => WriteVideosCsv(result, s));
        outputs.AddFile(paths[2], null, s => WriteObjectsCsv(result, s));
        return paths;
    }

    /// <summary>Writes the JSON report.</summary>
    /// <param name="result">The result.</param>
    /// <param name="options">The settings it was computed with.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    /// <param name="groundTruthOnly">Ground-truth videos skipped for want of predictions.</param>
    /// <param name="predictionOnly">Prediction videos ignored for want of ground truth.</param>
    public static void WriteJson(SamVideoResult result, SamVideoOptions options, Stream stream, IReadOnlyList<string>? groundTruthOnly = null, IReadOnlyList<string>? predictionOnly = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        // Relaxed escaping keeps "J&F" readable; the output is a file, never embedded in HTML.
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        Scores(w, result.JAndF, result.J, result.F);
        w.WriteStartArray("videos");
        foreach (var video in result.Videos)
        {
            w.WriteStartObject();
            w.WriteString("name", video.Name);
            w.WriteString("layout", LayoutName(video.Layout));
            Scores(w, video.JAndF, video.J, video.F);
            w.WriteStartArray("objects");
            foreach (var obj in video.Objects)
            {
                w.WriteStartObject();
                w.WriteString("id", obj.Id);
                Scores(w, obj.JAndF, obj.J, obj.F);
                w.WriteNumber("frames", obj.Frames.Count);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("counts");
        w.WriteNumber("videos", result.Videos.Count);
        w.WriteNumber("objects", result.ObjectCount);
        w.WriteNumber("frames", result.FrameCount);
        w.WriteEndObject();
        w.WriteStartObject("skippedVideos");
        Names(w, "groundTruthOnly", groundTruthOnly ?? []);
        Names(w, "predictionOnly", predictionOnly ?? []);
        w.WriteEndObject();
        w.WriteStartObject("settings");
        w.WriteBoolean("skipFirstAndLast", options.SkipFirstAndLast);
        w.WriteNumber("boundaryTolerance", options.BoundaryTolerance);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes one row per video: <c>video,layout,objects,J&amp;F,J,F</c>, in name order.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 CSV.</param>
    public static void WriteVideosCsv(SamVideoResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        w.WriteLine(string.Join(',', VideoColumns));
        foreach (var v in result.Videos)
        {
            w.WriteLine(string.Join(',', Csv(v.Name), LayoutName(v.Layout), N(v.Objects.Count), R(v.JAndF), R(v.J), R(v.F)));
        }
    }

    /// <summary>Writes one row per object, worst J&amp;F first (ties: video and object name): <c>video,object,frames,J&amp;F,J,F</c>.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 CSV.</param>
    public static void WriteObjectsCsv(SamVideoResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        w.WriteLine(string.Join(',', ObjectColumns));
        foreach (var (video, obj) in WorstObjects(result))
        {
            w.WriteLine(string.Join(',', Csv(video.Name), Csv(obj.Id), N(obj.Frames.Count), R(obj.JAndF), R(obj.J), R(obj.F)));
        }
    }

    /// <summary>Every object, worst J&amp;F first; ties keep video and object order.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The (video, object) pairs.</returns>
    public static IReadOnlyList<(SamVideoScore Video, SamVideoObjectScore Object)> WorstObjects(SamVideoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Videos.SelectMany(v => v.Objects.Select(o => (v, o))).OrderBy(p => p.o.JAndF)];
    }

    /// <summary>The videos, worst J&amp;F first; ties keep name order.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The videos.</returns>
    public static IReadOnlyList<SamVideoScore> WorstVideos(SamVideoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Videos.Where(v => v.Objects.Count > 0).OrderBy(v => v.JAndF)];
    }

    /// <summary>Writes the console table: the global line, then one line per video (unless <paramref name="quiet"/>), as percentages with one decimal as the reference prints them.</summary>
    /// <param name="result">The result.</param>
    /// <param name="output">Where to write.</param>
    /// <param name="quiet">Only the headline lines.</param>
    public static void WriteTable(SamVideoResult result, TextWriter output, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(I($"SAM 2 video segmentation: {result.Videos.Count} videos, {result.ObjectCount} objects, {result.FrameCount} frame entries"));
        output.WriteLine(I($"  J&F {P(result.JAndF)}   J {P(result.J)}   F {P(result.F)}"));
        if (quiet)
        {
            return;
        }

        int width = Math.Max(12, result.Videos.Count == 0 ? 0 : result.Videos.Max(v => v.Name.Length));
        output.WriteLine();
        output.WriteLine(I($"  {"video".PadRight(width)} {"layout",-6} {"obj",4} {"J&F",6} {"J",6} {"F",6}"));
        foreach (var v in result.Videos)
        {
            output.WriteLine(I($"  {v.Name.PadRight(width)} {LayoutName(v.Layout),-6} {v.Objects.Count,4} {P(v.JAndF),6} {P(v.J),6} {P(v.F),6}"));
        }
    }

    /// <summary>The layout's name in reports: <c>sav</c> or <c>davis</c>.</summary>
    /// <param name="layout">The layout.</param>
    /// <returns>The name.</returns>
    public static string LayoutName(SamVideoLayout layout) => layout == SamVideoLayout.Sav ? "sav" : "davis";

    private static void Scores(Utf8JsonWriter w, double jAndF, double j, double f)
    {
        Number(w, "J&F", jAndF);
        Number(w, "J", j);
        Number(w, "F", f);
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Names(Utf8JsonWriter w, string name, IReadOnlyList<string> names)
    {
        w.WriteStartArray(name);
        foreach (string n in names)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
    }

    private static string P(double fraction) => double.IsFinite(fraction) ? (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) : "nan";

    private static string R(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Csv(string text) => text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string I(FormattableString text) => FormattableString.Invariant(text);
}
