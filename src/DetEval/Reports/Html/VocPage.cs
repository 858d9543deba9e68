using System.Globalization;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval.Reports.Html;

/// <summary>The page of a Pascal VOC evaluation.</summary>
internal static class VocPage
{
    public static HtmlDocument Build(VocResult result, HtmlReportOptions options) => Build(result, options, "Pascal VOC", VocJsonReport.Conventions(result.Options), []);

    /// <summary>The page of a protocol on the VOC engine (DOTA: oriented boxes with the devkit's polygon IoU).</summary>
    public static HtmlDocument Build(DotaResult result, HtmlReportOptions options) => Build(
        result.ToVocResult(),
        options,
        "DOTA",
        DotaReport.Conventions(result.Options),
        [("IoU mode", result.Options.IouMode == OrientedIouMode.Exact ? "exact polygon IoU" : "the devkit's polyiou")]);

    private static HtmlDocument Build(VocResult result, HtmlReportOptions options, string protocol, string conventions, IReadOnlyList<(string, string)> facts)
    {
        var o = result.Options;
        var recall = CocoOptions.CocoRecallThresholds;
        var curves = new RankedCurve[result.Classes.Count];
        var envelopes = new double[result.Classes.Count][];
        for (int k = 0; k < result.Classes.Count; k++)
        {
            var c = result.Classes[k];
            // The devkit's ranked lists: detections on difficult objects keep the previous point.
            curves[k] = new RankedCurve([.. c.Scores], [.. c.Precision], [.. c.Recall], [.. c.Flags.Select(f => f == MatchFlag.TruePositive)], c.NumPositives);
            envelopes[k] = PrecisionRecallCurves.Envelope(c.Recall, c.Precision, recall);
        }

        var withPositives = Enumerable.Range(0, result.Classes.Count).Where(k => result.Classes[k].NumPositives > 0).ToList();
        var best = new (double Threshold, double Precision, double Recall, double F1)?[curves.Length];
        foreach (int k in withPositives)
        {
            int i = curves[k].BestF1Index();
            best[k] = i < 0 ? null : (curves[k].Scores[i], curves[k].Precision[i], curves[k].Recall[i], curves[k].F1()[i]);
        }

        string iouText = string.Create(CultureInfo.InvariantCulture, $"IoU {(o.IouComparison == IouComparison.GreaterThan ? ">" : ">=")} {o.IouThreshold:0.##}");
        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Headline numbers",
            [
                new Headline("mAP", result.MeanAveragePrecision, $"the mean AP over the {result.ClassesAveraged} classes with positives ({VocJsonReport.MethodName(o.AveragePrecisionMethod)})", JsonPath: "mAP"),
                new Headline("classes averaged", result.ClassesAveraged, "classes in the mean", Format: "N0", JsonPath: "classesAveraged"),
            ]),
            Classes(result, best, envelopes),
            new FigureSection("pr", "Precision-recall curves",
            [
                PageParts.PrecisionRecall(
                    "pr-envelope",
                    $"Precision envelope against recall ({iouText}), sampled at 101 recall points",
                    recall,
                    [.. withPositives.Select(k => new PageParts.ClassCurve(k, result.Classes[k].Name, envelopes[k]))],
                    PrecisionRecallCurves.Mean([.. withPositives.Select(k => envelopes[k])]),
                    $"mean over classes (mAP {HtmlBuilder.Display(result.MeanAveragePrecision)}, {VocJsonReport.MethodName(o.AveragePrecisionMethod)})"),
            ])
            {
                Note = "Each class's precision envelope (the highest precision at a recall at least as high, what the AP integrates) thin and grey, their mean bold.",
            },
            Confidence(result, curves, best, withPositives, iouText),
        };
        return new HtmlDocument(
            "DetEval report: " + protocol,
            string.Create(CultureInfo.InvariantCulture, $"{protocol} · {result.Classes.Count} classes"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [
                ("AP", VocJsonReport.MethodName(o.AveragePrecisionMethod)),
                ("IoU", iouText),
                ("pixels", o.PixelConvention.ToString()),
                ("difficult", o.IgnoreDifficult ? "ignored" : "counted"),
                .. facts,
            ],
            conventions,
            sections);
    }

    private static TableSection Classes(VocResult result, (double Threshold, double Precision, double Recall, double F1)?[] best, double[][] envelopes)
    {
        TableColumn[] columns =
        [
            new("class", false), new("id"), new("AP"), new("positives", Title: "objects that count (npos)"), new("difficult"), new("detections"),
            new("TP", Title: "true positives over all detections"), new("FP"), new("best F1", Title: "the highest F1 along the ranked list"),
            new("at score"), new("P"), new("R"),
        ];
        var rows = new List<TableRow>();
        for (int k = 0; k < result.Classes.Count; k++)
        {
            var c = result.Classes[k];
            var b = best[k];
            rows.Add(new TableRow(
                [
                    TableCell.Label(c.Name), TableCell.Count(c.CategoryId), TableCell.Number(c.AveragePrecision), TableCell.Count(c.NumPositives),
                    TableCell.Count(c.NumDifficult), TableCell.Count(c.NumDetections), TableCell.Count(c.TruePositives), TableCell.Count(c.FalsePositives),
                    TableCell.Number(b?.F1), TableCell.Number(b?.Threshold), TableCell.Number(b?.Precision), TableCell.Number(b?.Recall),
                ],
                k,
                c.Name,
                c.NumPositives > 0 ? envelopes[k] : null));
        }

        return new TableSection("classes", "Per class", columns, rows, "envelope") { Note = "One row per class; click a header to sort. The sparkline is the class's precision envelope against recall." };
    }

    private static FigureSection Confidence(VocResult result, RankedCurve[] curves, (double Threshold, double Precision, double Recall, double F1)?[] best, List<int> withPositives, string iouText)
    {
        var grid = ConfidenceSweep.Grid(curves);
        var classes = withPositives
            .Select(k => new PageParts.ClassSweep(k, result.Classes[k].Name, ConfidenceSweep.Of(curves[k], grid), best[k] is { } b ? (b.Threshold, b.F1) : null))
            .ToList();
        return PageParts.Confidence("confidence", "F1, precision and recall against confidence", classes, ConfidenceSweep.Mean([.. classes.Select(c => c.Sweep)]), iouText);
    }
}
