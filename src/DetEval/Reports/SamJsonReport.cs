using System.Text.Json;
using DetEval.Evaluation;

namespace DetEval.Reports;

/// <summary>
/// Writes SAM evaluation reports as JSON. Prompt mode: <c>{"mode": "prompt", "prompts", "mIoU", "oracleMIoU",
/// "iouAtLeast": {"0.5", "0.75", "0.9"}, "calibration": {"mae", "pearson"}, "skipped"}</c>. Auto mode:
/// <c>{"mode": "auto", "score", "stats": {AP..ARl}, "bestIoU": {"mean", "recallAt": {…}}, "images": {"paired",
/// "unpairedPredictions", "gtWithoutPredictions"}, "counts": {…}, "skipped"}</c>. Numbers round-trip; NaN is null.
/// </summary>
public static class SamJsonReport
{
    /// <summary>Writes a prompt-mode report.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void Write(SamPromptResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("mode", "prompt");
        w.WriteNumber("prompts", result.Prompts);
        Number(w, "mIoU", result.MeanIou);
        Number(w, "oracleMIoU", result.OracleMeanIou);
        Thresholded(w, "iouAtLeast", result.IouAtLeast);
        w.WriteStartObject("calibration");
        Number(w, "mae", result.CalibrationMae);
        Number(w, "pearson", result.CalibrationPearson);
        w.WriteEndObject();
        w.WriteNumber("skipped", result.Skipped);
        w.WriteEndObject();
    }

    /// <summary>Writes an auto-mode report.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void Write(SamAutoResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("mode", "auto");
        w.WriteString("score", ScoreName(result.Score));
        w.WriteStartObject("stats");
        double[] stats = result.Stats.ToArray();
        for (int i = 0; i < stats.Length; i++)
        {
            Number(w, SamAutoStats.Names[i], stats[i]);
        }

        w.WriteEndObject();
        w.WriteStartObject("bestIoU");
        Number(w, "mean", result.MeanBestIou);
        Thresholded(w, "recallAt", result.RecallAt);
        w.WriteEndObject();
        w.WriteStartObject("images");
        w.WriteNumber("paired", result.Paired);
        Strings(w, "unpairedPredictions", result.UnpairedPredictions);
        Strings(w, "gtWithoutPredictions", result.GroundTruthWithoutPredictions);
        w.WriteEndObject();
        w.WriteStartObject("counts");
        w.WriteNumber("gtImages", result.GroundTruthImages);
        w.WriteNumber("gtMasks", result.GroundTruthMasks);
        w.WriteNumber("predictedMasks", result.PredictedMasks);
        w.WriteNumber("unpairedPredictedMasks", result.UnpairedPredictedMasks);
        w.WriteEndObject();
        w.WriteNumber("skipped", result.Skipped);
        w.WriteEndObject();
    }

    /// <summary>The command-line and report name of a score: <c>predicted_iou</c>, <c>stability</c>, <c>product</c>.</summary>
    /// <param name="score">The score.</param>
    public static string ScoreName(SamScore score) => score switch
    {
        SamScore.Stability => "stability",
        SamScore.Product => "product",
        _ => "predicted_iou",
    };

    private static void Thresholded(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartObject(name);
        for (int i = 0; i < values.Count; i++)
        {
            Number(w, SamMetrics.Key(SamMetrics.Thresholds[i]), values[i]);
        }

        w.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (string v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void Number(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsFinite(value))
        {
            w.WriteNumber(name, value);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
