using System.Globalization;
using System.Text;
using DetEval.Evaluation;

namespace DetEval.Reports;

/// <summary>The 12 summary lines exactly as pycocotools' <c>COCOeval.summarize()</c> prints them.</summary>
public static class CocoSummaryText
{
    /// <summary>The 12 lines (10 for keypoints), each beginning with a space as in the reference printout.</summary>
    public static IReadOnlyList<string> Lines(CocoResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var o = result.Options;
        if (result.KeypointStats is { } kp)
        {
            // _summarizeKps: every line at maxDets=20.
            var k = kp.ToArray();
            return
            [
                Line(true, null, "all", 20, k[0], o),
                Line(true, 0.5, "all", 20, k[1], o),
                Line(true, 0.75, "all", 20, k[2], o),
                Line(true, null, "medium", 20, k[3], o),
                Line(true, null, "large", 20, k[4], o),
                Line(false, null, "all", 20, k[5], o),
                Line(false, 0.5, "all", 20, k[6], o),
                Line(false, 0.75, "all", 20, k[7], o),
                Line(false, null, "medium", 20, k[8], o),
                Line(false, null, "large", 20, k[9], o),
            ];
        }

        var md = o.MaxDetections;
        int third = md[Math.Min(2, md.Count - 1)];
        int apMax = o.SummaryUsesLastMaxDetections ? md[^1] : 100;
        int last = o.SummaryUsesLastMaxDetections ? md[^1] : third;
        var s = result.Stats.ToArray();
        return
        [
            Line(true, null, "all", apMax, s[0], o),
            Line(true, 0.5, "all", last, s[1], o),
            Line(true, 0.75, "all", last, s[2], o),
            Line(true, null, "small", last, s[3], o),
            Line(true, null, "medium", last, s[4], o),
            Line(true, null, "large", last, s[5], o),
            Line(false, null, "all", md[0], s[6], o),
            Line(false, null, "all", md[Math.Min(1, md.Count - 1)], s[7], o),
            Line(false, null, "all", last, s[8], o),
            Line(false, null, "small", last, s[9], o),
            Line(false, null, "medium", last, s[10], o),
            Line(false, null, "large", last, s[11], o),
        ];
    }

    /// <summary>The 12 (keypoints: 10) lines joined with newlines.</summary>
    public static string Format(CocoResult result)
    {
        var sb = new StringBuilder();
        foreach (string line in Lines(result))
        {
            sb.Append(line).Append('\n');
        }

        return sb.ToString();
    }

    private static string Line(bool ap, double? iou, string area, int maxDets, double value, CocoOptions o)
    {
        var c = CultureInfo.InvariantCulture;
        string title = ap ? "Average Precision" : "Average Recall";
        string type = ap ? "(AP)" : "(AR)";
        string iouText = iou is double t
            ? t.ToString("0.00", c)
            : string.Create(c, $"{o.IouThresholds[0]:0.00}:{o.IouThresholds[^1]:0.00}");
        // ' {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}'
        return string.Create(c, $" {title,-18} {type} @[ IoU={iouText,-9} | area={area,6} | maxDets={maxDets,3} ] = {value:0.000}");
    }
}
