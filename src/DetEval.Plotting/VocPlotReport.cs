using DetEval.Evaluation;
using DetEval.Reports;

namespace DetEval.Plotting;

/// <summary>
/// The plots of a VOC run: per class with positives and detections, the AP construction (the precision-recall
/// points, the envelope and the 11 points) as <c>classes/&lt;id&gt;_&lt;name&gt;_ap.png</c> and <c>.svg</c>.
/// </summary>
public static class VocPlotReport
{
    /// <summary>Writes the plots under <paramref name="directory"/>; returns the paths written.</summary>
    /// <param name="result">The VOC result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> WriteDirectory(VocResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the plots of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The VOC result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, VocResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string classDir = Path.Combine(directory, PlotReport.ClassesDirectory);
        var written = new List<string>();
        foreach (var c in result.Classes)
        {
            if (c.NumPositives == 0 || c.NumDetections == 0)
            {
                continue;
            }

            string stem = Path.Combine(classDir, PlotReport.FileStem(c.CategoryId, c.Name) + "_ap");
            written.AddRange(PlotFiles.AddBoth(outputs, VocConstructionPlot.Create(c.Recall, c.Precision, c.Name), stem));
        }

        return written;
    }
}
