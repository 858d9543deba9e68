using System.Collections.ObjectModel;
using DetEval.Evaluation;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// The result of a SAM 3 concept-segmentation evaluation: the 26 numbers of sam3's <c>CGF1Evaluator</c> under its
/// names, the counts behind them per IoU threshold, and per-pair and per-phrase rows.
/// </summary>
/// <remarks>
/// <para>
/// Per threshold t, summed over the evaluated pairs (true negatives add nothing): TP, FP = D - TP, FN = G - TP, and
/// pmFP = the FP of image-level TP pairs only. Then <c>precision = TP/(TP+FP+1e-4)</c>,
/// <c>recall = TP/(TP+FN+1e-4)</c>, <c>F1 = 2PR/(P+R+1e-4)</c>, <c>positive_micro_precision = TP/(TP+pmFP+1e-4)</c>,
/// <c>positive_micro_F1 = 2·pmP·R/(pmP+R+1e-4)</c>, <c>positive_macro_F1</c> = the mean local F1 of the image-level TP
/// pairs, and <c>cgF1(t) = positive_micro_F1(t) · IL_MCC</c>.
/// </para>
/// <para>
/// Image level, over pair counts: <c>IL_recall = TP/(TP+FN+1e-6)</c>, <c>IL_precision = TP/(TP+FP+1e-6)</c>,
/// <c>IL_F1 = 2PR/(P+R+1e-6)</c>, <c>IL_FPR = FP/(FP+TN+1e-6)</c>,
/// <c>IL_MCC = (TP·TN - FP·FN) / (sqrt((TP+FP)(TP+FN)(TN+FP)(TN+FN)) + 1e-6)</c>.
/// </para>
/// <para>
/// Reported: each instance metric as the mean over the thresholds of its values above -1 (NaN dropped; -1 when none
/// is left), and at 0.5 and 0.75 (<c>name@0.5</c>, <c>name@0.75</c>); the image-level metrics as they are.
/// <c>cgF1</c> is the mean of the products, not the product of the means.
/// </para>
/// </remarks>
public sealed class SamConceptResult
{
    /// <summary>The seven instance-level metrics, in the reference's order (each also at 0.5 and 0.75).</summary>
    public static IReadOnlyList<string> InstanceMetricNames { get; } =
        ["cgF1", "precision", "recall", "F1", "positive_macro_F1", "positive_micro_F1", "positive_micro_precision"];

    /// <summary>The five image-level metrics, in the reference's order.</summary>
    public static IReadOnlyList<string> ImageLevelMetricNames { get; } = ["IL_precision", "IL_recall", "IL_F1", "IL_FPR", "IL_MCC"];

    /// <summary>The 26 keys of <see cref="Metrics"/> in the reference's order (its result keys without the <c>cgF1_eval_segm_</c> prefix).</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
    [
        .. InstanceMetricNames, .. ImageLevelMetricNames,
        .. InstanceMetricNames.Select(n => n + "@0.5"), .. InstanceMetricNames.Select(n => n + "@0.75"),
    ];

    internal SamConceptResult(SamConceptOptions options, ConceptTotals totals, ConceptPairRecord[] records)
    {
        Options = options;
        IouThresholds = options.IouThresholds;
        PairCount = records.Length;
        var perThreshold = new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal)
        {
            ["cgF1"] = ReadOnly(totals.CgF1),
            ["precision"] = ReadOnly(totals.Precision),
            ["recall"] = ReadOnly(totals.Recall),
            ["F1"] = ReadOnly(totals.F1),
            ["positive_macro_F1"] = ReadOnly(totals.PositiveMacroF1),
            ["positive_micro_F1"] = ReadOnly(totals.PositiveMicroF1),
            ["positive_micro_precision"] = ReadOnly(totals.PositiveMicroPrecision),
        };
        PerThreshold = new ReadOnlyDictionary<string, IReadOnlyList<double>>(perThreshold);

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in InstanceMetricNames)
        {
            metrics[name] = NumpyMath.MeanOfDefined([.. perThreshold[name]]);
        }

        metrics["IL_precision"] = totals.IlPrecision;
        metrics["IL_recall"] = totals.IlRecall;
        metrics["IL_F1"] = totals.IlF1;
        metrics["IL_FPR"] = totals.IlFpr;
        metrics["IL_MCC"] = totals.IlMcc;
        foreach (double at in (double[])[0.5, 0.75])
        {
            // Parity: the value at the thresholds equal to `at` (np.where(iouThr == p.iouThrs)), then the same mean.
            int[] hits = [.. Enumerable.Range(0, IouThresholds.Count).Where(t => IouThresholds[t] == at)];
            foreach (string name in InstanceMetricNames)
            {
                metrics[name + "@" + (at == 0.5 ? "0.5" : "0.75")] = NumpyMath.MeanOfDefined([.. hits.Select(t => perThreshold[name][t])]);
            }
        }

        Metrics = new ReadOnlyDictionary<string, double>(metrics);
        TruePositives = ReadOnly(totals.TruePositives);
        FalsePositives = ReadOnly(totals.FalsePositives);
        FalseNegatives = ReadOnly(totals.FalseNegatives);
        PositiveMicroFalsePositives = ReadOnly(totals.PositiveMicroFalsePositives);
        TruePositivePairs = (int)totals.ImageLevel[(int)ImageLevelOutcome.TruePositive];
        FalsePositivePairs = (int)totals.ImageLevel[(int)ImageLevelOutcome.FalsePositive];
        TrueNegativePairs = (int)totals.ImageLevel[(int)ImageLevelOutcome.TrueNegative];
        FalseNegativePairs = (int)totals.ImageLevel[(int)ImageLevelOutcome.FalseNegative];
        Pairs = Array.AsReadOnly([.. records.Select(ToRow)]);
        Phrases = Array.AsReadOnly(ByPhrase(Pairs, IouThresholds.Count));
    }

    /// <summary>The options evaluated with.</summary>
    public SamConceptOptions Options { get; }

    /// <summary>The IoU thresholds the per-threshold values are at.</summary>
    public IReadOnlyList<double> IouThresholds { get; }

    /// <summary>The number of pairs evaluated.</summary>
    public int PairCount { get; }

    /// <summary>The 26 numbers under the reference's names (<see cref="MetricNames"/>), as fractions (-1 where the reference gives -1).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The seven instance-level metrics per IoU threshold, by name (<see cref="InstanceMetricNames"/>); NaN where the reference has NaN.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>> PerThreshold { get; }

    /// <summary><c>cgF1</c>: the mean over the thresholds of <c>positive_micro_F1(t) · IL_MCC</c> (the headline number).</summary>
    public double CgF1 => Metrics["cgF1"];

    /// <summary><c>positive_micro_F1</c>, mean over the thresholds.</summary>
    public double PositiveMicroF1 => Metrics["positive_micro_F1"];

    /// <summary><c>IL_MCC</c>: the image-level Matthews correlation coefficient.</summary>
    public double IlMcc => Metrics["IL_MCC"];

    /// <summary>Per IoU threshold, the true positives over the evaluated pairs.</summary>
    public IReadOnlyList<long> TruePositives { get; }

    /// <summary>Per IoU threshold, the false positives (kept predictions not matched at that threshold), image-level FP pairs included.</summary>
    public IReadOnlyList<long> FalsePositives { get; }

    /// <summary>Per IoU threshold, the false negatives (instances not matched at that threshold).</summary>
    public IReadOnlyList<long> FalseNegatives { get; }

    /// <summary>Per IoU threshold, the false positives of image-level TP pairs only (<c>positive_micro_FPs</c>).</summary>
    public IReadOnlyList<long> PositiveMicroFalsePositives { get; }

    /// <summary>Image-level true positives: pairs with instances and kept predictions.</summary>
    public int TruePositivePairs { get; }

    /// <summary>Image-level false positives: pairs without instances but with kept predictions.</summary>
    public int FalsePositivePairs { get; }

    /// <summary>Image-level true negatives: pairs without instances and without kept predictions.</summary>
    public int TrueNegativePairs { get; }

    /// <summary>Image-level false negatives: pairs with instances but without kept predictions.</summary>
    public int FalseNegativePairs { get; }

    /// <summary>The evaluated pairs, in the order of the first ground-truth file.</summary>
    public IReadOnlyList<SamConceptPairResult> Pairs { get; }

    /// <summary>The noun phrases, worst first (lowest <see cref="SamConceptPhraseResult.Score"/>; ties in first-seen order).</summary>
    public IReadOnlyList<SamConceptPhraseResult> Phrases { get; }

    private static ReadOnlyCollection<T> ReadOnly<T>(T[] values) => Array.AsReadOnly((T[])values.Clone());

    private static SamConceptPairResult ToRow(ConceptPairRecord r)
    {
        double score = r.Outcome == ImageLevelOutcome.TrueNegative ? 1 : ConceptMetrics.MeanLocalF1(r.TruePositives, r.Predictions, r.Truths);
        return new SamConceptPairResult(r.PairId, r.FileName, r.Phrase, r.Outcome, r.Annotator, r.Predictions, r.Truths, Array.AsReadOnly((int[])r.TruePositives.Clone()), score);
    }

    private static SamConceptPhraseResult[] ByPhrase(IReadOnlyList<SamConceptPairResult> pairs, int thresholdCount)
    {
        var groups = new Dictionary<string, List<SamConceptPairResult>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var pair in pairs)
        {
            if (!groups.TryGetValue(pair.Phrase, out var list))
            {
                groups.Add(pair.Phrase, list = []);
                order.Add(pair.Phrase);
            }

            list.Add(pair);
        }

        var rows = order.Select(phrase =>
        {
            var list = groups[phrase];
            var tp = new long[thresholdCount];
            foreach (var p in list)
            {
                for (int t = 0; t < thresholdCount; t++)
                {
                    tp[t] += p.TruePositives[t];
                }
            }

            int Count(ImageLevelOutcome o) => list.Count(p => p.Outcome == o);
            return new SamConceptPhraseResult(
                phrase,
                list.Count,
                Count(ImageLevelOutcome.TruePositive),
                Count(ImageLevelOutcome.FalsePositive),
                Count(ImageLevelOutcome.TrueNegative),
                Count(ImageLevelOutcome.FalseNegative),
                list.Sum(p => (long)p.Predictions),
                list.Sum(p => (long)p.Truths),
                Array.AsReadOnly(tp),
                list.Average(p => p.Score));
        }).ToArray();

        // Stable: equal scores keep the order in which the phrases first appear.
        return [.. rows.OrderBy(r => r.Score)];
    }
}
