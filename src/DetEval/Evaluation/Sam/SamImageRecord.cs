using DetEval.Matching;

namespace DetEval.Evaluation;

/// <summary>One image of an automatic-mask evaluation: its stem, whether it has ground truth and predictions, the
/// number of generated masks, per ground-truth mask the best IoU, and the class-agnostic engine's match record
/// (null for a prediction image without ground truth).</summary>
internal sealed record SamImageRecord(string Stem, bool HasTruth, bool Paired, int PredictedMasks, double[] BestIous, ImageMatch? Match);

/// <summary>One image's prompts of a prompted evaluation: the image id and each scored prompt's outcome, in file order.</summary>
internal sealed record SamPromptImage(long ImageId, SamPromptOutcome[] Outcomes);
