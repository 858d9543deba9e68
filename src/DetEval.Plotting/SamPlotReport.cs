using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Reports;

namespace DetEval.Plotting;

/// <summary>
/// The plots of a SAM automatic-mask evaluation (one class-agnostic "class"): <c>pr_curves</c> (precision-recall
/// at IoU .50, .75 and .50:.95 and per area range) and <c>confidence</c> (precision, recall and F1 against the score
/// threshold at IoU .50), each as PNG and SVG.
/// </summary>
public static class SamPlotReport
{
    /// <summary>Writes the plots into <paramref name="directory"/>; returns the paths written.</summary>
    /// <param name="result">The automatic-mask result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> WriteDirectory(SamAutoResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the plots of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The automatic-mask result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, SamAutoResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Category[] masks = [new Category(result.Coco.CategoryIds[0], "generated masks")];
        var written = new List<string>();
        written.AddRange(PlotFiles.AddBoth(outputs, PrecisionRecallPlots.ByIouAndArea(result.Coco, masks, 0), Path.Combine(directory, "pr_curves")));
        written.AddRange(PlotFiles.AddBoth(outputs, ConfidencePlots.ForClass(result.Coco, masks, 0, 0.5), Path.Combine(directory, "confidence")));
        return written;
    }
}
