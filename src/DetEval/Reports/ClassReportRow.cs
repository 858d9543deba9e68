using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of <c>classes.csv</c>: a class's COCO stats, counts and its best-F1 operating point.</summary>
/// <param name="Class">The class name.</param>
/// <param name="CategoryId">The category id.</param>
/// <param name="AP">AP at IoU .50:.95 (-1 when the class has no ground truth).</param>
/// <param name="AP50">AP at IoU .50.</param>
/// <param name="AP75">AP at IoU .75.</param>
/// <param name="AR100">AR at 100 detections per image.</param>
/// <param name="Positives">Non-crowd ground truths.</param>
/// <param name="Detections">Detections of the class.</param>
/// <param name="BestF1Threshold">The score threshold with the highest F1 at the report's IoU (empty when the class has no detection).</param>
/// <param name="Precision">Precision at that threshold.</param>
/// <param name="Recall">Recall at that threshold.</param>
/// <param name="F1">F1 at that threshold.</param>
[CsvRecord]
public sealed partial record ClassReportRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("category_id")] long CategoryId,
    [property: CsvColumn("AP")] double AP,
    [property: CsvColumn("AP50")] double AP50,
    [property: CsvColumn("AP75")] double AP75,
    [property: CsvColumn("AR100")] double AR100,
    [property: CsvColumn("positives")] int Positives,
    [property: CsvColumn("detections")] int Detections,
    [property: CsvColumn("best_f1_threshold")] double? BestF1Threshold,
    [property: CsvColumn("precision")] double? Precision,
    [property: CsvColumn("recall")] double? Recall,
    [property: CsvColumn("f1")] double? F1);
