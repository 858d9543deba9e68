using System.Globalization;

namespace DetEval.Reports;

/// <summary>
/// The reports of a DOTA run, in the VOC engine's forms: the text table, the JSON (one schema for <c>--json</c> and
/// <c>report.json</c>) and, for a directory, <c>report.json</c>, <c>classes.csv</c> and <c>pr_curves.csv</c> as for VOC.
/// </summary>
/// <remarks>
/// The JSON is <c>{"ap", "iou", "iouMode", "mAP", "classesAveraged", "conventions", "classes": [{"name", "AP",
/// "numPositives", "numDifficult", "numDetections", "tp", "fp"}]}</c>; <c>"AP"</c> is <c>null</c> for a class without
/// positives (it is left out of the mAP), and so is the mAP when no class has positives.
/// </remarks>
public static class DotaReport
{
    /// <summary>One line saying which conventions an evaluation used.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The line.</returns>
    public static string Conventions(DotaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string iou = options.IouMode == OrientedIouMode.Exact
            ? "exact polygon IoU, rounded once"
            : "the DOTA devkit's polyiou arithmetic";
        return string.Create(CultureInfo.InvariantCulture,
            $"{VocJsonReport.ApConvention(options.ToVocOptions())}; match if polygon IoU > {options.IouThreshold:R} ({iou}); candidates: objects whose hull has a +1-pixel IoU > 0 with the detection's; difficult ignored; ties in score keep results-file order; classes without positives: AP null, left out of the mAP");
    }

    /// <summary>Writes the table of <c>deteval dota</c> (per class: AP, positives, difficult, detections, TP, FP), the mAP and the conventions; with <paramref name="quiet"/> the mAP line only.</summary>
    /// <param name="result">The result.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="quiet">Only the mAP line.</param>
    public static void WriteText(DotaResult result, TextWriter writer, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        VocReport.WriteText(result.ToVocResult(), Conventions(result.Options), writer, quiet);
    }

    /// <summary>Writes the JSON report.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void WriteJson(DotaResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        string mode = result.Options.IouMode == OrientedIouMode.Exact ? "exact" : "devkit";
        VocJsonReport.Write(result.ToVocResult(), stream, Conventions(result.Options), w => w.WriteString("iouMode", mode));
    }

    /// <summary>Writes <c>report.json</c>, <c>classes.csv</c> and <c>pr_curves.csv</c> into <paramref name="directory"/> (created if needed).</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(DotaResult result, string directory)
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
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, DotaResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        return VocReport.AddDirectory(outputs, result.ToVocResult(), directory, s => WriteJson(result, s));
    }
}
