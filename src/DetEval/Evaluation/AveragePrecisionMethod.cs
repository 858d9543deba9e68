using DetEval.Evaluation;

namespace DetEval;

/// <summary>How a precision-recall curve is turned into one AP number.</summary>
public enum AveragePrecisionMethod
{
    /// <summary>VOC2007: the mean of the highest precision at recall &gt;= each of 11 levels.</summary>
    ElevenPoint,

    /// <summary>VOC2010 and later: the area under the monotone precision envelope.</summary>
    AllPoint,

    /// <summary>COCO: the monotone precision sampled at 101 recall thresholds, then averaged.</summary>
    CocoInterpolated,
}
