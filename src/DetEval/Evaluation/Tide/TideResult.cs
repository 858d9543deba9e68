using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// The TIDE error breakdown (tidecv 1.0.1): its own AP at the positive threshold, and for each error type the AP
/// that fixing it alone would give. Every value is a fraction (tidecv prints percent).
/// </summary>
/// <remarks>
/// <para>
/// <b>AP.</b> Per class: its true and false positives (detections ignored by a crowd region are out), pooled over the
/// images in dataset order, each image's in score order, then stably sorted by descending score;
/// <c>precision = tp / (tp + fp)</c>, <c>recall = tp / numGt</c> cumulated; precision made non-increasing from the right
/// and sampled at the 101 recall points <c>x / 100</c> (the first point with recall &gt;= x; 0 beyond the last);
/// <c>AP = sum / 101</c>, 0 for a class without ground truth. <c>mAP</c> is the mean over the classes with ground truth
/// or detections in AP, in the order tidecv first meets them (it sums left to right).
/// </para>
/// <para>
/// <b>Oracle.</b> A fixed variant is rebuilt from the base run: every error's data point in the order the errors were
/// found, then the original true positives, then the ground-truth counts. Fixing Cls (Loc) turns each such error
/// that is its target ground truth's best-scoring Cls-or-Loc error, with the target unused, into a true positive of
/// the target's class (its own class) at its own score, and removes the others; fixing Both, Dupe or Bkg removes
/// those detections; fixing Missed lowers each class's ground-truth count by its Missed ground truths.
/// <c>dAP(type) = max(mAP(fixed) - mAP, 0)</c>, each type fixed alone. FalsePos scores every true positive 1 and
/// every false positive 0; FalseNeg sets each class's ground-truth count to its number of true positives; their dAPs
/// are not clipped.
/// </para>
/// </remarks>
public sealed class TideResult
{
    private readonly double[] fixedAp;
    private readonly double[] deltas;
    private readonly double[] unclipped;
    private readonly int[] counts;

    internal TideResult(TideOptions options, int imageCount, TideAccumulator.Outcome outcome)
    {
        Options = options;
        ImageCount = imageCount;
        // tidecv works in percent; its numbers divided by 100 are these to the last bit.
        double basePercent = outcome.BaseMeanAp;
        AP50 = basePercent / 100;
        fixedAp = new double[6];
        deltas = new double[6];
        unclipped = new double[6];
        for (int t = 0; t < 6; t++)
        {
            double fixedPercent = outcome.VariantMeanAp[t];
            fixedAp[t] = fixedPercent / 100;
            unclipped[t] = (fixedPercent - basePercent) / 100;
            // Parity: a negative dAP (tie order in the rebuilt data) is reported as 0.
            deltas[t] = Math.Max(fixedPercent - basePercent, 0) / 100;
        }

        FalsePositiveDeltaAP = (outcome.VariantMeanAp[TideAccumulator.FalsePositiveVariant] - basePercent) / 100;
        FalseNegativeDeltaAP = (outcome.VariantMeanAp[TideAccumulator.FalseNegativeVariant] - basePercent) / 100;
        counts = outcome.ErrorCounts;
        Classes = outcome.Classes;
    }

    /// <summary>The options used.</summary>
    public TideOptions Options { get; }

    /// <summary>The number of images evaluated.</summary>
    public int ImageCount { get; }

    /// <summary>tidecv's base mAP at the positive threshold (its "AP @ 50"), before any fix.</summary>
    public double AP50 { get; }

    /// <summary>The special error FalsePos: <c>mAP - AP50</c> with every false positive scored 0 and every true positive 1 (not clipped).</summary>
    public double FalsePositiveDeltaAP { get; }

    /// <summary>The special error FalseNeg: <c>mAP - AP50</c> with every false negative removed from the ground-truth counts (not clipped).</summary>
    public double FalseNegativeDeltaAP { get; }

    /// <summary>The classes in the mean, by ascending id.</summary>
    public IReadOnlyList<TideClassResult> Classes { get; }

    /// <summary>The main dAP of <paramref name="type"/>: <c>max(FixedAP50(type) - AP50, 0)</c>.</summary>
    /// <param name="type">The error type.</param>
    /// <returns>The dAP, a fraction.</returns>
    public double DeltaAP(TideErrorType type) => deltas[Index(type)];

    /// <summary>The main dAP of <paramref name="type"/> before tidecv's clipping at 0.</summary>
    /// <param name="type">The error type.</param>
    /// <returns><c>FixedAP50(type) - AP50</c>.</returns>
    public double UnclippedDeltaAP(TideErrorType type) => unclipped[Index(type)];

    /// <summary>The mAP with only the errors of <paramref name="type"/> fixed.</summary>
    /// <param name="type">The error type.</param>
    /// <returns>The fixed mAP, a fraction.</returns>
    public double FixedAP50(TideErrorType type) => fixedAp[Index(type)];

    /// <summary>How many errors of <paramref name="type"/> there are (detections for the first five, ground truths for Missed).</summary>
    /// <param name="type">The error type.</param>
    /// <returns>The count.</returns>
    public int ErrorCount(TideErrorType type) => counts[Index(type)];

    private static int Index(TideErrorType type) =>
        Enum.IsDefined(type) ? (int)type : throw new ArgumentOutOfRangeException(nameof(type), $"unknown error type {type}");
}
