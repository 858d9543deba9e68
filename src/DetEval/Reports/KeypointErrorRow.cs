using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of <c>keypoints.csv</c>: how well one keypoint of one category is placed on the true positives.</summary>
/// <param name="Class">The category name.</param>
/// <param name="CategoryId">The category id.</param>
/// <param name="Keypoint">The keypoint's index (0-based).</param>
/// <param name="Name">The keypoint's name (the category's <c>keypoints</c> list), or its index.</param>
/// <param name="Count">Matched pairs in which the ground truth labels this keypoint.</param>
/// <param name="Similarity">The mean per-keypoint similarity <c>exp(-e_i)</c> over those pairs (empty when none).</param>
/// <param name="Error">1 - <see cref="Similarity"/>: the keypoint's share of OKS lost (empty when none).</param>
[CsvRecord]
public sealed partial record KeypointErrorRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("category_id")] long CategoryId,
    [property: CsvColumn("keypoint")] int Keypoint,
    [property: CsvColumn("name")] string Name,
    [property: CsvColumn("count")] int Count,
    [property: CsvColumn("similarity")] double? Similarity,
    [property: CsvColumn("error")] double? Error);
