using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DetEval.Evaluation;

namespace DetEval.Reports;

/// <summary>
/// Writes a VOC evaluation as JSON: <c>{"ap", "iou", "mAP", "classesAveraged", "conventions", "classes": [{"name",
/// "AP", "numPositives", "numDifficult", "numDetections", "tp", "fp"}]}</c>, with <c>null</c> for a NaN AP or mAP.
/// </summary>
public static class VocJsonReport
{
    /// <summary>The command-line name of an AP method: <c>11point</c>, <c>allpoint</c> or <c>101point</c>.</summary>
    public static string MethodName(AveragePrecisionMethod method) => method switch
    {
        AveragePrecisionMethod.ElevenPoint => "11point",
        AveragePrecisionMethod.AllPoint => "allpoint",
        _ => "101point",
    };

    /// <summary>One line saying which conventions an evaluation used.</summary>
    public static string Conventions(VocOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string ap = ApConvention(options);
        string compare = options.IouComparison == IouComparison.GreaterThan ? ">" : ">=";
        string pixels = options.PixelConvention == PixelConvention.Inclusive ? "inclusive pixels (w = x2 - x1 + 1)" : "continuous coordinates (w = x2 - x1)";
        string difficult = options.IgnoreDifficult ? "difficult ignored" : "difficult counted";
        return string.Create(CultureInfo.InvariantCulture,
            $"{ap}; match if IoU {compare} {options.IouThreshold:R}; {pixels}; {difficult}; ties in score keep image-set order, then file order");
    }

    /// <summary>The AP part of <see cref="Conventions"/> (also DOTA's).</summary>
    internal static string ApConvention(VocOptions options) => options.AveragePrecisionMethod switch
    {
        AveragePrecisionMethod.ElevenPoint => options.ElevenPointLevels == ElevenPointLevels.Numpy
            ? "11-point AP (VOC2007, levels np.arange(0, 1.1, 0.1) = k*0.1 in double)"
            : "11-point AP (VOC2007, levels k/10)",
        AveragePrecisionMethod.AllPoint => "all-point AP (VOC2010+, area under the precision envelope)",
        _ => string.Create(CultureInfo.InvariantCulture, $"{options.RecallThresholds.Count}-point interpolated AP (COCO sampling)"),
    };

    /// <summary>Writes the report of <paramref name="result"/> to <paramref name="stream"/>.</summary>
    /// <param name="result">The evaluation result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void Write(VocResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        Write(result, stream, Conventions(result.Options), extra: null);
    }

    /// <summary>
    /// The VOC schema with another conventions line and, after <c>"iou"</c>, the protocol's own fields (DOTA writes
    /// its IoU mode there).
    /// </summary>
    internal static void Write(VocResult result, Stream stream, string conventions, Action<Utf8JsonWriter>? extra)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("ap", MethodName(result.Options.AveragePrecisionMethod));
        w.WriteNumber("iou", result.Options.IouThreshold);
        extra?.Invoke(w);
        WriteNumberOrNull(w, "mAP", result.MeanAveragePrecision);
        w.WriteNumber("classesAveraged", result.ClassesAveraged);
        w.WriteString("conventions", conventions);
        w.WriteStartArray("classes");
        foreach (var cls in result.Classes)
        {
            w.WriteStartObject();
            w.WriteString("name", cls.Name);
            WriteNumberOrNull(w, "AP", cls.AveragePrecision);
            w.WriteNumber("numPositives", cls.NumPositives);
            w.WriteNumber("numDifficult", cls.NumDifficult);
            w.WriteNumber("numDetections", cls.NumDetections);
            w.WriteNumber("tp", cls.TruePositives);
            w.WriteNumber("fp", cls.FalsePositives);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter w, string name, double value)
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
