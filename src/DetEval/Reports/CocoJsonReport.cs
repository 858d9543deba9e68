using System.Text.Json;
using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval.Reports;

/// <summary>
/// Writes a COCO evaluation as JSON: <c>{"iouType", "stats": {AP..ARl}, "categories": [...], "params": {...}}</c>,
/// numbers round-trippable, -1 where the reference gives -1.
/// </summary>
public static class CocoJsonReport
{
    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="stream"/>.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categories">The dataset's categories, for names (may be empty).</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    /// <param name="warnings">Input warnings, written as <c>"warnings": {key: count}</c>; none when <see langword="null"/>.</param>
    public static void Write(CocoResult result, IReadOnlyList<Category> categories, Stream stream, InputWarnings? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("iouType", IouTypeName(result.Options.IouType));
        w.WriteStartObject("stats");
        WriteStats(w, result.Stats, result.KeypointStats);
        w.WriteEndObject();
        w.WriteStartArray("categories");
        var names = categories.ToDictionary(c => c.Id, c => c.Name);
        foreach (var cat in result.Categories)
        {
            w.WriteStartObject();
            w.WriteNumber("id", cat.CategoryId);
            w.WriteString("name", names.TryGetValue(cat.CategoryId, out string? name) ? name : (cat.CategoryId == -1 ? "all" : ""));
            WriteStats(w, cat.Stats, cat.KeypointStats);
            w.WriteNumber("numGt", cat.NumGroundTruths);
            w.WriteNumber("numCrowd", cat.NumCrowd);
            w.WriteNumber("numDt", cat.NumDetections);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteParams(w, result);
        if (warnings is not null)
        {
            w.WriteStartObject("warnings");
            foreach (var warning in warnings.Items)
            {
                w.WriteNumber(warning.Key, warning.Count);
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
    }

    /// <summary>The reference's name of an IoU type: <c>bbox</c>, <c>segm</c> or <c>keypoints</c>.</summary>
    internal static string IouTypeName(IouType iouType) => iouType switch
    {
        IouType.Bbox => "bbox",
        IouType.Segm => "segm",
        _ => "keypoints",
    };

    /// <summary>The 12 detection stats, or the 10 keypoint stats when given (a keypoint evaluation).</summary>
    internal static void WriteStats(Utf8JsonWriter w, CocoStats stats, CocoKeypointStats? keypointStats = null)
    {
        var values = keypointStats?.ToArray() ?? stats.ToArray();
        var names = keypointStats is null ? CocoStats.Names : CocoKeypointStats.Names;
        for (int i = 0; i < values.Length; i++)
        {
            w.WriteNumber(names[i], values[i]);
        }
    }

    /// <summary>Writes <c>"name": [numbers]</c>.</summary>
    internal static void WriteNumbers(Utf8JsonWriter w, string name, IEnumerable<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes <c>"areaRng": [{label, min, max}]</c>.</summary>
    internal static void WriteAreaRanges(Utf8JsonWriter w, IReadOnlyList<AreaRange> ranges)
    {
        w.WriteStartArray("areaRng");
        foreach (var a in ranges)
        {
            w.WriteStartObject();
            w.WriteString("label", a.Label);
            w.WriteNumber("min", a.Min);
            w.WriteNumber("max", a.Max);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    internal static void WriteParams(Utf8JsonWriter w, CocoResult result)
    {
        var o = result.Options;
        w.WriteStartObject("params");
        WriteNumbers(w, "iouThrs", o.IouThresholds);
        w.WriteNumber("recThrsCount", o.RecallThresholds.Count);
        w.WriteStartArray("maxDets");
        foreach (int m in o.MaxDetections)
        {
            w.WriteNumberValue(m);
        }

        w.WriteEndArray();
        WriteAreaRanges(w, o.AreaRanges);
        w.WriteBoolean("useCats", o.UseCategories);
        w.WriteStartArray("catIds");
        foreach (long id in result.CategoryIds)
        {
            w.WriteNumberValue(id);
        }

        w.WriteEndArray();
        w.WriteNumber("numImages", result.ImageCount);
        w.WriteBoolean("honorIgnoreFlag", o.HonorIgnoreFlag);
        w.WriteBoolean("summaryUsesLastMaxDets", o.SummaryUsesLastMaxDetections);
        if (o.IouType == IouType.Keypoints)
        {
            WriteNumbers(w, "kptOksSigmas", o.KeypointSigmas);
            if (o.KeypointSigmasByCategory is { } byCategory)
            {
                w.WriteStartObject("kptOksSigmasByCategory");
                foreach (var (id, sigmas) in byCategory.OrderBy(e => e.Key))
                {
                    WriteNumbers(w, id.ToString(System.Globalization.CultureInfo.InvariantCulture), sigmas);
                }

                w.WriteEndObject();
            }
        }

        w.WriteEndObject();
    }
}
