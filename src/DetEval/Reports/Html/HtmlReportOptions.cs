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
    public int WorstImages { get; init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(WorstImages), value, "expected a count >= 0"); } = 20;

    /// <summary>Bootstrap intervals of the result (<see cref="CocoResult.Bootstrap"/>): shown beside the headline numbers and each class's AP.</summary>
    public BootstrapResult? Bootstrap { get; init; }

    /// <summary>TIDE's error breakdown of the same detections (<see cref="TideEvaluation"/>): a section of its own.</summary>
    public TideResult? Tide { get; init; }

    /// <summary>The per-keypoint errors of a keypoint evaluation (<see cref="KeypointErrors.Compute"/>): a table and bars of their own.</summary>
    public IReadOnlyList<KeypointErrorRow>? KeypointErrors { get; init; }
}
