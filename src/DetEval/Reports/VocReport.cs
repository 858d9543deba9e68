using DetEval.Evaluation;
using DetEval.Matching;

namespace DetEval.Reports;

/// <summary>
/// The files of a VOC run: <c>report.json</c> (<see cref="VocJsonReport"/>), <c>classes.csv</c> (one
/// <see cref="VocClassRow"/> per class) and <c>pr_curves.csv</c> (one <see cref="VocCurveRow"/> per ranked detection).
/// </summary>
public static class VocReport
{
    /// <summary>Writes the three files into <paramref name="directory"/> (created if needed); returns their paths.</summary>
    /// <param name="result">The VOC result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> WriteDirectory(VocResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        string json = Path.Combine(directory, "report.json");
        string classes = Path.Combine(directory, "classes.csv");
        string curves = Path.Combine(directory, "pr_curves.csv");
        AtomicFile.Write(json, s => VocJsonReport.Write(result, s));
        AtomicFile.Write(classes, s => ClassReport.Write(Classes(result), s));
        AtomicFile.Write(curves, s => ClassReport.Write(Curves(result), s));
        return [json, classes, curves];
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
}
