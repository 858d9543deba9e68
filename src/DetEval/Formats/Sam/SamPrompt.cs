using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>One prompt of prompted segmentation: the masks SAM returned for a prompt on a ground-truth mask.</summary>
/// <param name="ImageId">The image (the ground truth's image id).</param>
/// <param name="GtId">The prompted ground-truth annotation id.</param>
/// <param name="Masks">SAM's masks for the prompt (multimask output: usually three).</param>
/// <param name="PredictedIous">SAM's predicted IoU of each mask, same order.</param>
/// <param name="Location">The record's place in the file, <c>$[i]</c>.</param>
public sealed record SamPrompt(long ImageId, long GtId, IReadOnlyList<Rle> Masks, IReadOnlyList<double> PredictedIous, string Location);
