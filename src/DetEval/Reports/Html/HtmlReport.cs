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
/// precision and recall against the confidence threshold (the best mean-F1 threshold marked), the confusion matrix, the
/// worst images (the lowest own AP, <see cref="CocoResult.ImageRecords"/>) and, when given, bootstrap intervals and TIDE's
/// error breakdown (<see cref="HtmlReportOptions"/>).
/// </remarks>
public static class HtmlReport
{
    /// <summary>The name of the page in a report directory.</summary>
    public const string FileName = "report.html";

    /// <summary>The name of the comparison page in a <c>deteval compare</c> report directory.</summary>
    public const string ComparisonFileName = "comparison.html";

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

    /// <summary>Writes the page of a DOTA evaluation: the VOC page (mAP, the per-class table, the precision envelopes, the confidence curves) with DOTA's conventions.</summary>
    /// <param name="result">The DOTA result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show (the input files named in the header); defaults when null.</param>
    public static void Write(DotaResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        VocPage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>Writes the page of an LVIS evaluation: lvis-api's 13 results, the frequency groups, the per-class table and the curves.</summary>
    /// <param name="result">The LVIS result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(LvisResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        LvisPage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>Writes the page of a SAM 2 video evaluation: J, F, J&amp;F, the videos and objects worst first and the per-frame J and F of the worst videos.</summary>
    /// <param name="result">The video result.</param>
    /// <param name="videoOptions">The options it was evaluated with (shown in the header).</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(SamVideoResult result, SamVideoOptions videoOptions, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(videoOptions);
        ArgumentNullException.ThrowIfNull(stream);
        SamVideoPage.Build(result, videoOptions, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>
    /// Writes the page of a SAM 3 concept-segmentation evaluation: the 26 numbers and the pair counts, the instance
    /// metrics against the IoU threshold, the image-level outcomes, the phrases and the worst pairs.
    /// </summary>
    /// <param name="result">The concept result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show (the input files named in the header, the number of worst pairs); defaults when null.</param>
    public static void Write(SamConceptResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        SamConceptPage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>Writes the page of a TIDE evaluation: the error breakdown (dAP per error type, as bars) and the per-class errors.</summary>
    /// <param name="result">The TIDE result.</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(TideResult result, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stream);
        TidePage.Build(result, options ?? new HtmlReportOptions()).WriteTo(stream);
    }

    /// <summary>
    /// Writes the page of a paired comparison: B − A for the 12 numbers with their paired intervals, the per-class deltas
    /// sorted by change, and both models' precision-recall curves overlaid.
    /// </summary>
    /// <param name="comparison">The comparison.</param>
    /// <param name="categories">The categories, for names.</param>
    /// <param name="names">Display names of A and B (their files).</param>
    /// <param name="stream">Where to write UTF-8 HTML.</param>
    /// <param name="options">What else to show; defaults when null.</param>
    public static void Write(CocoComparison comparison, IReadOnlyList<Category> categories, (string A, string B) names, Stream stream, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(stream);
        ComparisonPage.Build(comparison, categories, names, options ?? new HtmlReportOptions()).WriteTo(stream);
    }
}
