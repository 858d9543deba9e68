using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The parameters of the DOTA Task1 protocol (oriented boxes). The defaults are the devkit's <c>main()</c>: polygon
/// IoU &gt; 0.5 with the devkit's arithmetic, 11-point AP (<c>use_07_metric=True</c>), difficult objects ignored.
/// Immutable and checked when set.
/// </summary>
/// <remarks>
/// Fixed by the protocol: a match needs IoU strictly greater than <see cref="IouThreshold"/>; the first maximum wins
/// and there is no fall-back to the second-best object; detections on difficult objects are neither TP nor FP;
/// tied scores keep results-file order.
/// </remarks>
public sealed record DotaOptions
{
    /// <summary>The IoU threshold (<c>ovthresh</c>), in [0, 1].</summary>
    public double IouThreshold { get; init => field = OptionChecks.UnitThreshold(value, nameof(IouThreshold)); } = 0.5;

    /// <summary>How the curve becomes one AP: <see cref="AveragePrecisionMethod.ElevenPoint"/> (the devkit's default run) or <see cref="AveragePrecisionMethod.AllPoint"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Another method.</exception>
    public AveragePrecisionMethod AveragePrecisionMethod
    {
        get;
        init => field = value is AveragePrecisionMethod.ElevenPoint or AveragePrecisionMethod.AllPoint
            ? value
            : throw new ArgumentOutOfRangeException(nameof(AveragePrecisionMethod), value, "DOTA uses the 11-point or the all-point AP");
    } = AveragePrecisionMethod.ElevenPoint;

    /// <summary>The IoU arithmetic: the devkit's (default) or exact.</summary>
    public OrientedIouMode IouMode { get; init => field = OptionChecks.Defined(value, nameof(IouMode)); } = OrientedIouMode.Devkit;

    /// <summary>The devkit's Task1 evaluation: <c>voc_eval(ovthresh=0.5, use_07_metric=True)</c>.</summary>
    /// <returns>The options.</returns>
    public static DotaOptions Dota() => new();

    /// <summary>The options of the VOC engine the protocol runs on.</summary>
    internal VocOptions ToVocOptions() => new()
    {
        IouThreshold = IouThreshold,
        IouComparison = IouComparison.GreaterThan,
        AveragePrecisionMethod = AveragePrecisionMethod,
        ElevenPointLevels = ElevenPointLevels.Numpy,
        IgnoreDifficult = true,
    };
}
