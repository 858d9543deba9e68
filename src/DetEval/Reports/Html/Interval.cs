namespace DetEval.Reports.Html;

/// <summary>A confidence interval as a page shows it (from a bootstrap or a paired comparison).</summary>
/// <param name="Low">The lower end.</param>
/// <param name="High">The upper end.</param>
/// <param name="Resamples">The resamples that defined it; none: not shown.</param>
internal readonly record struct Interval(double Low, double High, int Resamples)
{
    /// <summary>Whether any resample defined it.</summary>
    public bool IsDefined => Resamples > 0 && double.IsFinite(Low) && double.IsFinite(High);
}
