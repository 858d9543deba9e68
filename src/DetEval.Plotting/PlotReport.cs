using System.Globalization;
using System.Text;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Metrics;
using DetEval.Reports;

namespace DetEval.Plotting;

/// <summary>Writes the plots of a COCO evaluation, PNG and SVG, into a report directory.</summary>
public static class PlotReport
{
    /// <summary>The all-classes PR figure, without extension.</summary>
    public const string PrCurvesName = "pr_curves";

    /// <summary>The per-class AP bar chart, without extension.</summary>
    public const string ApBarsName = "ap_per_class";

    /// <summary>The confusion matrix heat map, without extension.</summary>
    public const string ConfusionName = "confusion_matrix";

    /// <summary>The subdirectory of the per-class figures.</summary>
    public const string ClassesDirectory = "classes";

    /// <summary>
    /// Writes into <paramref name="directory"/>: <c>pr_curves</c> (all classes at the F1 IoU of
    /// <paramref name="options"/>), <c>ap_per_class</c>, <c>confusion_matrix</c> (when the detections are given), and
    /// under <c>classes/</c> for each class with ground truth <c>ID_NAME_pr</c> (IoU .50, .75, .50:.95 and area ranges)
    /// and <c>ID_NAME_confidence</c> (precision, recall, F1 against the score threshold); each as PNG and SVG.
    /// Returns the paths written.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth, for names and the confusion matrix.</param>
    /// <param name="detections">The detections, for the confusion matrix (skipped when null).</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="options">Thresholds; defaults when null.</param>
    public static IReadOnlyList<string> WriteDirectory(CocoResult result, DetectionDataset dataset, DetectionSet? detections, string directory, ReportOptions? options = null)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, dataset, detections, directory, options);
        return outputs.Commit();
    }

    /// <summary>Adds the plots of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth, for names and the confusion matrix.</param>
    /// <param name="detections">The detections, for the confusion matrix (skipped when null).</param>
    /// <param name="directory">The output directory.</param>
    /// <param name="options">Thresholds; defaults when null.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, CocoResult result, DetectionDataset dataset, DetectionSet? detections, string directory, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new ReportOptions();
        var categories = dataset.Categories;
        var written = new List<string>();
        written.AddRange(PlotFiles.AddBoth(outputs, PrecisionRecallPlots.AllClasses(result, categories, options.F1IouThreshold), Path.Combine(directory, PrCurvesName)));
        int bars = result.Categories.Count(c => c.Stats.AP >= 0);
        written.AddRange(PlotFiles.AddBoth(outputs, ApBarPlot.Create(result, categories), Path.Combine(directory, ApBarsName), PlotStyle.Width, Math.Max(PlotStyle.Height, 120 + (16 * bars))));
        if (detections is not null)
        {
            var matrix = ConfusionMatrix.Compute(dataset, detections, options.ConfusionIouThreshold, options.ConfusionScoreThreshold);
            int side = Math.Max(PlotStyle.Height, 200 + (18 * matrix.Size));
            written.AddRange(PlotFiles.AddBoth(outputs, ConfusionMatrixPlot.Create(matrix), Path.Combine(directory, ConfusionName), side + 100, side));
        }

        string classDir = Path.Combine(directory, ClassesDirectory);
        for (int k = 0; k < result.Categories.Count; k++)
        {
            if (result.Categories[k].Stats.AP < 0)
            {
                continue;
            }

            string stem = Path.Combine(classDir, FileStem(result.CategoryIds[k], ClassReport.CategoryName(categories, result.CategoryIds[k])));
            written.AddRange(PlotFiles.AddBoth(outputs, PrecisionRecallPlots.ByIouAndArea(result, categories, k), stem + "_pr"));
            written.AddRange(PlotFiles.AddBoth(outputs, ConfidencePlots.ForClass(result, categories, k, options.F1IouThreshold), stem + "_confidence"));
        }

        return written;
    }

    /// <summary>A file-name stem for a class: its id, an underscore and its name with unsafe characters replaced by <c>_</c>.</summary>
    public static string FileStem(long categoryId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(categoryId.ToString(CultureInfo.InvariantCulture)).Append('_');
        foreach (char c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_');
        }

        return sb.ToString();
    }
}
