using System.Globalization;
using DetEval.Metrics;

namespace DetEval.Reports.Html;

/// <summary>The page of an LVIS evaluation (<c>deteval lvis --out</c>): lvis-api's 13 results, the frequency groups and the COCO engine's curves.</summary>
internal static class LvisPage
{
    private const string Conventions =
        "lvis-api LVISEval: per image only the categories it is annotated for (its ground truths and its negative list) are "
        + "evaluated; detections of a not-exhaustively-annotated category that match no ground truth are ignored; at most 300 "
        + "detections per image over all categories; otherwise COCOeval's matching and 101-point interpolated precision; APr, APc, APf "
        + "are the AP over the rare, common and frequent categories; – where a category or group has no ground truth (the reference's -1).";

    private static readonly string[] GroupNames = ["rare", "common", "frequent"];

    public static HtmlDocument Build(LvisResult result, HtmlReportOptions options)
    {
        var coco = result.Coco;
        var categories = LvisReport.Categories(result);
        int f1Threshold = coco.IouThresholdIndex(options.Report.F1IouThreshold);
        double f1Iou = coco.Options.IouThresholds[f1Threshold];
        var curves = new List<RankedCurve>(coco.Categories.Count);
        var rows = ClassReport.Build(coco, categories, f1Iou, curves);
        var names = rows.Select(r => r.Class).ToArray();
        var values = result.Stats.ToArray();
        var statNames = result.StatNames;
        var metrics = values.Select((v, i) => new Headline(statNames[i], v, JsonPath: "stats/" + statNames[i])).ToList();
        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Headline numbers", metrics) { Note = "lvis-api's 13 results (LVISEval.results)." },
            Groups(result),
            Classes(result, rows, f1Iou),
            CocoPage.PrecisionRecall(coco, names, f1Iou),
            CocoPage.Confidence(coco, rows, curves, "IoU " + f1Iou.ToString("0.00", CultureInfo.InvariantCulture)),
        };
        string kind = CocoPage.IouTypeName(result.Options.IouType);
        return new HtmlDocument(
            $"DetEval report: LVIS {kind}",
            string.Create(CultureInfo.InvariantCulture, $"LVIS {kind} · {result.ImageCount} images · {result.CategoryIds.Count} categories"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [
                ("IoU type", kind),
                ("IoU thresholds", PageParts.List(coco.Options.IouThresholds)),
                ("recall thresholds", HtmlBuilder.Count(coco.Options.RecallThresholds.Count)),
                ("max detections", HtmlBuilder.Count(result.Options.MaxDetectionsPerImage) + " per image, over all categories"),
                ("area ranges", string.Join(", ", coco.Options.AreaRanges.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Label} [{a.Min:G6}, {a.Max:G6}]")))),
            ],
            Conventions,
            sections);
    }

    private static TableSection Groups(LvisResult result)
    {
        TableColumn[] columns =
        [
            new("group", false), new("AP", Title: "AP over the group's categories"), new("categories"),
            new("with GT", Title: "categories with ground truth (the others have no AP)"), new("GT"), new("detections"),
        ];
        var rows = LvisReport.FrequencyGroups(result).Select((g, f) => new TableRow(
            [
                TableCell.Label(GroupNames[f]), TableCell.Number(g.AP), TableCell.Count(g.Categories), TableCell.Count(g.CategoriesWithGroundTruth),
                TableCell.Count(g.GroundTruths), TableCell.Count(g.Detections),
            ])).ToList();
        return new TableSection("groups", "Frequency groups", columns, rows) { Note = "The categories by how many training images they appear in (frequency_groups.csv)." };
    }

    private static TableSection Classes(LvisResult result, IReadOnlyList<ClassReportRow> rows, double f1Iou)
    {
        string at = f1Iou.ToString("0.00", CultureInfo.InvariantCulture);
        string ar = result.StatNames[9];
        TableColumn[] columns =
        [
            new("class", false), new("id"), new("group", false, "frequency group: r(are), c(ommon), f(requent)"),
            new("AP", Title: "AP @[.50:.95], area all"), new("AP50"), new("AP75"), new(ar), new("GT"), new("detections"),
            new("best F1", Title: $"the highest F1 along the ranked curve at IoU {at}"), new("at score", Title: "the score threshold of the best F1"),
            new("P", Title: "precision at that threshold"), new("R", Title: "recall at that threshold"),
        ];
        var table = new List<TableRow>(rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            var c = result.Categories[k];
            var row = rows[k];
            table.Add(new TableRow(
                [
                    TableCell.Label(row.Class), TableCell.Count(c.CategoryId), TableCell.Label("rcf"[(int)c.Frequency].ToString()),
                    TableCell.Number(c.AP), TableCell.Number(c.AP50), TableCell.Number(c.AP75), TableCell.Number(c.AR),
                    TableCell.Count(c.NumGroundTruths), TableCell.Count(c.NumDetections),
                    TableCell.Number(row.F1), TableCell.Number(row.BestF1Threshold), TableCell.Number(row.Precision), TableCell.Number(row.Recall),
                ],
                k,
                row.Class,
                PrecisionRecallCurves.Interpolated(result.Coco, k, f1Iou)));
        }

        return new TableSection("classes", "Per class", columns, table, "PR @" + at)
        {
            Note = $"One row per category; click a header to sort. The sparkline is the class's interpolated precision against recall at IoU {at}.",
        };
    }
}
