using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>TIDE's error breakdown: a page of its own (<c>deteval tide</c>) and a section of a COCO page (<c>coco --tide</c>).</summary>
internal static class TidePage
{
    private const string Conventions =
        "tidecv 1.0.1: its own AP at IoU 0.5 (101 recall points); every false positive gets one error type (Cls, Loc, Both, Dupe, Bkg) and a "
        + "ground truth no error explains is Missed; dAP of a type = AP with only those errors fixed (an oracle) minus AP, clipped at 0; "
        + "the special errors score every false positive 0 (FalsePos) or drop every false negative (FalseNeg), not clipped.";

    private static readonly string[] TypeTitles =
    [
        "Cls: right place, wrong class", "Loc: right class, IoU between the background and positive thresholds",
        "Both: wrong class and badly localised", "Dupe: a ground truth already matched", "Bkg: no ground truth near",
        "Missed: ground truths no error explains",
    ];

    /// <summary>The headline numbers and the bars, in the file <paramref name="jsonFile"/> (report.json or tide.json).</summary>
    public static IEnumerable<HtmlSection> Breakdown(TideResult result, string jsonFile)
    {
        var types = Enum.GetValues<TideErrorType>();
        var metrics = new List<Headline> { new("TIDE AP50", result.AP50, "tidecv's own AP at IoU 0.5", JsonPath: "AP50") };
        foreach (var type in types)
        {
            string name = TideReport.MainErrorNames[(int)type];
            metrics.Add(new Headline("d" + name, result.DeltaAP(type), TypeTitles[(int)type], JsonPath: "mainErrors/" + name));
        }

        metrics.Add(new Headline("dFalsePos", result.FalsePositiveDeltaAP, "AP with every false positive scored 0, minus AP", JsonPath: "specialErrors/FalsePos"));
        metrics.Add(new Headline("dFalseNeg", result.FalseNegativeDeltaAP, "AP with every false negative removed, minus AP", JsonPath: "specialErrors/FalseNeg"));
        yield return new HeadlineSection("tide", "TIDE error breakdown", metrics, JsonFile: jsonFile)
        {
            Note = "How much AP at IoU 0.5 each kind of error costs: the AP gained by fixing only those errors (tidecv's dAP, as a fraction).",
        };
        var main = types
            .Select(t => new Bar(TideReport.MainErrorNames[(int)t], result.DeltaAP(t), string.Create(CultureInfo.InvariantCulture, $"{HtmlBuilder.Display(result.DeltaAP(t))} ({result.ErrorCount(t)} errors)"), TypeTitles[(int)t]))
            .ToList();
        Bar[] special =
        [
            new("FalsePos", result.FalsePositiveDeltaAP, HtmlBuilder.Display(result.FalsePositiveDeltaAP)),
            new("FalseNeg", result.FalseNegativeDeltaAP, HtmlBuilder.Display(result.FalseNegativeDeltaAP)),
        ];
        yield return new BarSection("tide-bars", "TIDE errors", [("Main errors: dAP (error count)", main), ("Special errors: dAP", special)]);
    }

    public static HtmlDocument Build(TideResult result, HtmlReportOptions options)
    {
        var sections = new List<HtmlSection>(Breakdown(result, "tide.json")) { Classes(result) };
        string kind = result.Options.IouType.ToString().ToLowerInvariant();
        return new HtmlDocument(
            $"DetEval report: TIDE {kind}",
            string.Create(CultureInfo.InvariantCulture, $"TIDE {kind} · {result.ImageCount} images · {result.Classes.Count} classes"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [
                ("positive threshold", result.Options.PositiveThreshold.ToString("0.##", CultureInfo.InvariantCulture)),
                ("background threshold", result.Options.BackgroundThreshold.ToString("0.##", CultureInfo.InvariantCulture)),
                ("max detections", HtmlBuilder.Count(result.Options.MaxDetections)),
            ],
            Conventions,
            sections);
    }

    private static TableSection Classes(TideResult result)
    {
        TableColumn[] columns =
        [
            new("class", false), new("id"), new("AP50", Title: "tidecv's AP at IoU 0.5"), new("GT"), new("detections"), new("TP"),
            .. TideReport.MainErrorNames.Select((n, t) => new TableColumn(n, Title: TypeTitles[t])),
        ];
        var rows = result.Classes.Select((c, k) => new TableRow(
            [
                TableCell.Label(c.Name ?? HtmlBuilder.Count(c.CategoryId)), TableCell.Count(c.CategoryId), TableCell.Number(c.AP50),
                TableCell.Count(c.NumGroundTruths), TableCell.Count(c.NumDetections), TableCell.Count(c.NumTruePositives),
                .. c.ErrorCounts.Select(n => TableCell.Count(n)),
            ],
            k,
            c.Name)).ToList();
        return new TableSection("classes", "Per class", columns, rows) { Note = "Each class's AP and its errors by type (detections of the class; Missed: its ground truths)." };
    }
}
