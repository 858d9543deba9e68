using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of <c>frequency_groups.csv</c>: an LVIS frequency group and its AP.</summary>
/// <param name="Group">r, c or f.</param>
/// <param name="Categories">Categories in the group.</param>
/// <param name="CategoriesWithGroundTruth">Those with ground truth (the ones that count in the group's AP).</param>
/// <param name="GroundTruths">Ground truths evaluated in the group.</param>
/// <param name="Detections">Results evaluated in the group.</param>
/// <param name="AP">The group's AP (APr, APc or APf; -1 when no category of the group has ground truth).</param>
[CsvRecord]
public sealed partial record LvisGroupRow(
    [property: CsvColumn("group")] string Group,
    [property: CsvColumn("categories")] int Categories,
    [property: CsvColumn("categories_with_gt")] int CategoriesWithGroundTruth,
    [property: CsvColumn("num_gt")] int GroundTruths,
    [property: CsvColumn("num_dt")] int Detections,
    [property: CsvColumn("AP")] double AP);
