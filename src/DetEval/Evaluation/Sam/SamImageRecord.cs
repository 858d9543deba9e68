namespace DetEval.Evaluation;

/// <summary>One image of an automatic-mask evaluation: its stem, whether it has ground truth and predictions, the
/// number of generated masks, and per ground-truth mask the best IoU.</summary>
internal sealed record SamImageRecord(string Stem, bool HasTruth, bool Paired, int PredictedMasks, double[] BestIous);
