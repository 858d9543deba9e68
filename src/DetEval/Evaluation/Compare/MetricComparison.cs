namespace DetEval;

/// <summary>One number of two models side by side: both values, B − A, its paired bootstrap interval and how often B wins.</summary>
/// <param name="Name">The number (<c>AP</c>, <c>AP50</c>, ...).</param>
/// <param name="A">Model A's value (COCO's -1 when undefined).</param>
/// <param name="B">Model B's value.</param>
/// <param name="Difference"><c>B - A</c>, NaN when either is undefined.</param>
/// <param name="Interval">The percentile interval of <c>B - A</c> over the paired resamples in which both are defined; null without a bootstrap.</param>
/// <param name="ShareBBetter">The share of those resamples in which B's value is strictly above A's; null without a bootstrap or when no resample defines both.</param>
public sealed record MetricComparison(string Name, double A, double B, double Difference, ConfidenceInterval? Interval, double? ShareBBetter);
