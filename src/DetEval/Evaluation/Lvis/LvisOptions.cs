using DetEval.Evaluation;

namespace DetEval;

/// <summary>LVIS evaluation parameters (lvis-api's <c>Params</c> and <c>LVISResults</c>' cap); <see cref="Lvis"/> gives its defaults.</summary>
public sealed record LvisOptions
{
    /// <summary>Box or mask IoU (LVIS has no keypoints).</summary>
    public IouType IouType { get; init; } = IouType.Segm;

    /// <summary>IoU thresholds; a match needs <c>IoU &gt;= min(t, 1 - 1e-10)</c>. Default <c>np.linspace(.5, .95, 10)</c>.</summary>
    public IReadOnlyList<double> IouThresholds { get; init; } = CocoOptions.CocoIouThresholds;

    /// <summary>Recall thresholds at which precision is sampled; default <c>np.linspace(0, 1, 101)</c>.</summary>
    public IReadOnlyList<double> RecallThresholds { get; init; } = CocoOptions.CocoRecallThresholds;

    /// <summary>Object-size buckets on the ground truth's <c>area</c> field: all, small, medium, large as COCO's.</summary>
    public IReadOnlyList<AreaRange> AreaRanges { get; init; } = CocoOptions.CocoAreaRanges;

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
        Validate();
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

    internal void Validate()
    {
        if (IouType is not (IouType.Bbox or IouType.Segm))
        {
            throw new ArgumentException($"LVIS evaluates bbox or segm, not {IouType}");
        }

        if (IouThresholds.Count == 0 || RecallThresholds.Count == 0 || AreaRanges.Count == 0)
        {
            throw new ArgumentException("IoU thresholds, recall thresholds and area ranges must not be empty");
        }

        foreach (double t in IouThresholds)
        {
            if (!(t >= 0 && t <= 1))
            {
                throw new ArgumentException($"IoU threshold {t} is not in [0, 1]");
            }
        }
    }
}
