using DetEval.Data;
using DetEval.Evaluation;

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
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        Category[] masks = [new Category(result.Coco.CategoryIds[0], "generated masks")];
        var written = new List<string>();
        written.AddRange(PlotFiles.SaveBoth(PrecisionRecallPlots.ByIouAndArea(result.Coco, masks, 0), Path.Combine(directory, "pr_curves")));
        written.AddRange(PlotFiles.SaveBoth(ConfidencePlots.ForClass(result.Coco, masks, 0, 0.5), Path.Combine(directory, "confidence")));
        return written;
    }
}
