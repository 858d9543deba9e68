using DetEval.Evaluation;

namespace DetEval;

/// <summary>How an IoU is compared with the threshold for a match.</summary>
public enum IouComparison
{
    /// <summary><c>IoU &gt; threshold</c> (the VOC devkit's <c>voc_eval</c>).</summary>
    GreaterThan,

    /// <summary><c>IoU &gt;= threshold</c> (COCO, mmdetection, many re-implementations).</summary>
    GreaterOrEqual,
}
