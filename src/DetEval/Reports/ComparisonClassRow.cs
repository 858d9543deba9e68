using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of <c>comparison_classes.csv</c>: a category's AP for both models, B − A, its interval and how often B wins.</summary>
/// <param name="Class">The category name.</param>
/// <param name="CategoryId">The category id.</param>
/// <param name="APA">Model A's AP (-1 without ground truth).</param>
/// <param name="APB">Model B's AP.</param>
/// <param name="Difference">B − A (empty when undefined).</param>
/// <param name="Low">The lower end of the paired interval of B − A (empty without a bootstrap).</param>
/// <param name="High">The upper end.</param>
/// <param name="ShareBBetter">The share of paired resamples in which B's AP is above A's.</param>
[CsvRecord]
public sealed partial record ComparisonClassRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("category_id")] long CategoryId,
    [property: CsvColumn("AP_a")] double APA,
    [property: CsvColumn("AP_b")] double APB,
    [property: CsvColumn("difference")] double? Difference,
    [property: CsvColumn("low")] double? Low,
    [property: CsvColumn("high")] double? High,
    [property: CsvColumn("share_b_better")] double? ShareBBetter);
