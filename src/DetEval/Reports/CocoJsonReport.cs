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
    /// <param name="bootstrap">
    /// Bootstrap intervals of <paramref name="result"/>, written as <c>"intervals": {"AP": [low, high], ...}</c> (null for
    /// a number no resample defines), the same per category, and <c>"bootstrap": {"resamples", "seed", "confidence"}</c>;
    /// none when <see langword="null"/>.
    /// </param>
    public static void Write(CocoResult result, IReadOnlyList<Category> categories, Stream stream, InputWarnings? warnings = null, BootstrapResult? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("iouType", result.Options.IouType == IouType.Bbox ? "bbox" : "segm");
        w.WriteStartObject("stats");
        WriteStats(w, result.Stats);
        w.WriteEndObject();
        WriteIntervals(w, bootstrap, null);
        w.WriteStartArray("categories");
        int k = 0;
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
            WriteIntervals(w, bootstrap, k++);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteParams(w, result);
        WriteBootstrap(w, bootstrap);
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

    internal static void WriteStats(Utf8JsonWriter w, CocoStats stats)
    {
        var values = stats.ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            w.WriteNumber(CocoStats.Names[i], values[i]);
        }
    }

    /// <summary><c>"intervals": {name: [low, high] or null}</c> of the whole (null category) or one category; nothing without a bootstrap.</summary>
    internal static void WriteIntervals(Utf8JsonWriter w, BootstrapResult? bootstrap, int? categoryIndex)
    {
        if (bootstrap is null)
        {
            return;
        }

        w.WriteStartObject("intervals");
        foreach (string name in bootstrap.Names)
        {
            WriteInterval(w, name, categoryIndex is int k ? bootstrap.CategoryInterval(k, name) : bootstrap.Interval(name));
        }

        w.WriteEndObject();
    }

    /// <summary>One interval as <c>[low, high]</c>, or null when no resample defines the number.</summary>
    internal static void WriteInterval(Utf8JsonWriter w, string name, ConfidenceInterval interval)
    {
        if (!interval.IsDefined)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        w.WriteNumberValue(interval.Low);
        w.WriteNumberValue(interval.High);
        w.WriteEndArray();
    }

    /// <summary><c>"bootstrap": {"resamples", "seed", "confidence"}</c>; nothing without a bootstrap.</summary>
    internal static void WriteBootstrap(Utf8JsonWriter w, BootstrapResult? bootstrap)
    {
        if (bootstrap is null)
        {
            return;
        }

        w.WriteStartObject("bootstrap");
        w.WriteNumber("resamples", bootstrap.Options.Resamples);
        w.WriteNumber("seed", bootstrap.Options.Seed);
        w.WriteNumber("confidence", bootstrap.Options.Confidence);
        w.WriteEndObject();
    }

    internal static void WriteParams(Utf8JsonWriter w, CocoResult result)
    {
        var o = result.Options;
        w.WriteStartObject("params");
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
