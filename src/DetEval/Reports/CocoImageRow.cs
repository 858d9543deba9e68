using CsvHelper;

namespace DetEval.Reports;

/// <summary>
/// One line of a COCO run's <c>images.csv</c>: an image as a whole (<c>class</c> = <c>all</c>, no category id) or one
/// of its categories, with the counts and the own AP of <see cref="CocoImageRecord"/>. Sort by <c>AP</c> or <c>fp50</c>
/// to find the worst images.
/// </summary>
/// <param name="ImageId">The image id.</param>
/// <param name="FileName">The image's file name (empty when the ground truth gives none).</param>
/// <param name="CategoryId">The category id; empty on the image's own row.</param>
/// <param name="Class">The category name, or <c>all</c> on the image's own row.</param>
/// <param name="GroundTruths">Ground truths that count.</param>
/// <param name="Detections">Kept detections.</param>
/// <param name="TP50">True positives at IoU 0.5.</param>
/// <param name="FP50">False positives at IoU 0.5.</param>
/// <param name="FN50">False negatives at IoU 0.5.</param>
/// <param name="TP75">True positives at IoU 0.75.</param>
/// <param name="FP75">False positives at IoU 0.75.</param>
/// <param name="FN75">False negatives at IoU 0.75.</param>
/// <param name="AP">The own AP (IoU .50:.95), -1 without ground truth.</param>
/// <param name="AP50">The own AP at IoU 0.5.</param>
/// <param name="AP75">The own AP at IoU 0.75.</param>
[CsvRecord]
public sealed partial record CocoImageRow(
    [property: CsvColumn("image_id")] long ImageId,
    [property: CsvColumn("file_name")] string FileName,
    [property: CsvColumn("category_id")] long? CategoryId,
    [property: CsvColumn("class")] string Class,
    [property: CsvColumn("gt")] int GroundTruths,
    [property: CsvColumn("detections")] int Detections,
    [property: CsvColumn("tp50")] int? TP50,
    [property: CsvColumn("fp50")] int? FP50,
    [property: CsvColumn("fn50")] int? FN50,
    [property: CsvColumn("tp75")] int? TP75,
    [property: CsvColumn("fp75")] int? FP75,
    [property: CsvColumn("fn75")] int? FN75,
    [property: CsvColumn("AP")] double AP,
    [property: CsvColumn("AP50")] double AP50,
    [property: CsvColumn("AP75")] double AP75);
