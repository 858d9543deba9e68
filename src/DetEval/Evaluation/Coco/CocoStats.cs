using DetEval.Evaluation;

namespace DetEval;

/// <summary>The 12 COCO summary numbers (<c>COCOeval.stats</c>), -1 where undefined.</summary>
/// <param name="AP">AP at IoU .50:.95, area all, maxDets 100.</param>
/// <param name="AP50">AP at IoU .50.</param>
/// <param name="AP75">AP at IoU .75.</param>
/// <param name="APs">AP for small objects.</param>
/// <param name="APm">AP for medium objects.</param>
/// <param name="APl">AP for large objects.</param>
/// <param name="AR1">AR with 1 detection per image.</param>
/// <param name="AR10">AR with 10 detections per image.</param>
/// <param name="AR100">AR with 100 detections per image.</param>
/// <param name="ARs">AR for small objects.</param>
/// <param name="ARm">AR for medium objects.</param>
/// <param name="ARl">AR for large objects.</param>
public sealed record CocoStats(
    double AP, double AP50, double AP75, double APs, double APm, double APl,
    double AR1, double AR10, double AR100, double ARs, double ARm, double ARl)
{
    /// <summary>The community names of the stats, in the reference's order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"];

    /// <summary>The stats in the reference's order.</summary>
    public double[] ToArray() => [AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl];

    /// <summary>Builds the record from 12 values in the reference's order.</summary>
    public static CocoStats FromArray(ReadOnlySpan<double> s) => new(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], s[10], s[11]);
}
