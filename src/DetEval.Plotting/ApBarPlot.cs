using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>A horizontal bar chart of per-class AP, best class on top.</summary>
public static class ApBarPlot
{
    /// <summary>
    /// Per-class AP (<see cref="CocoStats.AP"/>, IoU .50:.95, or <see cref="CocoStats.AP50"/>), sorted descending;
    /// classes without ground truth (AP -1) are left out.
    /// </summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names.</param>
    /// <param name="ap50">Plot AP50 instead of AP.</param>
    public static Plot Create(CocoResult result, IReadOnlyList<Category> categories, bool ap50 = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        var items = result.Categories
            .Select(c => (Name: ClassReport.CategoryName(categories, c.CategoryId), Value: ap50 ? c.Stats.AP50 : c.Stats.AP))
            .Where(x => x.Value >= 0)
            .OrderByDescending(x => x.Value)
            .ThenBy(x => x.Name, StringComparer.Ordinal)
            .ToArray();
        string metric = ap50 ? "AP50" : "AP @ IoU .50:.95";
        var plot = PlotStyle.Create("Per-class " + metric, metric, "");
        var bars = new List<Bar>();
        var positions = new double[items.Length];
        var labels = new string[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            // The best class gets the highest position, so it is drawn on top.
            double position = items.Length - 1 - i;
            positions[i] = position;
            labels[i] = items[i].Name;
            bars.Add(new Bar
            {
                Position = position,
                Value = items[i].Value,
                FillColor = PlotStyle.SeriesColor(0),
                Label = items[i].Value.ToString("0.000", CultureInfo.InvariantCulture),
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.SetLimits(0, 1.1, -0.7, Math.Max(items.Length, 1) - 0.3);
        plot.HideGrid();
        return PlotStyle.Finish(plot);
    }
}
