using System.Globalization;
using System.Text.Json;
using CsvHelper;

namespace DetEval.Reports;

/// <summary>
/// Writes SAM 3 concept-segmentation reports: the headline table, <c>report.json</c> (one schema for <c>--json</c> and
/// <c>--out</c>), and the per-phrase and per-pair tables as CSV, worst first.
/// </summary>
/// <remarks>
/// JSON: <c>{"mode": "concept", "iouType", "scoreThreshold", the 26 numbers under the reference's names
/// (<see cref="SamConceptResult.MetricNames"/>), "pairs": {"evaluated", "truePositive", "falsePositive",
/// "trueNegative", "falseNegative"}, "perThreshold": {"iouThresholds", "TPs", "FPs", "FNs", "positive_micro_FPs",
/// and each instance metric}}</c>. Numbers round-trip; NaN (a per-threshold <c>positive_macro_F1</c> without
/// image-level TP pairs) is null.
/// </remarks>
public static class SamConceptReport
{
    /// <summary>The report file in an output folder.</summary>
    public const string JsonFileName = "report.json";

    /// <summary>The per-phrase table in an output folder.</summary>
    public const string PhrasesFileName = "phrases.csv";

    /// <summary>The per-pair table in an output folder.</summary>
    public const string PairsFileName = "pairs.csv";

    /// <summary>The columns of the per-phrase table.</summary>
    public static IReadOnlyList<string> PhraseColumns { get; } =
        ["phrase", "pairs", "tpPairs", "fpPairs", "tnPairs", "fnPairs", "predictions", "instances", "tp@0.5", "tp@0.75", "score"];

    /// <summary>The columns of the per-pair table.</summary>
    public static IReadOnlyList<string> PairColumns { get; } =
        ["pairId", "fileName", "phrase", "outcome", "annotator", "predictions", "instances", "tp@0.5", "tp@0.75", "score"];

    /// <summary>Writes <c>report.json</c>, <c>phrases.csv</c> and <c>pairs.csv</c> into <paramref name="directory"/> (created when missing), all or nothing.</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The folder (created when missing).</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteDirectory(SamConceptResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the files of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output folder.</param>
    /// <returns>The paths added.</returns>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, SamConceptResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string json = Path.Combine(directory, JsonFileName), phrases = Path.Combine(directory, PhrasesFileName), pairs = Path.Combine(directory, PairsFileName);
        outputs.AddFile(json, null, s => WriteJson(result, s));
        outputs.AddFile(phrases, null, s => WritePhrasesCsv(result, s));
        outputs.AddFile(pairs, null, s => WritePairsCsv(result, s));
        return [json, phrases, pairs];
    }

    /// <summary>Writes the headline table: cgF1, positive_micro_F1 and IL_MCC, then (unless <paramref name="quiet"/>) every other number.</summary>
    /// <param name="result">The result.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="quiet">Only the first line and the three headline numbers.</param>
    public static void WriteSummary(SamConceptResult result, TextWriter writer, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SAM 3 concept segmentation ({IouName(result.Options.IouType)}): {result.PairCount} pairs; image level {result.TruePositivePairs} TP, {result.FalsePositivePairs} FP, {result.TrueNegativePairs} TN, {result.FalseNegativePairs} FN"));
        writer.WriteLine($"  {"",-26} {"0.50:0.95",9} {"@0.5",9} {"@0.75",9}");
        string[] headline = ["cgF1", "positive_micro_F1"];
        string[] rest = ["precision", "recall", "F1", "positive_macro_F1", "positive_micro_precision"];
        foreach (string name in quiet ? headline : [.. headline, .. rest])
        {
            var m = result.Metrics;
            writer.WriteLine($"  {name,-26} {F(m[name]),9} {F(m[name + "@0.5"]),9} {F(m[name + "@0.75"]),9}");
        }

        string[] imageLevel = quiet ? ["IL_MCC"] : ["IL_MCC", .. SamConceptResult.ImageLevelMetricNames.Where(n => n != "IL_MCC")];
        foreach (string name in imageLevel)
        {
            writer.WriteLine($"  {name,-26} {F(result.Metrics[name]),9}");
        }
    }

    /// <summary>Writes the JSON report.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 JSON.</param>
    public static void WriteJson(SamConceptResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("mode", "concept");
        w.WriteString("iouType", IouName(result.Options.IouType));
        w.WriteNumber("scoreThreshold", result.Options.ScoreThreshold);
        foreach (string name in SamConceptResult.MetricNames)
        {
            Number(w, name, result.Metrics[name]);
        }

        w.WriteStartObject("pairs");
        w.WriteNumber("evaluated", result.PairCount);
        w.WriteNumber("truePositive", result.TruePositivePairs);
        w.WriteNumber("falsePositive", result.FalsePositivePairs);
        w.WriteNumber("trueNegative", result.TrueNegativePairs);
        w.WriteNumber("falseNegative", result.FalseNegativePairs);
        w.WriteEndObject();
        w.WriteStartObject("perThreshold");
        Numbers(w, "iouThresholds", result.IouThresholds);
        Counts(w, "TPs", result.TruePositives);
        Counts(w, "FPs", result.FalsePositives);
        Counts(w, "FNs", result.FalseNegatives);
        Counts(w, "positive_micro_FPs", result.PositiveMicroFalsePositives);
        foreach (string name in SamConceptResult.InstanceMetricNames)
        {
            Numbers(w, name, result.PerThreshold[name]);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Writes the per-phrase table (<see cref="PhraseColumns"/>), worst phrase first.</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 CSV.</param>
    public static void WritePhrasesCsv(SamConceptResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (at50, at75) = ThresholdColumns(result);
        WriteCsv(stream, PhraseColumns, result.Phrases, (csv, p) =>
        {
            csv.WriteField(p.Phrase);
            Int(csv, p.Pairs);
            Int(csv, p.TruePositivePairs);
            Int(csv, p.FalsePositivePairs);
            Int(csv, p.TrueNegativePairs);
            Int(csv, p.FalseNegativePairs);
            Tail(csv, p.Predictions, p.Truths, at50 < 0 ? -1 : p.TruePositives[at50], at75 < 0 ? -1 : p.TruePositives[at75], p.Score);
        });
    }

    /// <summary>Writes the per-pair table (<see cref="PairColumns"/>), worst pair first (lowest score, then the file's order).</summary>
    /// <param name="result">The result.</param>
    /// <param name="stream">Where to write UTF-8 CSV.</param>
    public static void WritePairsCsv(SamConceptResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        var (at50, at75) = ThresholdColumns(result);
        WriteCsv(stream, PairColumns, [.. result.Pairs.OrderBy(p => p.Score)], (csv, p) =>
        {
            Int(csv, p.PairId);
            csv.WriteField(p.FileName);
            csv.WriteField(p.Phrase);
            csv.WriteField(OutcomeName(p.Outcome));
            Int(csv, p.Annotator);
            Tail(csv, p.Predictions, p.Truths, at50 < 0 ? -1 : p.TruePositives[at50], at75 < 0 ? -1 : p.TruePositives[at75], p.Score);
        });
    }

    /// <summary>The report name of an outcome: <c>TP</c>, <c>FP</c>, <c>TN</c>, <c>FN</c>.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The name.</returns>
    public static string OutcomeName(ImageLevelOutcome outcome) => outcome switch
    {
        ImageLevelOutcome.TruePositive => "TP",
        ImageLevelOutcome.FalsePositive => "FP",
        ImageLevelOutcome.TrueNegative => "TN",
        _ => "FN",
    };

    private static string IouName(IouType type) => type == IouType.Bbox ? "bbox" : "segm";

    /// <summary>The indices of the IoU thresholds 0.5 and 0.75 (-1 when there is none), the TP columns of the tables.</summary>
    internal static (int At50, int At75) ThresholdColumns(SamConceptResult result)
    {
        var t = result.IouThresholds;
        return (Index(t, 0.5), Index(t, 0.75));

        static int Index(IReadOnlyList<double> values, double v)
        {
            for (int i = 0; i < values.Count; i++)
            {
                if (values[i] == v)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    private static void WriteCsv<T>(Stream stream, IReadOnlyList<string> columns, IReadOnlyList<T> rows, Action<CsvWriter, T> write)
    {
        var options = new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };
        using CsvWriter csv = CsvWriter.Create(stream, options, true);
        csv.WriteHeader([.. columns]);
        foreach (var row in rows)
        {
            write(csv, row);
            csv.EndRecord();
        }

        csv.Flush();
    }

    /// <summary>The columns both tables end with: predictions, instances, TP at 0.5 and 0.75 (-1 without such a threshold), score.</summary>
    private static void Tail(CsvWriter csv, long predictions, long truths, long at50, long at75, double score)
    {
        Int(csv, predictions);
        Int(csv, truths);
        Int(csv, at50);
        Int(csv, at75);
        csv.WriteField(score.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void Int(CsvWriter csv, long value) => csv.WriteField(value.ToString(CultureInfo.InvariantCulture));

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

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

    private static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                w.WriteNumberValue(v);
            }
            else
            {
                w.WriteNullValue();
            }
        }

        w.WriteEndArray();
    }

    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyList<long> values)
    {
        w.WriteStartArray(name);
        foreach (long v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
