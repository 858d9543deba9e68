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
    /// <summary>
    /// Writes the report, the one schema of <c>deteval coco --json</c> and of <c>--out</c>'s <c>report.json</c>:
    /// <c>{"tool", "iouType", "stats": {AP..ARl}, "categories": [{"id", "name", AP..ARl, "numGt", "numCrowd", "numDt",
    /// "bestF1": {"threshold", "precision", "recall", "f1"}}], "params": {…}, "report": {…}, "conventions": {…},
    /// "warnings": {…}}</c> (warnings when given). Doubles round-trip; -1 where the reference gives -1.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="categories">The dataset's categories (for the names).</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    /// <param name="warnings">Input warnings to include, or null.</param>
    /// <param name="options">The report's thresholds (best F1); null for the defaults.</param>
    /// <param name="bootstrap">
    /// Bootstrap intervals of <paramref name="result"/>, written as <c>"intervals": {"AP": [low, high], ...}</c> (null for
    /// a number no resample defines), the same per category, and <c>"bootstrap": {"resamples", "seed", "confidence"}</c>;
    /// none when <see langword="null"/>.
    /// </param>
    public static void Write(CocoResult result, IReadOnlyList<Category> categories, Stream stream, InputWarnings? warnings = null, ReportOptions? options = null, BootstrapResult? bootstrap = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(categories);
        options ??= new ReportOptions();
        var classes = ClassReport.Build(result, categories, options.F1IouThreshold);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartObject("tool");
        w.WriteString("name", "DetEval");
        w.WriteString("version", CocoReport.ToolVersion);
        w.WriteEndObject();
        w.WriteString("iouType", IouTypeName(result.Options.IouType));
        w.WriteStartObject("stats");
        WriteStats(w, result.Stats, result.KeypointStats);
        w.WriteEndObject();
        WriteIntervals(w, bootstrap, null);
        w.WriteStartArray("categories");
        for (int k = 0; k < result.Categories.Count; k++)
        {
            var cat = result.Categories[k];
            var row = classes[k];
            w.WriteStartObject();
            w.WriteNumber("id", cat.CategoryId);
            w.WriteString("name", row.Class);
            WriteStats(w, cat.Stats, cat.KeypointStats);
            w.WriteNumber("numGt", cat.NumGroundTruths);
            w.WriteNumber("numCrowd", cat.NumCrowd);
            w.WriteNumber("numDt", cat.NumDetections);
            w.WriteStartObject("bestF1");
            WriteNullable(w, "threshold", row.BestF1Threshold);
            WriteNullable(w, "precision", row.Precision);
            WriteNullable(w, "recall", row.Recall);
            WriteNullable(w, "f1", row.F1);
            w.WriteEndObject();
            WriteIntervals(w, bootstrap, k);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteParams(w, result);
        WriteBootstrap(w, bootstrap);
        w.WriteStartObject("report");
        w.WriteNumber("f1IouThreshold", result.Options.IouThresholds[ClassReport.NearestThreshold(result, options.F1IouThreshold)]);
        w.WriteNumber("confusionIouThreshold", options.ConfusionIouThreshold);
        w.WriteNumber("confusionScoreThreshold", options.ConfusionScoreThreshold);
        w.WriteEndObject();
        w.WriteStartObject("conventions");
        w.WriteString("reference", "pycocotools COCOeval (evaluate, accumulate, summarize)");
        w.WriteString("missingValue", "-1 where a category has no ground truth (as the reference)");
        w.WriteString("matching", "greedy by descending score (stable sort); IoU >= min(t, 1-1e-10); crowd truths absorb detections and are matched by intersection over detection area");
        w.WriteString("interpolation", "precision made monotone right to left, sampled at the recall thresholds (left search), mean over samples");
        w.WriteString("bestF1", "F1 = 2PR/(P+R) along the raw ranked curve at report.f1IouThreshold, area all, the last maxDets; threshold = the score of the best point; null when a class has no detection");
        w.WriteString("confusionMatrix", "rows = ground-truth class, columns = predicted class, last row/column = background; greedy by score, same class preferred");
        w.WriteString("numbers", "invariant culture, shortest round-trip doubles");
        w.WriteEndObject();
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

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
