using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of a VOC run's <c>classes.csv</c>: a class's AP and counts.</summary>
/// <param name="Class">The class name.</param>
/// <param name="CategoryId">The category id.</param>
/// <param name="AP">The AP of the run's method (empty when undefined: no positives, all-point or 101-point).</param>
/// <param name="Positives">The objects that count (npos).</param>
/// <param name="Difficult">The objects marked difficult.</param>
/// <param name="Detections">The detections of the class.</param>
/// <param name="TP">True positives at the end of the list.</param>
/// <param name="FP">False positives at the end of the list.</param>
[CsvRecord]
public sealed partial record VocClassRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("category_id")] long CategoryId,
    [property: CsvColumn("AP")] double? AP,
    [property: CsvColumn("positives")] long Positives,
    [property: CsvColumn("difficult")] int Difficult,
    [property: CsvColumn("detections")] int Detections,
    [property: CsvColumn("tp")] int TP,
    [property: CsvColumn("fp")] int FP);
