using System.Globalization;
using DetEval.Evaluation;
using DetEval.Matching;

namespace DetEval.Reports;

/// <summary>
/// The files of a VOC run: <c>report.json</c> (<see cref="VocJsonReport"/>), <c>classes.csv</c> (one
/// <see cref="VocClassRow"/> per class) and <c>pr_curves.csv</c> (one <see cref="VocCurveRow"/> per ranked detection).
/// </summary>
public static class VocReport
{
    /// <summary>Writes the three files into <paramref name="directory"/> (created if needed), all or nothing; returns their paths.</summary>
    /// <param name="result">The VOC result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> WriteDirectory(VocResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the files of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The VOC result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, VocResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        return AddDirectory(outputs, result, directory, s => VocJsonReport.Write(result, s));
    }

    /// <summary>The three files, <c>report.json</c> written by <paramref name="writeJson"/> (a protocol on the VOC engine writes its own).</summary>
    internal static IReadOnlyList<string> AddDirectory(OutputSet outputs, VocResult result, string directory, Action<Stream> writeJson)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string json = Path.Combine(directory, "report.json");
        string classes = Path.Combine(directory, "classes.csv");
        string curves = Path.Combine(directory, "pr_curves.csv");
        outputs.AddFile(json, null, writeJson);
        outputs.AddFile(classes, null, s => ClassReport.Write(Classes(result), s));
        outputs.AddFile(curves, null, s => ClassReport.Write(Curves(result), s));
        return [json, classes, curves];
    }

    /// <summary>
    /// Writes the text report of <c>deteval voc</c>: one line per class (AP, positives, difficult, detections, TP,
    /// FP), the mAP line and the conventions; with <paramref name="quiet"/> the mAP line only.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="quiet">Only the mAP line.</param>
    /// <param name="input">How the input was laid out ("VOC root"), said first in the conventions line; null for nothing.</param>
    public static void WriteText(VocResult result, TextWriter writer, bool quiet = false, string? input = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        WriteText(result, (input is null ? "" : $"input {input}; ") + VocJsonReport.Conventions(result.Options), writer, quiet);
    }

    /// <summary><see cref="WriteText(VocResult, TextWriter, bool, string?)"/> with another conventions line.</summary>
    internal static void WriteText(VocResult result, string conventions, TextWriter writer, bool quiet)
    {
        ArgumentNullException.ThrowIfNull(writer);
        string mean = string.Create(CultureInfo.InvariantCulture,
            $"mAP = {F(result.MeanAveragePrecision)} over {result.ClassesAveraged} of {result.Classes.Count} classes (classes without positives are left out)");
        if (quiet)
        {
            writer.WriteLine(mean);
            return;
        }

        int width = Math.Max(8, result.Classes.Count == 0 ? 0 : result.Classes.Max(c => c.Name.Length));
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"class".PadRight(width)}  {"AP",8} {"positives",9} {"difficult",9} {"detections",10} {"TP",7} {"FP",7}"));
        foreach (var c in result.Classes)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name.PadRight(width)}  {F(c.AveragePrecision),8} {c.NumPositives,9} {c.NumDifficult,9} {c.NumDetections,10} {c.TruePositives,7} {c.FalsePositives,7}"));
        }

        writer.WriteLine(mean);
        writer.WriteLine("conventions: " + conventions);
    }

    /// <summary>The rows of <c>classes.csv</c>, in class order.</summary>
    /// <param name="result">The VOC result.</param>
    public static IReadOnlyList<VocClassRow> Classes(VocResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Classes.Select(c => new VocClassRow(
            c.Name, c.CategoryId, Defined(c.AveragePrecision), c.NumPositives, c.NumDifficult, c.NumDetections, c.TruePositives, c.FalsePositives))];
    }

    /// <summary>The rows of <c>pr_curves.csv</c>: each class's ranked detections in rank order.</summary>
    /// <param name="result">The VOC result.</param>
    public static IReadOnlyList<VocCurveRow> Curves(VocResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<VocCurveRow>();
        foreach (var c in result.Classes)
        {
            for (int rank = 0; rank < c.NumDetections; rank++)
            {
                string outcome = c.Flags[rank] switch
                {
                    MatchFlag.TruePositive => "tp",
                    MatchFlag.FalsePositive => "fp",
                    _ => "ignored",
                };
                rows.Add(new VocCurveRow(c.Name, rank, c.Scores[rank], outcome, Defined(c.Recall[rank]), c.Precision[rank]));
            }
        }

        return rows;
    }

    /// <summary>Reads a <c>classes.csv</c> back.</summary>
    /// <param name="stream">The CSV.</param>
    public static List<VocClassRow> ReadClasses(Stream stream) => ClassReport.Read<VocClassRow>(stream);

    /// <summary>Reads a <c>pr_curves.csv</c> back.</summary>
    /// <param name="stream">The CSV.</param>
    public static List<VocCurveRow> ReadCurves(Stream stream) => ClassReport.Read<VocCurveRow>(stream);

    private static double? Defined(double value) => double.IsFinite(value) ? value : null;

    private static string F(double v) => double.IsNaN(v) ? "n/a" : v.ToString("0.0000", CultureInfo.InvariantCulture);
}
