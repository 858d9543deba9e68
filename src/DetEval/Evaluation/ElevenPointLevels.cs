using DetEval.Evaluation;

namespace DetEval;

/// <summary>How the 11 recall levels of the VOC2007 metric are built.</summary>
public enum ElevenPointLevels
{
    /// <summary>
    /// <c>np.arange(0., 1.1, 0.1)</c>: <c>k * 0.1</c> in double, so three levels are 0.30000000000000004,
    /// 0.6000000000000001 and 0.7000000000000001 (the devkit's levels).
    /// </summary>
    Numpy,

    /// <summary>The nearest doubles to k/10: <c>k / 10.0</c>.</summary>
    Exact,
}
