namespace DetEval;

/// <summary>A percentile bootstrap interval.</summary>
/// <param name="Low">The lower end: the <c>(1 - confidence) / 2</c> quantile of the resampled values.</param>
/// <param name="High">The upper end: the <c>(1 + confidence) / 2</c> quantile.</param>
/// <param name="Resamples">The resamples in which the number was defined (COCO's -1 and NaN are left out); the ends are NaN when none was.</param>
public readonly record struct ConfidenceInterval(double Low, double High, int Resamples)
{
    /// <summary>Whether any resample defined the number.</summary>
    public bool IsDefined => Resamples > 0;
}
