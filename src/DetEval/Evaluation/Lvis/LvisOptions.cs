using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// LVIS evaluation parameters (lvis-api's <c>Params</c> and <c>LVISResults</c>' cap); <see cref="Lvis"/> gives its
/// defaults. Immutable and checked when set: an invalid value throws <see cref="ArgumentException"/>.
/// </summary>
public sealed record LvisOptions
{
    /// <summary>Box or mask IoU (LVIS has no keypoints).</summary>
    public IouType IouType
    {
        get;
        init => field = value is IouType.Bbox or IouType.Segm ? value : throw new ArgumentOutOfRangeException(nameof(IouType), value, "LVIS evaluates bbox or segm");
    } = IouType.Segm;

    /// <summary>IoU thresholds; a match needs <c>IoU &gt;= min(t, 1 - 1e-10)</c>. Default <c>np.linspace(.5, .95, 10)</c>.</summary>
    public IReadOnlyList<double> IouThresholds { get; init => field = OptionChecks.UnitThresholds(value, nameof(IouThresholds), sorted: false); } = CocoOptions.CocoIouThresholds;

    /// <summary>Recall thresholds at which precision is sampled; default <c>np.linspace(0, 1, 101)</c>.</summary>
    public IReadOnlyList<double> RecallThresholds { get; init => field = OptionChecks.UnitThresholds(value, nameof(RecallThresholds), sorted: true); } = CocoOptions.CocoRecallThresholds;

    /// <summary>Object-size buckets on the ground truth's <c>area</c> field: all, small, medium, large as COCO's.</summary>
    public IReadOnlyList<AreaRange> AreaRanges { get; init => field = OptionChecks.AreaRanges(value, nameof(AreaRanges)); } = CocoOptions.CocoAreaRanges;

    /// <summary>
    /// The most results kept per image, over all categories, before any filter (<c>max_dets</c>, 300): the
    /// highest-scoring, the earlier in the file among equal scores. Negative: no cap.
    /// </summary>
    public int MaxDetectionsPerImage { get; init; } = 300;

    /// <summary>lvis-api's parameters for <paramref name="iouType"/> (300 results per image).</summary>
    /// <param name="iouType">Bbox or segm.</param>
    /// <returns>The options.</returns>
    public static LvisOptions Lvis(IouType iouType = IouType.Segm) => new() { IouType = iouType };

    /// <summary>The COCO engine's parameters that carry out this protocol (LVIS's rules are applied around them).</summary>
    internal CocoOptions ToEngineOptions(IReadOnlyList<long> categoryIds)
    {
        return new CocoOptions
        {
            IouType = IouType,
            IouThresholds = IouThresholds,
            RecallThresholds = RecallThresholds,
            AreaRanges = AreaRanges,
            // The per-image cap is applied before matching, so no cell holds more; without a cap nothing is cut.
            MaxDetections = [MaxDetectionsPerImage >= 0 ? MaxDetectionsPerImage : int.MaxValue],
            UseCategories = true,
            CategoryIds = categoryIds,
            // Parity: lvis-api honours the ground truth's "ignore" field (crowd flags are stripped before matching).
            HonorIgnoreFlag = true,
            SummaryUsesLastMaxDetections = true,
        };
    }
}
