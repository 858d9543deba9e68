namespace DetEval.Metrics;

/// <summary>
/// Precision, recall and F1 of a ranked curve when only the detections scoring at least each threshold of a grid
/// are kept: the curves of an "F1 / precision / recall against confidence" figure.
/// </summary>
/// <remarks>
/// At threshold <c>x</c> the kept detections are the first <c>n = #{i : score[i] &gt;= x}</c> of the curve (scores
/// descend, so ties at <c>x</c> are all kept) and the values are the curve's at point <c>n - 1</c>:
/// <c>precision[n-1]</c>, <c>recall[n-1]</c>, <c>F1 = 2PR / (P + R)</c> (0 when both are 0). When nothing is kept,
/// precision is 1 and recall and F1 are 0, as ultralytics draws these curves.
/// </remarks>
internal sealed class ConfidenceSweep
{
    private ConfidenceSweep(double[] thresholds, double[] precision, double[] recall, double[] f1)
    {
        Thresholds = thresholds;
        Precision = precision;
        Recall = recall;
        F1 = f1;
    }

    /// <summary>The thresholds, ascending.</summary>
    public double[] Thresholds { get; }

    /// <summary>Precision at each threshold.</summary>
    public double[] Precision { get; }

    /// <summary>Recall at each threshold.</summary>
    public double[] Recall { get; }

    /// <summary>F1 at each threshold.</summary>
    public double[] F1 { get; }

    /// <summary>The sweep of <paramref name="curve"/> over <paramref name="thresholds"/> (ascending).</summary>
    public static ConfidenceSweep Of(RankedCurve curve, double[] thresholds)
    {
        int count = thresholds.Length;
        var precision = new double[count];
        var recall = new double[count];
        var f1 = new double[count];
        var curveF1 = curve.F1();
        // Thresholds ascend and scores descend: walk the kept count down as the threshold rises.
        int kept = curve.Scores.Length;
        for (int j = 0; j < count; j++)
        {
            while (kept > 0 && !(curve.Scores[kept - 1] >= thresholds[j]))
            {
                kept--;
            }

            (precision[j], recall[j], f1[j]) = kept == 0 ? (1.0, 0.0, 0.0) : (curve.Precision[kept - 1], curve.Recall[kept - 1], curveF1[kept - 1]);
        }

        return new ConfidenceSweep(thresholds, precision, recall, f1);
    }

    /// <summary>
    /// A grid of <paramref name="points"/> evenly spaced thresholds: over [0, 1] when every score of
    /// <paramref name="curves"/> lies in it, else from the lowest to the highest score.
    /// </summary>
    public static double[] Grid(IEnumerable<RankedCurve> curves, int points = 101)
    {
        double low = 0, high = 1;
        foreach (var curve in curves)
        {
            foreach (double s in curve.Scores)
            {
                low = Math.Min(low, s);
                high = Math.Max(high, s);
            }
        }

        return NumpyMath.Linspace(low, high, points);
    }

    /// <summary>The element-wise means of several sweeps over one grid: precision, recall, F1 (null when there are none).</summary>
    public static ConfidenceSweep? Mean(IReadOnlyList<ConfidenceSweep> sweeps)
    {
        if (sweeps.Count == 0)
        {
            return null;
        }

        return new ConfidenceSweep(
            sweeps[0].Thresholds,
            PrecisionRecallCurves.Mean([.. sweeps.Select(s => s.Precision)])!,
            PrecisionRecallCurves.Mean([.. sweeps.Select(s => s.Recall)])!,
            PrecisionRecallCurves.Mean([.. sweeps.Select(s => s.F1)])!);
    }

    /// <summary>The index of the highest F1 (the lowest threshold on ties).</summary>
    public int BestF1Index()
    {
        int best = 0;
        for (int j = 1; j < F1.Length; j++)
        {
            if (F1[j] > F1[best])
            {
                best = j;
            }
        }

        return best;
    }
}
