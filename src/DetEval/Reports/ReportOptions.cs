namespace DetEval.Reports;

/// <summary>Thresholds of the parts of a report that are not COCO's own numbers.</summary>
public sealed record ReportOptions
{
    /// <summary>The IoU threshold of the best-F1 point in <c>classes.csv</c> (the nearest evaluated one is used).</summary>
    public double F1IouThreshold { get; init; } = 0.5;

    /// <summary>The IoU a detection needs to match in the confusion matrix.</summary>
    public double ConfusionIouThreshold { get; init; } = 0.5;

    /// <summary>The lowest detection score kept in the confusion matrix.</summary>
    public double ConfusionScoreThreshold { get; init; } = 0.25;
}
