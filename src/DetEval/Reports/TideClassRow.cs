using CsvHelper;

namespace DetEval.Reports;

/// <summary>One line of a TIDE run's <c>tide_classes.csv</c>: a class in TIDE's mean, its AP and its error counts.</summary>
/// <param name="Class">The category name (empty for an id that is not among the categories).</param>
/// <param name="CategoryId">The category id.</param>
/// <param name="AP50">tidecv's AP of the class at the positive threshold, a fraction.</param>
/// <param name="GroundTruths">Non-crowd ground truths.</param>
/// <param name="Detections">Detections in AP.</param>
/// <param name="TP">True positives.</param>
/// <param name="Cls">Classification errors.</param>
/// <param name="Loc">Localization errors.</param>
/// <param name="Both">Both errors.</param>
/// <param name="Dupe">Duplicate errors.</param>
/// <param name="Bkg">Background errors.</param>
/// <param name="Missed">Missed ground truths.</param>
[CsvRecord]
public sealed partial record TideClassRow(
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("category_id")] long CategoryId,
    [property: CsvColumn("AP50")] double AP50,
    [property: CsvColumn("gt")] long GroundTruths,
    [property: CsvColumn("detections")] int Detections,
    [property: CsvColumn("tp")] int TP,
    [property: CsvColumn("Cls")] int Cls,
    [property: CsvColumn("Loc")] int Loc,
    [property: CsvColumn("Both")] int Both,
    [property: CsvColumn("Dupe")] int Dupe,
    [property: CsvColumn("Bkg")] int Bkg,
    [property: CsvColumn("Missed")] int Missed);
