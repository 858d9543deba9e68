using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of <c>pr_curves.csv</c>: one of the 101 interpolated precision samples of a class at one IoU threshold.</summary>
/// <param name="Class">The class name.</param>
/// <param name="Iou">The IoU threshold.</param>
/// <param name="Recall">The recall threshold (0, 0.01, ..., 1).</param>
/// <param name="Precision">The interpolated precision there (0 beyond the highest recall reached).</param>
/// <param name="Score">The score of the detection at which that precision is reached (0 beyond the highest recall).</param>
[CsvRecord]
public sealed partial record PrCurveRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("iou")] double Iou,
    [property: CsvColumn("recall")] double Recall,
    [property: CsvColumn("precision")] double Precision,
    [property: CsvColumn("score")] double Score);
