using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The parameters of the Pascal VOC protocol. The defaults are the devkit's <c>voc_eval</c> with the VOC2007
/// metric: IoU &gt; 0.5 with +1 pixel sizes, 11-point AP at the <c>np.arange</c> levels, difficult objects ignored.
/// Immutable and checked when set: an invalid value throws <see cref="ArgumentException"/> at construction.
/// </summary>
public sealed record VocOptions
{
    /// <summary>The IoU threshold (<c>ovthresh</c>), in [0, 1].</summary>
    public double IouThreshold { get; init => field = OptionChecks.UnitThreshold(value, nameof(IouThreshold)); } = 0.5;

    /// <summary>How the best IoU is compared with <see cref="IouThreshold"/>.</summary>
    public IouComparison IouComparison { get; init => field = OptionChecks.Defined(value, nameof(IouComparison)); } = IouComparison.GreaterThan;

    /// <summary>Whether box sizes get the +1 of inclusive pixel corners.</summary>
    public PixelConvention PixelConvention { get; init => field = OptionChecks.Defined(value, nameof(PixelConvention)); } = PixelConvention.Inclusive;

    /// <summary>How the curve becomes one AP number.</summary>
    public AveragePrecisionMethod AveragePrecisionMethod { get; init => field = OptionChecks.Defined(value, nameof(AveragePrecisionMethod)); } = AveragePrecisionMethod.ElevenPoint;

    /// <summary>How the 11-point recall levels are built (for <see cref="AveragePrecisionMethod.ElevenPoint"/>).</summary>
    public ElevenPointLevels ElevenPointLevels { get; init => field = OptionChecks.Defined(value, nameof(ElevenPointLevels)); } = ElevenPointLevels.Numpy;

    /// <summary>The recall thresholds of <see cref="AveragePrecisionMethod.CocoInterpolated"/>, in [0, 1] and ascending (default: the 101 COCO ones).</summary>
    public IReadOnlyList<double> RecallThresholds { get; init => field = OptionChecks.UnitThresholds(value, nameof(RecallThresholds), sorted: true); } = CocoOptions.CocoRecallThresholds;

    /// <summary>
    /// Leave <c>difficult</c> objects out of the positives and make detections on them neither TP nor FP (the
    /// devkit); false treats them as ordinary objects.
    /// </summary>
    public bool IgnoreDifficult { get; init; } = true;

    /// <summary>VOC2007: <c>voc_eval(use_07_metric=True)</c>.</summary>
    public static VocOptions Voc2007() => new();

    /// <summary>VOC2010 and later: <c>voc_eval(use_07_metric=False)</c>, the all-point AP.</summary>
    public static VocOptions Voc2010() => new() { AveragePrecisionMethod = AveragePrecisionMethod.AllPoint };
}
