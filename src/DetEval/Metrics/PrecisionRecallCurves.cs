namespace DetEval;

/// <summary>
/// Curves for figures, read from a COCO result's interpolated precision array (<see cref="CocoResult.PrecisionAt"/>):
/// one category's precision at each recall threshold, and the mean of those curves over the categories. Area
/// <c>all</c> unless said, the last max-detections value.
/// </summary>
public static class PrecisionRecallCurves
{
    /// <summary>
    /// The interpolated precision of one category at each recall threshold: at the evaluated IoU threshold nearest
    /// <paramref name="iouThreshold"/>, or the mean over all IoU thresholds when it is null (the curve whose mean is
    /// AP@[.50:.95]). Null when the category has no ground truth (precision -1).
    /// </summary>
    /// <remarks><c>p[r] = sum over t of precision[t, r, k, a, M-1] / T'</c>, over the T' thresholds taken.</remarks>
    /// <param name="result">The evaluation result.</param>
    /// <param name="categoryIndex">Index into <see cref="CocoResult.CategoryIds"/>.</param>
    /// <param name="iouThreshold">The IoU threshold, or null for the mean over thresholds.</param>
    /// <param name="areaIndex">Index into the area ranges (0: all).</param>
    /// <returns>One value per recall threshold, or null.</returns>
    public static double[]? Interpolated(CocoResult result, int categoryIndex, double? iouThreshold, int areaIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetInterpolatedCurve(categoryIndex, iouThreshold is double iou ? result.IouThresholdIndex(iou) : null, areaIndex);
    }

    /// <summary>
    /// The mean of <see cref="Interpolated"/> over the categories that have one (those with ground truth), at each
    /// recall threshold: the bold "all classes" curve of a PR figure. Null when no category has ground truth.
    /// </summary>
    /// <remarks>
    /// <c>mean[r] = sum over k of p_k[r] / K'</c> (categories in result order, summed left to right). Its mean over the
    /// recall thresholds is the AP of the same IoU threshold (AP50 at 0.5), up to the order of the sums.
    /// </remarks>
    /// <param name="result">The evaluation result.</param>
    /// <param name="iouThreshold">The IoU threshold (the nearest evaluated one), or null for the mean over thresholds.</param>
    /// <param name="areaIndex">Index into the area ranges (0: all).</param>
    /// <returns>One value per recall threshold, or null.</returns>
    public static double[]? MeanInterpolated(CocoResult result, double? iouThreshold, int areaIndex = 0)
    {
        ArgumentNullException.ThrowIfNull(result);
        var curves = new List<double[]>();
        for (int k = 0; k < result.CategoryIds.Count; k++)
        {
            if (Interpolated(result, k, iouThreshold, areaIndex) is double[] curve)
            {
                curves.Add(curve);
            }
        }

        return Mean(curves);
    }

    /// <summary>The element-wise mean of equally long curves (summed in list order), or null when there are none.</summary>
    internal static double[]? Mean(IReadOnlyList<double[]> curves)
    {
        if (curves.Count == 0)
        {
            return null;
        }

        var mean = new double[curves[0].Length];
        foreach (var curve in curves)
        {
            for (int i = 0; i < mean.Length; i++)
            {
                mean[i] += curve[i];
            }
        }

        for (int i = 0; i < mean.Length; i++)
        {
            mean[i] /= curves.Count;
        }

        return mean;
    }

    /// <summary>
    /// A ranked curve's precision envelope sampled at <paramref name="recallThresholds"/>: at each threshold the
    /// highest precision reached at a recall at least that high, 0 when the curve never reaches it.
    /// </summary>
    /// <remarks>
    /// <c>p(x) = max { precision[i] : recall[i] &gt;= x }</c>, the envelope the VOC all-point and COCO 101-point APs
    /// integrate. NaN recalls (a class without positives) never reach a threshold.
    /// </remarks>
    internal static double[] Envelope(IReadOnlyList<double> recall, IReadOnlyList<double> precision, IReadOnlyList<double> recallThresholds)
    {
        // Walk from the last point back: the running maximum is the envelope at each point's recall.
        var samples = new double[recallThresholds.Count];
        int next = recallThresholds.Count - 1;
        double best = 0;
        for (int i = recall.Count - 1; i >= -1; i--)
        {
            double r = i >= 0 ? recall[i] : double.NegativeInfinity;
            // Thresholds above this point's recall (and at most the next point's) take the maximum so far.
            while (next >= 0 && !(recallThresholds[next] <= r))
            {
                samples[next--] = best;
            }

            if (i >= 0 && double.IsFinite(r))
            {
                best = Math.Max(best, precision[i]);
            }
        }

        return samples;
    }
}
