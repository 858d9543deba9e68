using System.Globalization;

namespace DetEval.Reports.Html;

/// <summary>
/// The page of a SAM 3 concept-segmentation evaluation (<c>deteval sam --mode concept --out</c>): the 26 numbers of
/// report.json and the pair counts, the instance metrics against the IoU threshold, the image-level outcomes, the
/// phrases and the pairs worst first.
/// </summary>
internal static class SamConceptPage
{
    /// <summary>How many of the worst phrases the score bars show.</summary>
    private const int PhraseBars = 30;

    private const string Conventions =
        "sam3's CGF1Evaluator: per (image, noun phrase) pair, the predictions scoring at least the threshold against the non-crowd instances, "
        + "one Hungarian assignment maximising the summed IoU, TP(t) = assigned pairs with IoU >= t at t = 0.50:0.05:0.95, FP = D - TP, FN = G - TP; "
        + "a pair is an image-level TP (instances and kept predictions), FP (predictions only), FN (instances only) or TN (neither); "
        + "precision = TP/(TP+FP+1e-4), recall = TP/(TP+FN+1e-4), F1 = 2PR/(P+R+1e-4), summed over the evaluated pairs; positive_micro_* count only "
        + "the FPs of image-level TP pairs; IL_MCC is the Matthews correlation of the pair counts (+1e-6); cgF1(t) = positive_micro_F1(t) · IL_MCC; "
        + "each instance metric is the mean over t of its defined values (cgF1 the mean of the products); with several ground-truth files the "
        + "oracle keeps per pair a true negative, else the annotator of the highest mean local F1 (the first on ties); fractions; – where the "
        + "reference gives -1 or NaN.";

    public static HtmlDocument Build(SamConceptResult result, HtmlReportOptions options)
    {
        string iou = result.Options.IouType == IouType.Bbox ? "bbox" : "segm";
        var m = result.Metrics;
        string[] headline = ["cgF1", "positive_micro_F1", "IL_MCC"];
        var metrics = headline
            .Concat(SamConceptResult.InstanceMetricNames.Where(n => !headline.Contains(n)))
            .Concat(SamConceptResult.ImageLevelMetricNames.Where(n => !headline.Contains(n)))
            .Select(n => new Headline(n, m[n], Title(n), JsonPath: n))
            .Concat(
            [
                new("pairs", result.PairCount, "evaluated (image, noun phrase) pairs", Format: "N0", JsonPath: "pairs/evaluated"),
                new("IL TP", result.TruePositivePairs, "pairs with instances and kept predictions", Format: "N0", JsonPath: "pairs/truePositive"),
                new("IL FP", result.FalsePositivePairs, "pairs with kept predictions but no instance", Format: "N0", JsonPath: "pairs/falsePositive"),
                new("IL TN", result.TrueNegativePairs, "pairs with neither", Format: "N0", JsonPath: "pairs/trueNegative"),
                new("IL FN", result.FalseNegativePairs, "pairs with instances but no kept prediction", Format: "N0", JsonPath: "pairs/falseNegative"),
            ])
            .ToList();
        var atThresholds = (string[])["@0.5", "@0.75"];
        var single = atThresholds
            .SelectMany(at => SamConceptResult.InstanceMetricNames.Select(n => new Headline(n + at, m[n + at], $"{n} at IoU {at[1..]} only", JsonPath: n + at)))
            .ToList();
        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Headline numbers", metrics)
            {
                Note = "cgF1, positive_micro_F1 and the other instance metrics are means over the 10 IoU thresholds; the image-level (IL_) metrics are computed once over the pairs.",
            },
            new HeadlineSection("at-thresholds", "At IoU 0.5 and 0.75", single) { Note = "The instance metrics at one IoU threshold (the reference's name@0.5 and name@0.75)." },
            Curves(result),
            Outcomes(result),
            Phrases(result),
        };
        var bars = result.Phrases.Take(PhraseBars)
            .Select(p => new Bar(p.Phrase, p.Score, HtmlBuilder.Display(p.Score), string.Create(CultureInfo.InvariantCulture, $"{p.Phrase}: score {HtmlBuilder.Display(p.Score)} over {p.Pairs} pairs ({p.TruePositivePairs} TP, {p.FalsePositivePairs} FP, {p.TrueNegativePairs} TN, {p.FalseNegativePairs} FN)")))
            .ToList();
        if (bars.Count > 0)
        {
            sections.Add(new BarSection("phrase-bars", "Score per phrase", [($"Score of the {bars.Count} worst phrases", bars)])
            {
                Note = "A phrase's score is the mean over its pairs of the oracle's pair measure: 1 for an image-level TN, else the mean over the thresholds of the pair's local F1 (0 for an image-level FP or FN).",
            });
        }

        sections.Add(WorstPairs(result, options.WorstImages));
        return new HtmlDocument(
            "DetEval report: SAM 3 concept segmentation",
            string.Create(CultureInfo.InvariantCulture, $"SAM 3 concept segmentation ({iou}) · {result.PairCount} pairs · {result.Phrases.Count} phrases"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [
                ("IoU type", iou),
                ("score threshold", "predictions with score >= " + result.Options.ScoreThreshold.ToString("R", CultureInfo.InvariantCulture) + " are kept"),
                ("IoU thresholds", PageParts.List(result.IouThresholds)),
            ],
            Conventions,
            sections);
    }

    private static string? Title(string name) => name switch
    {
        "cgF1" => "mean over the IoU thresholds of positive_micro_F1(t) · IL_MCC",
        "positive_micro_F1" => "micro F1 of positive_micro_precision and recall, mean over the IoU thresholds",
        "IL_MCC" => "image-level Matthews correlation coefficient of the pair counts",
        "positive_macro_F1" => "mean local F1 of the image-level TP pairs, mean over the IoU thresholds",
        "positive_micro_precision" => "TP/(TP+FP+1e-4) counting only the FPs of image-level TP pairs, mean over the IoU thresholds",
        "IL_FPR" => "image-level false-positive rate: FP/(FP+TN+1e-6) over pairs",
        _ => null,
    };

    /// <summary>The instance metrics per IoU threshold, as the reference computes them before averaging.</summary>
    private static FigureSection Curves(SamConceptResult result)
    {
        var t = result.IouThresholds;
        var axes = new SvgAxes(t[0], t[^1], 0, 1);
        var per = result.PerThreshold;
        var all = new LineFigure(
            "iou-all",
            "Precision, recall and F1 over every evaluated pair against the IoU threshold",
            "IoU threshold",
            "Value",
            axes,
            [new(t, per["precision"], "s0", "precision"), new(t, per["recall"], "s1", "recall"), new(t, per["F1"], "s2", "F1")],
            []);
        var positive = new LineFigure(
            "iou-positive",
            "The positive-pair metrics and cgF1 against the IoU threshold",
            "IoU threshold",
            "Value",
            axes,
            [
                new(t, per["positive_micro_precision"], "s3", "positive_micro_precision"),
                new(t, per["positive_micro_F1"], "s4", "positive_micro_F1"),
                new(t, per["positive_macro_F1"], "s5", "positive_macro_F1"),
                new(t, per["cgF1"], "mean", "cgF1 = positive_micro_F1 · IL_MCC " + HtmlBuilder.Display(result.IlMcc)),
            ],
            []);
        return new FigureSection("iou", "Instance metrics against the IoU threshold", [all, positive])
        {
            Note = "The per-threshold values of report.json's perThreshold; the headline numbers are their means. A threshold where a metric is undefined (no image-level TP pair) has no point.",
        };
    }

    private static BarSection Outcomes(SamConceptResult result)
    {
        Bar Of(string label, int count, string what) => new(label, count, HtmlBuilder.Count(count), string.Create(CultureInfo.InvariantCulture, $"{count} pairs {what}"));
        return new BarSection("outcomes", "Image-level outcomes", [($"The {result.PairCount} evaluated pairs at the image level", [
            Of("TP", result.TruePositivePairs, "with instances and kept predictions"),
            Of("FP", result.FalsePositivePairs, "with kept predictions but no instance"),
            Of("TN", result.TrueNegativePairs, "with neither"),
            Of("FN", result.FalseNegativePairs, "with instances but no kept prediction"),
        ])]) { Note = "Whether the model says the phrase is present (kept predictions) against whether it is (instances): the counts behind IL_MCC." };
    }

    private static TableSection Phrases(SamConceptResult result)
    {
        var (at50, at75) = SamConceptReport.ThresholdColumns(result);
        TableColumn[] columns =
        [
            new("phrase", false), new("pairs"), new("TP pairs", Title: "image-level true positives"), new("FP pairs", Title: "image-level false positives"),
            new("TN pairs", Title: "image-level true negatives"), new("FN pairs", Title: "image-level false negatives"), new("predictions", Title: "kept predictions"),
            new("instances", Title: "non-crowd instances"), new("TP@0.5"), new("TP@0.75"), new("score", Title: "mean over the phrase's pairs of the oracle's pair measure"),
        ];
        var rows = result.Phrases.Select((p, k) => new TableRow(
            [
                TableCell.Label(p.Phrase), TableCell.Count(p.Pairs), TableCell.Count(p.TruePositivePairs), TableCell.Count(p.FalsePositivePairs),
                TableCell.Count(p.TrueNegativePairs), TableCell.Count(p.FalseNegativePairs), TableCell.Count(p.Predictions), TableCell.Count(p.Truths),
                TableCell.Count(at50 < 0 ? null : p.TruePositives[at50]), TableCell.Count(at75 < 0 ? null : p.TruePositives[at75]), TableCell.Number(p.Score),
            ],
            k,
            p.Phrase)).ToList();
        return new TableSection("phrases", "Per phrase", columns, rows) { Note = "One row per noun phrase (phrases.csv), the lowest score first; click a header to sort." };
    }

    private static TableSection WorstPairs(SamConceptResult result, int count)
    {
        var (at50, at75) = SamConceptReport.ThresholdColumns(result);
        TableColumn[] columns =
        [
            new("pair"), new("file", false), new("phrase", false), new("outcome", false), new("annotator", Title: "the ground-truth file the oracle kept (0 = the first)"),
            new("predictions"), new("instances"), new("TP@0.5"), new("TP@0.75"), new("score", Title: "the oracle's pair measure"),
        ];
        var rows = result.Pairs.OrderBy(p => p.Score).Take(count).Select(p => new TableRow(
            [
                TableCell.Count(p.PairId), TableCell.Label(p.FileName), TableCell.Label(p.Phrase), TableCell.Label(SamConceptReport.OutcomeName(p.Outcome)),
                TableCell.Count(p.Annotator), TableCell.Count(p.Predictions), TableCell.Count(p.Truths),
                TableCell.Count(at50 < 0 ? null : p.TruePositives[at50]), TableCell.Count(at75 < 0 ? null : p.TruePositives[at75]), TableCell.Number(p.Score),
            ])).ToList();
        return new TableSection("worst", "Worst pairs", columns, rows) { Note = $"The {rows.Count} pairs with the lowest score (pairs.csv's first rows)." };
    }
}
