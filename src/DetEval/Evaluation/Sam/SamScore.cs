using DetEval.Evaluation;

namespace DetEval;

/// <summary>Which of SAM's scores ranks the automatic mask generator's masks.</summary>
public enum SamScore
{
    /// <summary>SAM's <c>predicted_iou</c> (the default).</summary>
    PredictedIou,

    /// <summary>SAM's <c>stability_score</c>.</summary>
    Stability,

    /// <summary><c>predicted_iou * stability_score</c>.</summary>
    Product,
}
