using DetEval.Reports.Html;

namespace DetEval.Reports;

/// <summary>
/// Writes <c>report.html</c>: one self-contained page per evaluation (inline SVG figures, inline CSS and a little
/// JavaScript, no request of any kind), opening from disk. Every number on it comes from the result; the page only
/// draws, sorts and highlights them. Text from input files (class and file names) is HTML-escaped.
/// </summary>
/// <remarks>
/// A COCO page has the header (inputs, options, DetEval version, conventions), the 12 headline stats, the per-class
/// table (sortable by any column, a PR sparkline per row), the PR curves at the report's F1 IoU and at .50:.95 (every
/// class thin and grey, the mean over classes bold; hovering or clicking a class highlights it everywhere), F1,
/// precision and recall against the confidence threshold (the best mean-F1 threshold marked) and the confusion matrix.
/// </remarks>
public static class HtmlReport
{
    /// <summary>The name of the page in a report directory.</summary>
    public const string FileName = "report.html";

    /// <summary>Writes the page of a COCO evaluation.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="dataset">The ground truth (category names, the confusion matrix, image names).</param>
    /// <param name="detections">The detections, for the confusion matrix (left out when null).</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(CocoResult result, DetectionDataset dataset, DetectionSet? detections, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(stream);
        CocoPage.Build(result, dataset, detections, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>Writes the page of a Pascal VOC evaluation: mAP, the per-class table, the precision envelopes and the confidence curves.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show (the input files named in the header); defaults when null.</param>
    public static void Write(VocResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        VocPage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>Writes the page of a SAM automatic-mask evaluation: its numbers, the precision-recall and confidence curves, the worst images.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(SamAutoResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        SamPage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>Writes the page of a SAM prompted evaluation: its numbers, the share of prompts above each IoU, the worst prompts.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(SamPromptResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        SamPage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }
}
