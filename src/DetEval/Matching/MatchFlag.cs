using DetEval.Matching;

namespace DetEval;

/// <summary>What a detection is at one IoU threshold and area range.</summary>
public enum MatchFlag : byte
{
    /// <summary>A false positive.</summary>
    FalsePositive = 0,

    /// <summary>A true positive.</summary>
    TruePositive = 1,

    /// <summary>Neither: matched to an ignored ground truth, or unmatched and outside the area range.</summary>
    Ignored = 2,
}
