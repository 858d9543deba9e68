using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>One mask of SAM's automatic mask generator, with the scores SAM gives it.</summary>
/// <param name="Index">Its position in the generator's output (the <c>metadata.csv</c> row, or the JSON list index).</param>
/// <param name="Mask">The mask as runs.</param>
/// <param name="PredictedIou">SAM's <c>predicted_iou</c> (an unbounded regression; may exceed 1).</param>
/// <param name="StabilityScore">SAM's <c>stability_score</c>.</param>
/// <param name="Source">The file it was read from (the PNG, or the RLE JSON).</param>
/// <param name="Location">The place in that source, such as <c>metadata.csv line 7</c> or <c>$[6]</c>.</param>
public sealed record SamGeneratedMask(int Index, Rle Mask, double PredictedIou, double StabilityScore, string Source, string Location);
