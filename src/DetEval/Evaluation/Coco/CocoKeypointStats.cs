using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The 10 COCO keypoint summary numbers (<c>COCOeval.stats</c> for <c>iouType='keypoints'</c>, from
/// <c>_summarizeKps</c>), all at max detections 20, -1 where undefined.
/// </summary>
/// <remarks>Each is the mean of the entries &gt; -1 of the selected slice of precision (AP) or recall (AR).</remarks>
/// <param name="AP">AP at OKS .50:.95, area all.</param>
/// <param name="AP50">AP at OKS .50.</param>
/// <param name="AP75">AP at OKS .75.</param>
/// <param name="APm">AP for medium objects.</param>
/// <param name="APl">AP for large objects.</param>
/// <param name="AR">AR at OKS .50:.95, area all.</param>
/// <param name="AR50">AR at OKS .50.</param>
/// <param name="AR75">AR at OKS .75.</param>
/// <param name="ARm">AR for medium objects.</param>
/// <param name="ARl">AR for large objects.</param>
public sealed record CocoKeypointStats(
    double AP, double AP50, double AP75, double APm, double APl,
    double AR, double AR50, double AR75, double ARm, double ARl)
{
    /// <summary>The community names of the stats, in the reference's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["AP", "AP50", "AP75", "APm", "APl", "AR", "AR50", "AR75", "ARm", "ARl"];

    /// <summary>The stats in the reference's order.</summary>
    /// <returns>The 10 values.</returns>
    public double[] ToArray() => [AP, AP50, AP75, APm, APl, AR, AR50, AR75, ARm, ARl];

    /// <summary>Builds the record from 10 values in the reference's order.</summary>
    /// <param name="s">The values.</param>
    /// <returns>The stats.</returns>
    public static CocoKeypointStats FromArray(ReadOnlySpan<double> s) => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9]);
}
