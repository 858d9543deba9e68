namespace DetEval.Matching;

/// <summary>
/// What TIDE keeps of one image after matching and error assignment: every number the base AP, the six oracle
/// fixes and the two special errors need, and nothing else (no boxes, no masks, no IoUs).
/// </summary>
/// <remarks>
/// Ground truths are the image's non-crowd ones in file order. Detections are the kept ones (the best
/// <see cref="TideOptions.MaxDetections"/> of the image, over all classes) in score order.
/// </remarks>
internal sealed class TideImageRecord
{
    /// <summary><see cref="Error"/> of a detection that is a true positive.</summary>
    public const byte NoError = 255;

    public required long ImageId { get; init; }

    /// <summary>Class of each non-crowd ground truth.</summary>
    public required long[] TruthClass { get; init; }

    /// <summary>Per ground truth: <see cref="MatchFlag.TruePositive"/> when matched, <see cref="MatchFlag.FalsePositive"/> for a false negative a Cls or Loc error can fix, <see cref="MatchFlag.Ignored"/> for a Missed one.</summary>
    public required byte[] TruthOutcome { get; init; }

    /// <summary>Class of each kept detection, in score order.</summary>
    public required long[] DetectionClass { get; init; }

    public required double[] Scores { get; init; }

    /// <summary>Per detection: a <see cref="MatchFlag"/> (ignored = inside a crowd region of its class).</summary>
    public required byte[] Outcome { get; init; }

    /// <summary>Per detection: its <see cref="TideErrorType"/>, or <see cref="NoError"/> for a true positive.</summary>
    public required byte[] Error { get; init; }

    /// <summary>
    /// Per detection: the ground truth (index into <see cref="TruthClass"/>) whose true positive fixing its Cls or Loc
    /// error gives, or -1 when fixing it removes it (other types, a used target, or not the target's best-scoring error).
    /// </summary>
    public required int[] FixTarget { get; init; }

    public int TruthCount => TruthClass.Length;

    public int DetectionCount => Scores.Length;
}
