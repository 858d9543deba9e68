using System.Globalization;
using DetEval.Metrics;

namespace DetEval.Reports.Html;

/// <summary>The pages of a SAM evaluation: automatic mask generation (class-agnostic COCO numbers) and prompted segmentation.</summary>
internal static class SamPage
{
    private const string AutoConventions =
        "SAM automatic mask generation, class-agnostic COCO segm evaluation (pycocotools rules: greedy by descending score, IoU >= t, "
        + "101-point interpolated precision) at max detections 10, 100 and 1000, every number read at 1000; best IoU: per ground-truth "
        + "mask the highest IoU of any generated mask of its image; – where undefined.";

    private const string PromptConventions =
        "SAM prompted segmentation: per prompt the top-1 mask is the one with the highest predicted IoU (the first on ties), the oracle "
        + "mask the one with the highest true IoU; mIoU and oracle mIoU are means over prompts; calibration compares the top-1 mask's "
        + "predicted IoU with its IoU (mean absolute error, Pearson r); – where undefined.";

    public static HtmlDocument Build(SamAutoResult result, HtmlReportOptions options)
    {
        var coco = result.Coco;
        var stats = result.Stats.ToArray();
        var metrics = new List<Headline>();
        for (int i = 0; i < stats.Length; i++)
        {
            metrics.Add(new Headline(SamAutoStats.Names[i], stats[i], JsonPath: "stats/" + SamAutoStats.Names[i]));
        }

        metrics.Add(new Headline("best IoU", result.MeanBestIou, "mean over ground-truth masks of the best IoU of any generated mask", JsonPath: "bestIoU/mean"));
        for (int i = 0; i < SamMetrics.Thresholds.Count; i++)
        {
            string key = SamMetrics.Key(SamMetrics.Thresholds[i]);
            metrics.Add(new Headline("recall@" + key, result.RecallAt[i], $"share of ground-truth masks whose best IoU is >= {key}", JsonPath: "bestIoU/recallAt/" + key));
        }

        metrics.Add(new Headline("paired images", result.Paired, Format: "N0", JsonPath: "images/paired"));
        metrics.Add(new Headline("GT masks", result.GroundTruthMasks, Format: "N0", JsonPath: "counts/gtMasks"));
        metrics.Add(new Headline("generated masks", result.PredictedMasks, Format: "N0", JsonPath: "counts/predictedMasks"));

        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Headline numbers", metrics),
            PrecisionRecall(coco),
            Confidence(coco),
            WorstImages(result, options.WorstImages),
        };
        return new HtmlDocument(
            "DetEval report: SAM automatic masks",
            string.Create(CultureInfo.InvariantCulture, $"SAM automatic mask generation · {result.GroundTruthImages} images · ranked by {SamJsonReport.ScoreName(result.Score)}"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [("score", SamJsonReport.ScoreName(result.Score)), ("IoU thresholds", PageParts.List(coco.Options.IouThresholds)), ("max detections", string.Join(", ", coco.Options.MaxDetections.Select(m => HtmlBuilder.Count(m))))],
            AutoConventions,
            sections);
    }

    public static HtmlDocument Build(SamPromptResult result, HtmlReportOptions options)
    {
        var metrics = new List<Headline>
        {
            new("prompts", result.Prompts, Format: "N0", JsonPath: "prompts"),
            new("mIoU", result.MeanIou, "mean over prompts of the top-1 mask's IoU", JsonPath: "mIoU"),
            new("oracle mIoU", result.OracleMeanIou, "mean over prompts of the best mask's IoU", JsonPath: "oracleMIoU"),
        };
        for (int i = 0; i < SamMetrics.Thresholds.Count; i++)
        {
            string key = SamMetrics.Key(SamMetrics.Thresholds[i]);
            metrics.Add(new Headline("IoU>=" + key, result.IouAtLeast[i], $"share of prompts whose top-1 IoU is >= {key}", JsonPath: "iouAtLeast/" + key));
        }

        metrics.Add(new Headline("calibration MAE", result.CalibrationMae, "mean |predicted IoU - IoU| of the top-1 masks", JsonPath: "calibration/mae"));
        metrics.Add(new Headline("calibration r", result.CalibrationPearson, "Pearson r of (predicted IoU, IoU) of the top-1 masks", JsonPath: "calibration/pearson"));

        double[] top = [.. result.Outcomes.Select(o => o.TopIou)];
        double[] oracle = [.. result.Outcomes.Select(o => o.OracleIou)];
        double[] grid = NumpyMath.Linspace(0, 1, 101);
        var share = new LineFigure(
            "iou-share",
            "Share of prompts whose IoU is at least the threshold",
            "IoU threshold",
            "Share of prompts",
            new SvgAxes(0, 1, 0, 1),
            [
                new LineSeries(grid, [.. grid.Select(t => SamMetrics.FractionAtLeast(top, t))], "s0", "top-1 mask"),
                new LineSeries(grid, [.. grid.Select(t => SamMetrics.FractionAtLeast(oracle, t))], "s1", "oracle (best) mask"),
            ],
            []);
        TableColumn[] columns = [new("image"), new("ground truth"), new("top-1 mask"), new("IoU"), new("predicted IoU"), new("oracle IoU")];
        var worst = result.Outcomes
            .Select((o, i) => (o, i))
            .OrderBy(x => x.o.TopIou)
            .ThenBy(x => x.i)
            .Take(options.WorstImages)
            .Select(x => new TableRow([
                TableCell.Count(x.o.ImageId), TableCell.Count(x.o.GtId), TableCell.Count(x.o.TopIndex), TableCell.Number(x.o.TopIou),
                TableCell.Number(x.o.TopPredictedIou), TableCell.Number(x.o.OracleIou)]))
            .ToList();
        var sections = new List<HtmlSection>
        {
            new HeadlineSection("headline", "Headline numbers", metrics),
            new FigureSection("iou", "IoU of the prompts", [share]) { Note = "For each threshold, the share of prompts whose top-1 (or oracle) mask reaches it." },
            new TableSection("worst", "Worst prompts", columns, worst) { Note = $"The {worst.Count} prompts with the lowest top-1 IoU." },
        };
        return new HtmlDocument(
            "DetEval report: SAM prompts",
            string.Create(CultureInfo.InvariantCulture, $"SAM prompted segmentation · {result.Prompts} prompts"),
            [.. options.Inputs.Select(i => (i.Key, i.Value))],
            [("thresholds", PageParts.List(SamMetrics.Thresholds))],
            PromptConventions,
            sections);
    }

    private static FigureSection PrecisionRecall(CocoResult coco)
    {
        var recall = coco.Options.RecallThresholds;
        var series = new List<LineSeries>();
        var thresholds = coco.Options.IouThresholds;
        string range = string.Create(CultureInfo.InvariantCulture, $"IoU {thresholds[0]:0.00}:{thresholds[^1]:0.00}");
        void Add(double? iou, int area, string style, string label)
        {
            if (PrecisionRecallCurves.Interpolated(coco, 0, iou, area) is double[] p)
            {
                series.Add(new LineSeries(recall, p, style, label));
            }
        }

        var areas = coco.Options.AreaRanges;
        for (int a = 1; a < areas.Count; a++)
        {
            Add(null, a, "s" + (a + 3).ToString(CultureInfo.InvariantCulture), $"{areas[a].Label}, {range}");
        }

        Add(0.5, 0, "s2", "IoU 0.50");
        Add(0.75, 0, "s1", "IoU 0.75");
        Add(null, 0, "mean", range + " (mean over thresholds)");
        var figure = new LineFigure("pr-masks", "Interpolated precision against recall of the generated masks, max detections " + HtmlBuilder.Count(coco.Options.MaxDetections[^1]), "Recall", "Precision", new SvgAxes(0, 1, 0, 1), series, []);
        return new FigureSection("pr", "Precision-recall curves", [figure]);
    }

    private static FigureSection Confidence(CocoResult coco)
    {
        var curve = coco.GetCurve(0, coco.IouThresholdIndex(0.5));
        var sweep = ConfidenceSweep.Of(curve, ConfidenceSweep.Grid([curve]));
        return PageParts.Confidence("confidence", "F1, precision and recall against the mask score", [], sweep, "IoU 0.50, area all", "generated masks");
    }

    private static TableSection WorstImages(SamAutoResult result, int count)
    {
        TableColumn[] columns = [new("image", false), new("GT masks"), new("generated masks"), new("best IoU", Title: "mean over the image's ground-truth masks of the best IoU")];
        var rows = result.Images
            .Where(i => i.GroundTruthMasks > 0)
            .OrderBy(i => i.MeanBestIou)
            .ThenBy(i => i.Stem, StringComparer.Ordinal)
            .Take(count)
            .Select(i => new TableRow([TableCell.Label(i.Stem), TableCell.Count(i.GroundTruthMasks), TableCell.Count(i.Predictions), TableCell.Number(i.MeanBestIou)]))
            .ToList();
        return new TableSection("worst", "Worst images", columns, rows) { Note = $"The {rows.Count} images with the lowest mean best IoU over their ground-truth masks." };
    }
}
