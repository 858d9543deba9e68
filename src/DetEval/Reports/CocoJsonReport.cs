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
        WriteStats(w, result.Stats);
        w.WriteEndObject();
        w.WriteStartArray("categories");
        var names = categories.ToDictionary(c => c.Id, c => c.Name);
        foreach (var cat in result.Categories)
        {
            w.WriteStartObject();
            w.WriteNumber("id", cat.CategoryId);
            w.WriteString("name", names.TryGetValue(cat.CategoryId, out string? name) ? name : (cat.CategoryId == -1 ? "all" : ""));
            WriteStats(w, cat.Stats);
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

    /// <summary>The reference's name of an IoU type: <c>bbox</c>, <c>segm</c> or <c>boundary</c>.</summary>
    internal static string IouTypeName(IouType iouType) => iouType switch
    {
        IouType.Bbox => "bbox",
        IouType.Segm => "segm",
        IouType.Boundary => "boundary",
        _ => throw new ArgumentOutOfRangeException(nameof(iouType), iouType, "unknown IoU type"),
    };

    internal static void WriteStats(Utf8JsonWriter w, CocoStats stats)
    {
        var values = stats.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            w.WriteNumber(CocoStats.Names[i], values[i]);
        }
    }

    internal static void WriteParams(Utf8JsonWriter w, CocoResult result)
    {
        var o = result.Options;
        w.WriteStartObject("params");
        if (o.IouType == IouType.Boundary)
        {
            w.WriteNumber("dilationRatio", o.DilationRatio);
        }

        w.WriteStartArray("iouThrs");
        foreach (double t in o.IouThresholds)
        {
            w.WriteNumberValue(t);
        }

        w.WriteEndArray();
        w.WriteNumber("recThrsCount", o.RecallThresholds.Count);
        w.WriteStartArray("maxDets");
        foreach (int m in o.MaxDetections)
        {
            w.WriteNumberValue(m);
        }

        w.WriteEndArray();
        w.WriteStartArray("areaRng");
        foreach (var a in o.AreaRanges)
        {
            w.WriteStartObject();
            w.WriteString("label", a.Label);
            w.WriteNumber("min", a.Min);
            w.WriteNumber("max", a.Max);
            w.WriteEndObject();
        }

        w.WriteEndArray();
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
        w.WriteEndObject();
    }
}
