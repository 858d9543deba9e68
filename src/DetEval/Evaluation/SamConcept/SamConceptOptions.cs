namespace DetEval;

/// <summary>
/// The parameters of SAM 3's concept segmentation metric (sam3's <c>CGF1Evaluator</c>); <see cref="Reference"/>
/// gives its defaults.
/// </summary>
public sealed record SamConceptOptions
{
    /// <summary>Mask IoU (<see cref="IouType.Segm"/>, the reference's default) or box IoU (<see cref="IouType.Bbox"/>).</summary>
    /// <exception cref="ArgumentException">Another IoU type.</exception>
    public IouType IouType
    {
        get;
        init => field = value is IouType.Segm or IouType.Bbox ? value : throw new ArgumentException($"IoU type {value} is not one of segm, bbox", nameof(value));
    } = IouType.Segm;

    /// <summary>Predictions with <c>score &gt;= ScoreThreshold</c> are kept (the reference's <c>threshold</c>, 0.5); the rest are dropped before matching.</summary>
    /// <exception cref="ArgumentException">A NaN or infinite threshold.</exception>
    public double ScoreThreshold
    {
        get;
        init => field = double.IsFinite(value) ? value : throw new ArgumentException($"score threshold {value} is not finite", nameof(value));
    } = 0.5;

    /// <summary>
    /// The IoU thresholds the instance metrics are computed at and averaged over: COCO's
    /// <c>np.linspace(.5, .95, 10)</c> (the reference inherits pycocotools' parameters), fixed.
    /// </summary>
    public IReadOnlyList<double> IouThresholds => CocoOptions.CocoIouThresholds;

    /// <summary>The reference's parameters for <paramref name="iouType"/>.</summary>
    /// <param name="iouType">Mask or box IoU.</param>
    /// <returns>The options.</returns>
    public static SamConceptOptions Reference(IouType iouType = IouType.Segm) => new() { IouType = iouType };
}
