using DetEval.Evaluation;

namespace DetEval.Metrics;

/// <summary>
/// The arithmetic of sam3's <c>CGF1Eval</c> (<c>evaluateImg</c>'s local F1, <c>accumulate</c>, <c>summarize</c>) and of
/// <c>CGF1Evaluator._select_best_scoring</c> (the oracle), with the reference's epsilons and operation order.
/// </summary>
internal static class ConceptMetrics
{
    /// <summary>The epsilon of the instance-level ratios.</summary>
    private const double InstanceEpsilon = 1e-4;

    /// <summary>The epsilon of the image-level ratios.</summary>
    private const double ImageEpsilon = 1e-6;

    /// <summary>
    /// One pair's F1 at one threshold: <c>p = TP/(TP+FP+1e-4)</c>, <c>r = TP/(TP+FN+1e-4)</c>,
    /// <c>2pr/(p+r+1e-4)</c>, where TP+FP = D and TP+FN = G.
    /// </summary>
    public static double LocalF1(int truePositives, int predictions, int truths)
    {
        double precision = truePositives / (predictions + InstanceEpsilon);
        double recall = truePositives / (truths + InstanceEpsilon);
        return F1(precision, recall);
    }

    /// <summary><c>np.mean</c> of a pair's local F1 over the thresholds (what the oracle compares).</summary>
    public static double MeanLocalF1(ReadOnlySpan<int> truePositives, int predictions, int truths)
    {
        Span<double> f1 = stackalloc double[truePositives.Length];
        for (int t = 0; t < f1.Length; t++)
        {
            f1[t] = LocalF1(truePositives[t], predictions, truths);
        }

        return NumpyMath.Sum(f1) / f1.Length;
    }

    /// <summary>
    /// The oracle's choice among the annotators' results for one pair, in file order: a true negative (no instance,
    /// no kept prediction) always replaces the kept result; otherwise a later result replaces a kept one that is not a
    /// true negative only when its mean local F1 is strictly greater. Returns the index of the kept result.
    /// </summary>
    public static int SelectAnnotator(ReadOnlySpan<ConceptMatchSummary> results)
    {
        int best = 0;
        for (int a = 1; a < results.Length; a++)
        {
            // Parity: a result without local F1 (a true negative) wins whatever was kept; a kept true negative stays.
            if (results[a].IsTrueNegative)
            {
                best = a;
            }
            else if (!results[best].IsTrueNegative && results[a].MeanLocalF1 > results[best].MeanLocalF1)
            {
                best = a;
            }
        }

        return best;
    }

    /// <summary>
    /// Accumulates the pairs (in the evaluated pairs' order, which fixes the order of the floating-point sums) into the
    /// reference's per-threshold and image-level metrics.
    /// </summary>
    public static ConceptTotals Accumulate(IReadOnlyList<ConceptPairRecord> records, int thresholdCount)
    {
        var totals = new ConceptTotals(thresholdCount);
        var localF1 = new double[thresholdCount];
        int positivePairs = 0;
        foreach (var r in records)
        {
            var outcome = r.Outcome;
            totals.ImageLevel[(int)outcome]++;
            if (outcome == ImageLevelOutcome.TrueNegative)
            {
                // Parity: a true negative has no instance counts at all.
                continue;
            }

            for (int t = 0; t < thresholdCount; t++)
            {
                int tp = r.TruePositives[t];
                totals.TruePositives[t] += tp;
                totals.FalsePositives[t] += r.Predictions - tp;
                totals.FalseNegatives[t] += r.Truths - tp;
            }

            if (outcome == ImageLevelOutcome.TruePositive)
            {
                // Parity: only image-level TP pairs add their FPs to positive_micro_FPs and their F1 to the macro sum
                // (an image-level FN adds zeros and is not counted).
                positivePairs++;
                for (int t = 0; t < thresholdCount; t++)
                {
                    int tp = r.TruePositives[t];
                    totals.PositiveMicroFalsePositives[t] += r.Predictions - tp;
                    localF1[t] += LocalF1(tp, r.Predictions, r.Truths);
                }
            }
        }

        for (int t = 0; t < thresholdCount; t++)
        {
            double tp = totals.TruePositives[t];
            double precision = tp / (totals.TruePositives[t] + totals.FalsePositives[t] + InstanceEpsilon);
            double positivePrecision = tp / (totals.TruePositives[t] + totals.PositiveMicroFalsePositives[t] + InstanceEpsilon);
            double recall = tp / (totals.TruePositives[t] + totals.FalseNegatives[t] + InstanceEpsilon);
            totals.Precision[t] = precision;
            totals.PositiveMicroPrecision[t] = positivePrecision;
            totals.Recall[t] = recall;
            totals.F1[t] = F1(precision, recall);
            totals.PositiveMicroF1[t] = F1(positivePrecision, recall);
            // Parity: with no image-level TP pair this is 0/0 = NaN, which the summary turns into -1.
            totals.PositiveMacroF1[t] = localF1[t] / positivePairs;
        }

        long ilTp = totals.ImageLevel[(int)ImageLevelOutcome.TruePositive];
        long ilFp = totals.ImageLevel[(int)ImageLevelOutcome.FalsePositive];
        long ilTn = totals.ImageLevel[(int)ImageLevelOutcome.TrueNegative];
        long ilFn = totals.ImageLevel[(int)ImageLevelOutcome.FalseNegative];
        double ilRecall = ilTp / (ilTp + ilFn + ImageEpsilon);
        double ilPrecision = ilTp / (ilTp + ilFp + ImageEpsilon);
        totals.IlRecall = ilRecall;
        totals.IlPrecision = ilPrecision;
        totals.IlF1 = 2 * ilPrecision * ilRecall / (ilPrecision + ilRecall + ImageEpsilon);
        totals.IlFpr = ilFp / (ilFp + ilTn + ImageEpsilon);
        // Parity: the numerator is exact integer arithmetic, then one rounding; the product of the four factors is
        // taken in doubles left to right and raised with ** 0.5 (C pow, as Math.Pow is), not sqrt.
        double product = (double)(ilTp + ilFp) * (ilTp + ilFn) * (ilTn + ilFp) * (ilTn + ilFn);
        totals.IlMcc = (double)((ilTp * ilTn) - (ilFp * ilFn)) / (Math.Pow(product, 0.5) + ImageEpsilon);
        for (int t = 0; t < thresholdCount; t++)
        {
            totals.CgF1[t] = totals.PositiveMicroF1[t] * totals.IlMcc;
        }

        return totals;
    }

    private static double F1(double precision, double recall) => 2 * precision * recall / (precision + recall + InstanceEpsilon);
}

/// <summary>What the oracle needs of one annotator's result for a pair.</summary>
/// <param name="IsTrueNegative">No instance and no kept prediction (the reference has no local F1 then).</param>
/// <param name="MeanLocalF1">The mean local F1 over the thresholds (0 for an image-level FP or FN).</param>
internal readonly record struct ConceptMatchSummary(bool IsTrueNegative, double MeanLocalF1);

/// <summary>The accumulated counts and per-threshold metrics (the reference's <c>self.eval</c>).</summary>
internal sealed class ConceptTotals(int thresholdCount)
{
    /// <summary>Pair counts by <see cref="ImageLevelOutcome"/>.</summary>
    public long[] ImageLevel { get; } = new long[4];

    public long[] TruePositives { get; } = new long[thresholdCount];

    public long[] FalsePositives { get; } = new long[thresholdCount];

    public long[] FalseNegatives { get; } = new long[thresholdCount];

    public long[] PositiveMicroFalsePositives { get; } = new long[thresholdCount];

    public double[] Precision { get; } = new double[thresholdCount];

    public double[] Recall { get; } = new double[thresholdCount];

    public double[] F1 { get; } = new double[thresholdCount];

    public double[] PositiveMacroF1 { get; } = new double[thresholdCount];

    public double[] PositiveMicroF1 { get; } = new double[thresholdCount];

    public double[] PositiveMicroPrecision { get; } = new double[thresholdCount];

    public double[] CgF1 { get; } = new double[thresholdCount];

    public double IlPrecision { get; set; }

    public double IlRecall { get; set; }

    public double IlF1 { get; set; }

    public double IlFpr { get; set; }

    public double IlMcc { get; set; }
}
