using DetEval.Metrics;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Evaluation parameters, the counterpart of pycocotools' <c>Params</c>; <see cref="Coco"/> gives its defaults.
/// </summary>
public sealed record CocoOptions
{
    /// <summary>The COCO IoU thresholds <c>np.linspace(.5, .95, 10)</c>, as the exact doubles (note 0.8999999999999999).</summary>
    public static IReadOnlyList<double> CocoIouThresholds { get; } = NumpyMath.Linspace(0.5, 0.95, 10);

    /// <summary>The COCO recall thresholds <c>np.linspace(0, 1, 101)</c>.</summary>
    public static IReadOnlyList<double> CocoRecallThresholds { get; } = NumpyMath.Linspace(0.0, 1.0, 101);

    /// <summary>The COCO area ranges: all, small (&lt;= 32²), medium (32²..96²), large (&gt;= 96²).</summary>
    public static IReadOnlyList<AreaRange> CocoAreaRanges { get; } =
    [
        new("all", 0, 1e10),
        new("small", 0, 32 * 32),
        new("medium", 32 * 32, 96 * 96),
        new("large", 96 * 96, 1e10),
    ];

    /// <summary>Box, mask or boundary IoU.</summary>
    public IouType IouType { get; init; } = IouType.Bbox;

    /// <summary>
    /// For <see cref="IouType.Boundary"/>: the band's half-width as a fraction of the image diagonal (boundary-iou-api's
    /// <c>dilation_ratio</c>, default 0.02); ignored by the other IoU types.
    /// </summary>
    /// <remarks>
    /// For a mask of h x w pixels the band is <c>M - erode(M)</c> by the (2d + 1) square, outside the image counting as
    /// background, with <c>d = max(1, round(ratio * sqrt(h² + w²)))</c> rounded half to even; must be in [0, 1].
    /// </remarks>
    public double DilationRatio { get; init; } = 0.02;

    /// <summary>IoU thresholds; a match needs <c>IoU &gt;= min(t, 1 - 1e-10)</c>.</summary>
    public IReadOnlyList<double> IouThresholds { get; init; } = CocoIouThresholds;

    /// <summary>Recall thresholds at which precision is sampled.</summary>
    public IReadOnlyList<double> RecallThresholds { get; init; } = CocoRecallThresholds;

    /// <summary>Detections kept per image and category (the last one bounds matching, as in the reference).</summary>
    public IReadOnlyList<int> MaxDetections { get; init; } = [1, 10, 100];

    /// <summary>Object-size buckets.</summary>
    public IReadOnlyList<AreaRange> AreaRanges { get; init; } = CocoAreaRanges;

    /// <summary>Match within categories (<c>useCats=1</c>); false pools all categories of an image.</summary>
    public bool UseCategories { get; init; } = true;

    /// <summary>Evaluate only these images (null: all images of the ground truth).</summary>
    public IReadOnlyList<long>? ImageIds { get; init; }

    /// <summary>Evaluate only these categories (null: all categories of the ground truth).</summary>
    public IReadOnlyList<long>? CategoryIds { get; init; }

    /// <summary>
    /// Also ignore ground truths whose own <c>ignore</c> flag is set. The reference overwrites
    /// <c>ignore</c> with <c>iscrowd</c>, so this is off by default (parity).
    /// </summary>
    public bool HonorIgnoreFlag { get; init; }

    /// <summary>
    /// Summarise AP lines at the last <see cref="MaxDetections"/> entry. The reference reads a literal
    /// <c>maxDets=100</c> (giving -1 when 100 is not among them), so this is off by default (parity).
    /// </summary>
    public bool SummaryUsesLastMaxDetections { get; init; }

    /// <summary>The reference COCO parameters for <paramref name="iouType"/>.</summary>
    /// <remarks>
    /// For <see cref="IouType.Boundary"/> these are boundary-iou-api's: the COCO parameters, the dilation ratio 0.02 and
    /// <see cref="HonorIgnoreFlag"/> on (its <c>_prepare</c> keeps the annotation's own <c>ignore</c> field, or-ed with
    /// <c>iscrowd</c>).
    /// </remarks>
    /// <param name="iouType">What the IoU is computed on.</param>
    public static CocoOptions Coco(IouType iouType = IouType.Bbox) =>
        new() { IouType = iouType, HonorIgnoreFlag = iouType == IouType.Boundary };

    internal void Validate()
    {
        if (IouThresholds.Count == 0 || RecallThresholds.Count == 0 || MaxDetections.Count == 0 || AreaRanges.Count == 0)
        {
            throw new ArgumentException("IoU thresholds, recall thresholds, max detections and area ranges must not be empty");
        }

        foreach (double t in IouThresholds)
        {
            if (!(t >= 0 && t <= 1))
            {
                throw new ArgumentException($"IoU threshold {t} is not in [0, 1]");
            }
        }

        if (!Enum.IsDefined(IouType))
        {
            throw new ArgumentException($"unknown IoU type {(int)IouType}");
        }

        if (!(DilationRatio >= 0 && DilationRatio <= 1))
        {
            throw new ArgumentException($"dilation ratio {DilationRatio} is not in [0, 1]");
        }

        foreach (int m in MaxDetections)
        {
            if (m < 0)
            {
                throw new ArgumentException($"max detections {m} is negative");
            }
        }
    }
}
