using System.Globalization;
using DetEval.Metrics;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>
/// A confusion matrix heat map. Orientation as <see cref="ConfusionMatrix"/>: rows (y, top to bottom) are the
/// ground-truth class, columns (x, left to right) the predicted class; the last row and column are background.
/// </summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Draws <paramref name="matrix"/> with counts in the cells (up to 30 classes).</summary>
    /// <param name="matrix">The matrix.</param>
    /// <param name="normalize">Colour each row by its share of the row total (each ground-truth class sums to 1) instead of raw counts.</param>
    public static Plot Create(ConfusionMatrix matrix, bool normalize = true)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.Size;
        var plot = PlotStyle.Create(
            string.Create(CultureInfo.InvariantCulture, $"Confusion matrix @ IoU {matrix.IouThreshold:0.00}, score >= {matrix.ScoreThreshold:0.00}"),
            "Predicted class",
            "Ground-truth class");
        var colormap = new ScottPlot.Colormaps.Blues();
        long max = 1;
        for (int g = 0; g < n; g++)
        {
            for (int p = 0; p < n; p++)
            {
                max = Math.Max(max, matrix[g, p]);
            }
        }

        bool text = n <= 31;
        for (int g = 0; g < n; g++)
        {
            long rowTotal = 0;
            for (int p = 0; p < n; p++)
            {
                rowTotal += matrix[g, p];
            }

            // Row g is drawn at y = n - 1 - g so the first ground-truth class is the top row.
            double y = n - 1 - g;
            for (int p = 0; p < n; p++)
            {
                long count = matrix[g, p];
                double fraction = normalize ? (rowTotal > 0 ? count / (double)rowTotal : 0) : count / (double)max;
                var cell = plot.Add.Rectangle(p - 0.5, p + 0.5, y - 0.5, y + 0.5);
                // The colormap runs dark to light; reversed so that empty cells are light.
                cell.FillColor = colormap.GetColor(1 - fraction);
                cell.LineColor = Colors.White;
                cell.LineWidth = 1;
                if (text && count > 0)
                {
                    var label = plot.Add.Text(count.ToString(CultureInfo.InvariantCulture), p, y);
                    label.LabelAlignment = Alignment.MiddleCenter;
                    label.LabelFontSize = n <= 12 ? 14 : 9;
                    label.LabelFontColor = fraction > 0.5 ? Colors.White : Colors.Black;
                }
            }
        }

        var labels = matrix.Labels;
        double[] positions = [.. Enumerable.Range(0, n).Select(i => (double)i)];
        plot.Axes.Bottom.SetTicks(positions, [.. labels]);
        plot.Axes.Left.SetTicks([.. positions.Select(x => n - 1 - x)], [.. labels]);
        if (n > 8)
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 90;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        }

        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        plot.HideGrid();
        return PlotStyle.Finish(plot);
    }
}
