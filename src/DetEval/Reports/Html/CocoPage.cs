using System.Globalization;
using DetEval.Metrics;

namespace DetEval.Reports.Html;

/// <summary>The page of a COCO evaluation (bbox, segm and the other IoU types on the COCO engine).</summary>
internal static class CocoPage
{
    /// <summary>The conventions line of a COCO page.</summary>
    internal const string Conventions =
        "pycocotools COCOeval: detections matched greedily by descending score (stable sort), a match needs IoU >= t; crowd ground truths "
        + "absorb detections and are never missed; precision made monotone right to left and sampled at the recall thresholds "
        + "(101 points, left search); AP is the mean over the samples; – where a class has no ground truth (the reference's -1).";

    /// <summary>What a keypoint page adds to <see cref="Conventions"/>.</summary>
    private const string KeypointConventions =
        " Keypoints: the IoU is OKS (per keypoint exp(-d²/(2s²κ²)) over the labelled keypoints, s² the ground truth's area), the 10 numbers of _summarizeKps at 20 detections per image.";

    public static HtmlDocument Build(CocoResult result, DetectionDataset dataset, DetectionSet? detections, HtmlReportOptions options)
    {
        var categories = dataset.Categories;
        var report = options.Report;
        int f1Threshold = result.IouThresholdIndex(report.F1IouThreshold);
        double f1Iou = result.Options.IouThresholds[f1Threshold];
        string iouText = "IoU " + f1Iou.ToString("0.00", CultureInfo.InvariantCulture);
        var curves = new List<RankedCurve>(result.Categories.Count);
        var rows = ClassReport.Build(result, categories, f1Iou, curves);
        var names = rows.Select(r => r.Class).ToArray();

        // The bootstrap's numbers are the 12 detection stats: a keypoint page (10 other numbers) shows no intervals.
        var bootstrap = result.KeypointStats is null ? options.Bootstrap : null;
        var sections = new List<HtmlSection>
        {
            Headline(result, bootstrap),
            Classes(result, rows, f1Iou, bootstrap),
            PrecisionRecall(result, names, f1Iou),
            Confidence(result, rows, curves, iouText),
        };
        if (detections is not null)
        {
            var matrix = ConfusionMatrix.Compute(dataset, detections, report.ConfusionIouThreshold, report.ConfusionScoreThreshold);
            var counts = new long[matrix.Size * matrix.Size];
            for (int g = 0; g < matrix.Size; g++)
            {
                for (int p = 0; p < matrix.Size; p++)
                {
                    counts[(g * matrix.Size) + p] = matrix[g, p];
                }
            }

            sections.Add(new ConfusionSection("confusion", "Confusion matrix", matrix.Labels, counts)
            {
                Note = string.Create(CultureInfo.InvariantCulture, $"At IoU {matrix.IouThreshold:0.##} and score >= {matrix.ScoreThreshold:0.##}: per image, detections in descending score order each take the unmatched ground truth of their own class with the highest IoU, else of any class (a confusion). Classes in category-id order. Box IoU.")
            });
        }

        sections.Add(WorstImages(result, dataset, options.WorstImages));
        if (options.Tide is TideResult tide)
        {
            sections.AddRange(TidePage.Breakdown(tide, "tide.json"));
        }

        if (options.KeypointErrors is { Count: > 0 } keypointErrors)
        {
            sections.AddRange(Keypoints(keypointErrors));
        }

        var inputs = options.Inputs.Count > 0
            ? options.Inputs.Select(i => (i.Key, i.Value)).ToList()
            : [("ground truth", dataset.Source), .. detections is null ? [] : new[] { ("detections", detections.Source) }];
        string kind = IouTypeName(result.Options.IouType);
        return new HtmlDocument(
            $"DetEval report: COCO {kind}",
            string.Create(CultureInfo.InvariantCulture, $"COCO {kind} · {result.ImageCount} images · {result.CategoryIds.Count} categories"),
            inputs,
            OptionFacts(result, report, f1Iou),
            result.KeypointStats is null ? Conventions : Conventions + KeypointConventions,
            sections);
    }

    internal static string IouTypeName(IouType type) => type.ToString().ToLowerInvariant();

    internal static List<(string, string)> OptionFacts(CocoResult result, ReportOptions report, double f1Iou)
    {
        var o = result.Options;
        return
        [
            ("IoU type", IouTypeName(o.IouType)),
            ("IoU thresholds", PageParts.List(o.IouThresholds)),
            ("recall thresholds", HtmlBuilder.Count(o.RecallThresholds.Count)),
            ("max detections", string.Join(", ", o.MaxDetections.Select(m => HtmlBuilder.Count(m)))),
            ("area ranges", string.Join(", ", o.AreaRanges.Select(a => string.Create(CultureInfo.InvariantCulture, $"{a.Label} [{a.Min:G6}, {a.Max:G6}]")))),
            ("use categories", o.UseCategories ? "yes" : "no (useCats=0)"),
            ("fixes", (o.HonorIgnoreFlag ? "honor ignore; " : "") + (o.SummaryUsesLastMaxDetections ? "summary at the last max detections" : "none (as the reference)")),
            ("report", string.Create(CultureInfo.InvariantCulture, $"best F1 at IoU {f1Iou:0.00}; confusion matrix at IoU {report.ConfusionIouThreshold:0.##}, score >= {report.ConfusionScoreThreshold:0.##}")),
        ];
    }

    private static HeadlineSection Headline(CocoResult result, BootstrapResult? bootstrap)
    {
        bool keypoints = result.KeypointStats is not null;
        var values = result.KeypointStats?.ToArray() ?? result.Stats.ToArray();
        var names = keypoints ? CocoKeypointStats.Names : CocoStats.Names;
        var titles = keypoints ? KeypointStatTitles : StatTitles;
        var metrics = new List<Headline>();
        for (int i = 0; i < values.Length; i++)
        {
            string name = names[i];
            metrics.Add(new Headline(name, values[i], titles[i], bootstrap is null ? null : Range(bootstrap.Interval(name)), JsonPath: "stats/" + name));
        }

        string what = keypoints ? "pycocotools' 10 keypoint summary numbers (COCOeval.stats, iouType keypoints)." : "pycocotools' 12 summary numbers (COCOeval.stats).";
        return new HeadlineSection("headline", "Headline numbers", metrics, IntervalLabel(bootstrap))
        {
            Note = what + (bootstrap is null ? "" : " " + BootstrapNote(bootstrap, result.ImageCount)),
        };
    }

    /// <summary>The per-keypoint errors: a table (worst first) and, per category, one bar per keypoint.</summary>
    private static IEnumerable<HtmlSection> Keypoints(IReadOnlyList<KeypointErrorRow> errors)
    {
        TableColumn[] columns =
        [
            new("class", false), new("category id"), new("keypoint", Title: "its index in the category's keypoint list"), new("name", false),
            new("matched", Title: "true positives at OKS 0.5 that label this keypoint"), new("similarity", Title: "mean OKS term exp(-e) over those pairs"),
            new("error", Title: "1 - similarity"),
        ];
        var rows = errors
            .OrderByDescending(r => r.Error ?? double.NegativeInfinity)
            .Select(r => new TableRow(
            [
                TableCell.Label(r.Class), TableCell.Count(r.CategoryId), TableCell.Count(r.Keypoint), TableCell.Label(r.Name),
                TableCell.Count(r.Count), TableCell.Number(r.Similarity), TableCell.Number(r.Error),
            ]))
            .ToList();
        yield return new TableSection("keypoints", "Per-keypoint errors", columns, rows)
        {
            Note = "Which keypoints are placed worst: per category and keypoint, the mean OKS term over the true positives at OKS 0.5 (keypoints.csv), the largest error first.",
        };
        var groups = errors
            .GroupBy(r => (r.CategoryId, r.Class))
            .Select(g => ($"{g.Key.Class}: error per keypoint (1 - mean OKS term)", (IReadOnlyList<Bar>)[.. g.Where(r => r.Error is not null).Select(r => new Bar(r.Name, r.Error!.Value, HtmlBuilder.Display(r.Error!.Value), string.Create(CultureInfo.InvariantCulture, $"{r.Name}: {r.Count} matched")))]))
            .Where(g => g.Item2.Count > 0)
            .ToList();
        if (groups.Count > 0)
        {
            yield return new BarSection("keypoint-bars", "Keypoint errors", groups);
        }
    }

    internal static Interval Range(ConfidenceInterval interval) => new(interval.Low, interval.High, interval.Resamples);

    internal static string IntervalLabel(BootstrapResult? bootstrap) =>
        bootstrap is null ? "CI" : string.Create(CultureInfo.InvariantCulture, $"{bootstrap.Options.Confidence * 100:0.##}% CI");

    private static string BootstrapNote(BootstrapResult bootstrap, int images) => string.Create(
        CultureInfo.InvariantCulture,
        $"Intervals: {bootstrap.Options.Confidence * 100:0.##}% percentile bootstrap over {bootstrap.Options.Resamples} resamples of the {images} images (seed {bootstrap.Options.Seed}).");

    private static TableSection Classes(CocoResult result, IReadOnlyList<ClassReportRow> rows, double f1Iou, BootstrapResult? bootstrap)
    {
        string at = f1Iou.ToString("0.00", CultureInfo.InvariantCulture);
        bool keypoints = result.KeypointStats is not null;
        string[] stats = keypoints ? ["AP", "AP50", "AP75", "APm", "APl", "AR"] : ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR100"];
        TableColumn[] columns =
        [
            new("class", false), new("id"),
            .. stats.Select((n, i) => new TableColumn(n, Title: i > 0 ? null : keypoints ? "AP @[OKS .50:.95], area all, 20 detections" : "AP @[.50:.95], area all, 100 detections")),
            new("GT", Title: "non-crowd ground truths"), new("crowd"), new("detections"),
            new("best F1", Title: $"the highest F1 along the ranked curve at IoU {at}"), new("at score", Title: "the score threshold of the best F1"),
            new("P", Title: "precision at that threshold"), new("R", Title: "recall at that threshold"),
            .. bootstrap is null ? [] : new[] { new TableColumn("AP " + IntervalLabel(bootstrap), Title: "the class's AP interval; sorts by its width") },
        ];
        var table = new List<TableRow>(rows.Count);
        for (int k = 0; k < rows.Count; k++)
        {
            var cat = result.Categories[k];
            var s = cat.Stats;
            var row = rows[k];
            table.Add(new TableRow(
                [
                    TableCell.Label(row.Class), TableCell.Count(row.CategoryId),
                    .. (cat.KeypointStats is { } kp ? [kp.AP, kp.AP50, kp.AP75, kp.APm, kp.APl, kp.AR] : new[] { s.AP, s.AP50, s.AP75, s.APs, s.APm, s.APl, s.AR100 }).Select(v => TableCell.Number(v)),
                    TableCell.Count(cat.NumGroundTruths), TableCell.Count(cat.NumCrowd), TableCell.Count(cat.NumDetections),
                    TableCell.Number(row.F1), TableCell.Number(row.BestF1Threshold), TableCell.Number(row.Precision), TableCell.Number(row.Recall),
                    .. bootstrap is null ? [] : new[] { TableCell.Range(Range(bootstrap.CategoryInterval(k, "AP"))) },
                ],
                k,
                row.Class,
                PrecisionRecallCurves.Interpolated(result, k, f1Iou)));
        }

        return new TableSection("classes", "Per class", columns, table, "PR @" + at)
        {
            Note = $"One row per evaluated category; click a header to sort. The sparkline is the class's interpolated precision against recall at IoU {at}.",
        };
    }

    internal static FigureSection PrecisionRecall(CocoResult result, IReadOnlyList<string> names, double f1Iou)
    {
        var recall = result.Options.RecallThresholds;
        int last = result.Options.MaxDetections[^1];
        LineFigure Figure(string id, double? iou, string iouText)
        {
            var classes = new List<PageParts.ClassCurve>();
            for (int k = 0; k < names.Count; k++)
            {
                if (PrecisionRecallCurves.Interpolated(result, k, iou) is double[] curve)
                {
                    classes.Add(new PageParts.ClassCurve(k, names[k], curve));
                }
            }

            double ap = result.Summarize(true, iou, "all", last);
            return PageParts.PrecisionRecall(
                "pr-" + id,
                $"Interpolated precision against recall, {iouText}, area all, {last} detections per image",
                recall,
                classes,
                PrecisionRecallCurves.MeanInterpolated(result, iou),
                $"mean over classes (AP {HtmlBuilder.Display(ap)})");
        }

        var thresholds = result.Options.IouThresholds;
        string range = string.Create(CultureInfo.InvariantCulture, $"IoU {thresholds[0]:0.00}:{thresholds[^1]:0.00}");
        return new FigureSection("pr", "Precision-recall curves",
        [
            Figure("f1iou", f1Iou, "IoU " + f1Iou.ToString("0.00", CultureInfo.InvariantCulture)),
            Figure("all", null, range + " (mean over thresholds)"),
        ])
        {
            Note = "Each class thin and grey, the mean over classes bold (its area is the AP in the legend). Hover over or click a line or a table row to highlight a class.",
        };
    }

    internal static FigureSection Confidence(CocoResult result, IReadOnlyList<ClassReportRow> rows, IReadOnlyList<RankedCurve> curves, string iouText)
    {
        var grid = ConfidenceSweep.Grid(curves);
        var classes = new List<PageParts.ClassSweep>();
        for (int k = 0; k < rows.Count; k++)
        {
            // Classes without ground truth have no recall: they are left out, as from AP.
            if (result.Categories[k].NumGroundTruths == 0)
            {
                continue;
            }

            var row = rows[k];
            classes.Add(new PageParts.ClassSweep(k, row.Class, ConfidenceSweep.Of(curves[k], grid), row.BestF1Threshold is double t ? (t, row.F1!.Value) : null));
        }

        return PageParts.Confidence("confidence", "F1, precision and recall against confidence", classes, ConfidenceSweep.Mean([.. classes.Select(c => c.Sweep)]), iouText + ", area all");
    }

    private static TableSection WorstImages(CocoResult result, DetectionDataset dataset, int count)
    {
        TableColumn[] columns =
        [
            new("image", false), new("id"), new("AP", Title: "the image's own AP (COCOeval of the image alone)"), new("AP50"), new("AP75"),
            new("GT"), new("detections"), new("TP50", Title: "true positives at IoU 0.5"), new("FP50"), new("FN50"),
        ];
        // Lowest own AP first; among equals, the image with more errors, then by id.
        var worst = result.ImageRecords()
            .Where(r => r.CategoryId is null && r.AP != -1)
            .OrderBy(r => r.AP)
            .ThenByDescending(r => (r.FalsePositives50 ?? 0) + (r.FalseNegatives50 ?? 0))
            .ThenBy(r => r.ImageId)
            .Take(count)
            .Select(r => new TableRow(
            [
                TableCell.Label(dataset.TryGetImage(r.ImageId, out var image) && image.FileName is string file ? file : HtmlBuilder.Count(r.ImageId)),
                TableCell.Count(r.ImageId), TableCell.Number(r.AP), TableCell.Number(r.AP50), TableCell.Number(r.AP75),
                TableCell.Count(r.GroundTruths), TableCell.Count(r.Detections),
                TableCell.Count(r.TruePositives50), TableCell.Count(r.FalsePositives50), TableCell.Count(r.FalseNegatives50),
            ]))
            .ToList();
        return new TableSection("worst", "Worst images", columns, worst)
        {
            Note = $"The {worst.Count} images with the lowest own AP (the image evaluated alone; images without ground truth have none and are not listed), with their counts at IoU 0.5.",
        };
    }

    private static readonly string[] StatTitles =
    [
        "AP @[IoU=0.50:0.95 | area=all | maxDets=100]", "AP @[IoU=0.50 | area=all]", "AP @[IoU=0.75 | area=all]",
        "AP @[IoU=0.50:0.95 | area=small]", "AP @[IoU=0.50:0.95 | area=medium]", "AP @[IoU=0.50:0.95 | area=large]",
        "AR @[IoU=0.50:0.95 | maxDets=1]", "AR @[IoU=0.50:0.95 | maxDets=10]", "AR @[IoU=0.50:0.95 | maxDets=100]",
        "AR @[IoU=0.50:0.95 | area=small]", "AR @[IoU=0.50:0.95 | area=medium]", "AR @[IoU=0.50:0.95 | area=large]",
    ];

    private static readonly string[] KeypointStatTitles =
    [
        "AP @[OKS=0.50:0.95 | area=all | maxDets=20]", "AP @[OKS=0.50 | area=all]", "AP @[OKS=0.75 | area=all]",
        "AP @[OKS=0.50:0.95 | area=medium]", "AP @[OKS=0.50:0.95 | area=large]",
        "AR @[OKS=0.50:0.95 | area=all | maxDets=20]", "AR @[OKS=0.50 | area=all]", "AR @[OKS=0.75 | area=all]",
        "AR @[OKS=0.50:0.95 | area=medium]", "AR @[OKS=0.50:0.95 | area=large]",
    ];
}
