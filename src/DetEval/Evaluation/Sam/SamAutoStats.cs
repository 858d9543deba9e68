using DetEval.Evaluation;

namespace DetEval;

/// <summary>The class-agnostic COCO numbers of automatic mask generation (IoU .50:.95, COCO area ranges).</summary>
/// <param name="AP">AP at maxDets 1000.</param>
/// <param name="AP50">AP at IoU 0.5, maxDets 1000.</param>
/// <param name="AP75">AP at IoU 0.75, maxDets 1000.</param>
/// <param name="APs">AP for small masks (area &lt;= 32²), maxDets 1000.</param>
/// <param name="APm">AP for medium masks (32²..96²), maxDets 1000.</param>
/// <param name="APl">AP for large masks (&gt;= 96²), maxDets 1000.</param>
/// <param name="AR10">AR with 10 masks per image.</param>
/// <param name="AR100">AR with 100 masks per image.</param>
/// <param name="AR1000">AR with 1000 masks per image.</param>
/// <param name="ARs">AR for small masks, maxDets 1000.</param>
/// <param name="ARm">AR for medium masks, maxDets 1000.</param>
/// <param name="ARl">AR for large masks, maxDets 1000.</param>
public sealed record SamAutoStats(
    double AP, double AP50, double AP75, double APs, double APm, double APl,
    double AR10, double AR100, double AR1000, double ARs, double ARm, double ARl)
{
    /// <summary>The report names, in <see cref="ToArray"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR10", "AR100", "AR1000", "ARs", "ARm", "ARl"];

    /// <summary>The values in <see cref="Names"/> order.</summary>
    public double[] ToArray() => [AP, AP50, AP75, APs, APm, APl, AR10, AR100, AR1000, ARs, ARm, ARl];

    /// <summary>Reads the 12 numbers from a result computed with max detections 10, 100 and 1000.</summary>
    /// <remarks>Each is the reference's <c>_summarize</c> (mean of the entries &gt; -1) with the maxDets named
    /// explicitly; unlike <c>summarize()</c>'s first line, AP is read at 1000, not at a literal 100.</remarks>
    /// <param name="result">The evaluation result.</param>
    public static SamAutoStats FromResult(CocoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SamAutoStats(
            result.Summarize(true, null, "all", 1000),
            result.Summarize(true, 0.5, "all", 1000),
            result.Summarize(true, 0.75, "all", 1000),
            result.Summarize(true, null, "small", 1000),
            result.Summarize(true, null, "medium", 1000),
            result.Summarize(true, null, "large", 1000),
            result.Summarize(false, null, "all", 10),
            result.Summarize(false, null, "all", 100),
            result.Summarize(false, null, "all", 1000),
            result.Summarize(false, null, "small", 1000),
            result.Summarize(false, null, "medium", 1000),
            result.Summarize(false, null, "large", 1000));
    }
}
