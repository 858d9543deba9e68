using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of a VOC run's <c>pr_curves.csv</c>: one ranked detection of a class and the curve after it.</summary>
/// <param name="Class">The class name.</param>
/// <param name="Rank">The detection's rank in the class (0 = highest score).</param>
/// <param name="Score">Its score.</param>
/// <param name="Outcome">What it is: <c>tp</c>, <c>fp</c> or <c>ignored</c> (on a difficult object).</param>
/// <param name="Recall">Cumulative recall after it (empty when undefined: no positives).</param>
/// <param name="Precision">Cumulative precision after it.</param>
[CsvRecord]
public sealed partial record VocCurveRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("rank")] int Rank,
    [property: CsvColumn("score")] double Score,
    [property: CsvColumn("outcome")] string Outcome,
    [property: CsvColumn("recall")] double? Recall,
    [property: CsvColumn("precision")] double Precision);
