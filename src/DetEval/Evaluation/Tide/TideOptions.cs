namespace DetEval;

/// <summary>
/// The parameters of the TIDE error breakdown (tidecv 1.0.1, "A General Toolbox for Identifying Object Detection
/// Errors", Bolya et al., ECCV 2020). <see cref="Tide"/> gives tidecv's defaults.
/// </summary>
public sealed record TideOptions
{
    /// <summary>Boxes (tidecv's <c>TIDE.BOX</c>: only each detection's <c>bbox</c>) or masks (<c>TIDE.MASK</c>: only its <c>segmentation</c>).</summary>
    public IouType IouType { get; init; } = IouType.Bbox;

    /// <summary>
    /// The foreground threshold (<c>pos_threshold</c>, 0.5): a detection matches a ground truth at
    /// <c>IoU &gt;= t</c>, a crowd region ignores it at crowd IoU <c>&gt; t</c>.
    /// </summary>
    public double PositiveThreshold { get; init; } = 0.5;

    /// <summary>The background threshold (<c>background_threshold</c>, 0.1): the lower end of a localization error, the upper end of a background error.</summary>
    public double BackgroundThreshold { get; init; } = 0.1;

    /// <summary>Detections kept per image over all classes together, best scores first (tidecv's <c>max_dets</c>, 100).</summary>
    public int MaxDetections { get; init; } = 100;

    /// <summary>tidecv's defaults for <paramref name="iouType"/>.</summary>
    /// <param name="iouType">Boxes or masks.</param>
    /// <returns>The options.</returns>
    public static TideOptions Tide(IouType iouType = IouType.Bbox) => new() { IouType = iouType };

    internal void Validate()
    {
        if (!Enum.IsDefined(IouType))
        {
            throw new ArgumentException($"unknown IoU type {IouType}");
        }

        if (!(PositiveThreshold >= 0 && PositiveThreshold <= 1))
        {
            throw new ArgumentException($"positive threshold {PositiveThreshold} is not in [0, 1]");
        }

        if (!(BackgroundThreshold >= 0 && BackgroundThreshold <= PositiveThreshold))
        {
            throw new ArgumentException($"background threshold {BackgroundThreshold} is not in [0, positive threshold {PositiveThreshold}]");
        }

        if (MaxDetections < 1)
        {
            throw new ArgumentException($"max detections {MaxDetections} is below 1");
        }
    }
}
