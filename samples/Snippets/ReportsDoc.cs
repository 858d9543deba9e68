// The C# block of docs/reports.md, compiled as shown.
using DetEval;
using DetEval.Plotting;
using DetEval.Reports;

namespace Snippets;

/// <summary>docs/reports.md's "From code" block.</summary>
public static class ReportsDoc
{
    /// <summary>Report files and plots from code.</summary>
    public static void FromCode()
    {
        var gt = CocoReader.ReadGroundTruth("gt.json");
        var dt = CocoReader.ReadResults("results.json", gt);
        var result = CocoEvaluation.Evaluate(gt, dt);

        CocoReport.WriteDirectory(result, gt, dt, "report/");    // core: report.json and the CSV files
        PlotReport.WriteDirectory(result, gt, dt, "report/");    // DetEval.Plotting: the PNG and SVG figures

        var plot = PrecisionRecallPlots.ForClass(result, gt.Categories, categoryIndex: 0, iouThreshold: 0.75);
        plot.Axes.Title.Label.Text = "my title";                 // a ScottPlot Plot: restyle freely
        PlotFiles.SavePng(plot, "person.png");
    }
}
