using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>The page of a paired comparison of two models (<c>deteval compare --out</c>).</summary>
internal static class ComparisonPage
{
    private const string Conventions =
        "Both models evaluated with pycocotools' COCOeval rules on the same images and options; every difference is B − A; with a "
        + "bootstrap, each resample draws one set of images for both models (paired), the interval is the percentile interval of B − A "
        + "and 'B better' the share of resamples in which B's number is higher; – where a number is undefined.";

    public static HtmlDocument Build(CocoComparison comparison, IReadOnlyList<Category> categories, (string A, string B) names, HtmlReportOptions options)
    {
        var a = comparison.A;
        var bootstrap = comparison.Bootstrap;
        string ci = bootstrap is null ? "CI" : string.Create(CultureInfo.InvariantCulture, $"{bootstrap.Confidence * 100:0.##}% CI");
        var deltas = comparison.Stats
            .Select(m => new Headline("Δ" + m.Name, m.Difference, $"B − A: {HtmlBuilder.Display(m.B)} − {HtmlBuilder.Display(m.A)}", m.Interval is { } i ? CocoPage.Range(i) : null, "+F3", $"stats/{m.Name}/difference"))
            .ToList();
        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Differences (B − A)", deltas, ci, ComparisonReport.JsonFileName)
            {
                Note = $"A: {names.A}; B: {names.B}; {a.ImageCount} images." + (bootstrap is null ? " No bootstrap: run with --bootstrap N for intervals." : string.Create(CultureInfo.InvariantCulture, $" {bootstrap.Resamples} paired resamples, seed {bootstrap.Seed}.")),
            },
            Stats(comparison, ci),
            Classes(comparison, categories, ci),
            PrecisionRecall(comparison, names),
        };
        string kind = CocoPage.IouTypeName(a.Options.IouType);
        return new HtmlDocument(
            $"DetEval comparison: COCO {kind}",
            string.Create(CultureInfo.InvariantCulture, $"COCO {kind} · B − A · {a.ImageCount} images · {a.CategoryIds.Count} categories"),
            options.Inputs.Count > 0 ? [.. options.Inputs.Select(i => (i.Key, i.Value))] : [("A", names.A), ("B", names.B)],
            CocoPage.OptionFacts(a, options.Report, a.Options.IouThresholds[a.IouThresholdIndex(options.Report.F1IouThreshold)]),
            Conventions,
            sections);
    }

    private static TableSection Stats(CocoComparison comparison, string ci)
    {
        TableColumn[] columns = [new("number", false), new("A"), new("B"), new("B − A"), new(ci, Title: "paired interval of B − A; sorts by its width"), new("B better", Title: "share of paired resamples in which B is higher")];
        var rows = comparison.Stats.Select(m => new TableRow(
            [TableCell.Label(m.Name), TableCell.Number(m.A), TableCell.Number(m.B), TableCell.Number(m.Difference), TableCell.Range(m.Interval is { } i ? CocoPage.Range(i) : null), TableCell.Number(m.ShareBBetter)])).ToList();
        return new TableSection("stats", "The 12 numbers", columns, rows);
    }

    private static TableSection Classes(CocoComparison comparison, IReadOnlyList<Category> categories, string ci)
    {
        TableColumn[] columns =
        [
            new("class", false), new("id"), new("AP A"), new("AP B"), new("ΔAP", Title: "B − A"), new("ΔAP " + ci, Title: "paired interval of ΔAP; sorts by its width"),
            new("B better"), new("AP50 A"), new("AP50 B"), new("ΔAP50"), new("AP75 A"), new("AP75 B"), new("ΔAP75"),
        ];
        var rows = new List<(double Delta, TableRow Row)>();
        for (int k = 0; k < comparison.CategoryIds.Count; k++)
        {
            var m = comparison.Categories[k];
            string name = ClassReport.CategoryName(categories, comparison.CategoryIds[k]);
            var row = new TableRow(
                [
                    TableCell.Label(name), TableCell.Count(comparison.CategoryIds[k]), TableCell.Number(m[0].A), TableCell.Number(m[0].B), TableCell.Number(m[0].Difference),
                    TableCell.Range(m[0].Interval is { } i ? CocoPage.Range(i) : null), TableCell.Number(m[0].ShareBBetter),
                    TableCell.Number(m[1].A), TableCell.Number(m[1].B), TableCell.Number(m[1].Difference),
                    TableCell.Number(m[2].A), TableCell.Number(m[2].B), TableCell.Number(m[2].Difference),
                ],
                k,
                name,
                PrecisionRecallCurves.Interpolated(comparison.B, k, 0.5));
            rows.Add((m[0].Difference, row));
        }

        // Sorted by change: the largest gain of B first, undefined differences last.
        var ordered = rows
            .Select((r, index) => (r.Delta, r.Row, index))
            .OrderBy(r => double.IsNaN(r.Delta) ? 1 : 0)
            .ThenByDescending(r => double.IsNaN(r.Delta) ? 0 : r.Delta)
            .ThenBy(r => r.index)
            .Select(r => r.Row)
            .ToList();
        return new TableSection("classes", "Per class, sorted by change", columns, ordered, "B: PR @0.50")
        {
            Note = "One row per category, the largest gain of B in AP first; click a header to sort by another column.",
        };
    }

    private static FigureSection PrecisionRecall(CocoComparison comparison, (string A, string B) names)
    {
        var recall = comparison.A.Options.RecallThresholds;
        int last = comparison.A.Options.MaxDetections[^1];
        LineFigure Figure(string id, double? iou, string iouText)
        {
            var series = new List<LineSeries>();
            foreach (var (result, style) in new[] { (comparison.A, "class"), (comparison.B, "class-b") })
            {
                for (int k = 0; k < result.CategoryIds.Count; k++)
                {
                    if (PrecisionRecallCurves.Interpolated(result, k, iou) is double[] curve)
                    {
                        series.Add(new LineSeries(recall, curve, style, null, k));
                    }
                }
            }

            foreach (var (result, style, name) in new[] { (comparison.A, "mean", names.A), (comparison.B, "mean-b", names.B) })
            {
                if (PrecisionRecallCurves.MeanInterpolated(result, iou) is double[] mean)
                {
                    series.Add(new LineSeries(recall, mean, style, $"{(style == "mean" ? "A" : "B")}: {name} (AP {HtmlBuilder.Display(result.Summarize(true, iou, "all", last))})"));
                }
            }

            return new LineFigure("pr-" + id, $"Interpolated precision against recall, {iouText}, both models", "Recall", "Precision", new SvgAxes(0, 1, 0, 1), series, []);
        }

        var thresholds = comparison.A.Options.IouThresholds;
        double at = thresholds[comparison.A.IouThresholdIndex(0.5)];
        return new FigureSection("pr", "Precision-recall curves of both models",
        [
            Figure("f1iou", at, "IoU " + at.ToString("0.00", CultureInfo.InvariantCulture)),
            Figure("all", null, string.Create(CultureInfo.InvariantCulture, $"IoU {thresholds[0]:0.00}:{thresholds[^1]:0.00}")),
        ])
        {
            Note = "A's classes thin grey, B's thin orange, each model's mean over classes bold. Hover over or click a row or a line to highlight a class in both models.",
        };
    }
}
