using System.Globalization;
using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>Per-keypoint OKS error bars of a keypoint evaluation: which joints are placed worst, worst on top.</summary>
public static class KeypointErrorPlot
{
    /// <summary>The per-category figure's suffix, after the class stem, in <see cref="PlotReport.ClassesDirectory"/>.</summary>
    public const string Suffix = "_keypoint_errors";

    /// <summary>
    /// One category's keypoints as horizontal bars of <see cref="KeypointErrorRow.Error"/> (1 - mean similarity on
    /// the true positives), sorted worst first; keypoints never matched are left out.
    /// </summary>
    /// <param name="rows">The rows of one category.</param>
    /// <returns>The plot.</returns>
    public static Plot Create(IReadOnlyList<KeypointErrorRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var items = rows.Where(r => r.Error is not null).OrderByDescending(r => r.Error).ThenBy(r => r.Keypoint).ToArray();
        string title = rows.Count > 0 ? $"{rows[0].Class}: per-keypoint OKS error" : "Per-keypoint OKS error";
        var plot = PlotStyle.Create(title, "1 - mean exp(-e) on true positives", "");
        var bars = new List<Bar>();
        var positions = new double[items.Length];
        var labels = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            // The worst keypoint gets the highest position, so it is drawn on top.
            positions[i] = items.Length - 1 - i;
            labels[i] = items[i].Name;
            bars.Add(new Bar
            {
                Position = positions[i],
                Value = items[i].Error!.Value,
                FillColor = PlotStyle.SeriesColor(3),
                Label = items[i].Error!.Value.ToString("0.000", CultureInfo.InvariantCulture),
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        double top = items.Length > 0 ? items.Max(r => r.Error!.Value) : 1;
        plot.Axes.SetLimits(0, Math.Max(0.05, top * 1.2), -0.7, Math.Max(items.Length, 1) - 0.3);
        plot.HideGrid();
        return PlotStyle.Finish(plot);
    }

    /// <summary>Writes one figure per category with matched keypoints under <c>classes/</c> (PNG and SVG); returns the paths.</summary>
    /// <param name="rows">The rows of <see cref="KeypointErrors.Compute"/>.</param>
    /// <param name="directory">The report directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> Save(IReadOnlyList<KeypointErrorRow> rows, string directory)
    {
        var outputs = new OutputSet();
        Add(outputs, rows, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the figures of <see cref="Save"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="rows">The rows of <see cref="KeypointErrors.Compute"/>.</param>
    /// <param name="directory">The report directory.</param>
    /// <returns>The paths to be written.</returns>
    public static IReadOnlyList<string> Add(OutputSet outputs, IReadOnlyList<KeypointErrorRow> rows, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var written = new List<string>();
        foreach (var group in rows.GroupBy(r => r.CategoryId))
        {
            var list = group.ToArray();
            if (list.All(r => r.Error is null))
            {
                continue;
            }

            string stem = Path.Combine(directory, PlotReport.ClassesDirectory, PlotReport.FileStem(group.Key, list[0].Class) + Suffix);
            written.AddRange(PlotFiles.AddBoth(outputs, Create(list), stem, PlotStyle.Width, Math.Max(PlotStyle.Height, 120 + (24 * list.Length))));
        }

        return written;
    }
}
