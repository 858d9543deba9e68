namespace DetEval.Reports;

/// <summary>What an HTML report page shows beyond the result itself.</summary>
public sealed record HtmlReportOptions
{
    /// <summary>
    /// The input files named in the page header, as (label, path) pairs. When empty, a COCO page names the ground truth's
    /// and the detections' sources.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Inputs { get; init; } = [];

    /// <summary>The thresholds of the best-F1 point and the confusion matrix (as <see cref="CocoReport"/> uses them).</summary>
    public ReportOptions Report { get; init; } = new();

    /// <summary>How many images the "worst images" table lists (the lowest per-image scores).</summary>
    public int WorstImages { get; init; } = 20;
}
