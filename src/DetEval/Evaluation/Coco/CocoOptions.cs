using DetEval.Metrics;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Evaluation parameters, the counterpart of pycocotools' <c>Params</c>; <see cref="Coco"/> gives its defaults.
/// Immutable and checked when set: an invalid value throws <see cref="ArgumentException"/> at construction.
/// </summary>
public sealed record CocoOptions
{
    /// <summary>The COCO IoU thresholds <c>np.linspace(.5, .95, 10)</c>, as the exact doubles (note 0.8999999999999999).</summary>
    public static IReadOnlyList<double> CocoIouThresholds { get; } = Array.AsReadOnly(NumpyMath.Linspace(0.5, 0.95, 10));

    /// <summary>The COCO recall thresholds <c>np.linspace(0, 1, 101)</c>.</summary>
    public static IReadOnlyList<double> CocoRecallThresholds { get; } = Array.AsReadOnly(NumpyMath.Linspace(0.0, 1.0, 101));

    /// <summary>The COCO area ranges: all, small (&lt;= 32²), medium (32²..96²), large (&gt;= 96²).</summary>
    public static IReadOnlyList<AreaRange> CocoAreaRanges { get; } = Array.AsReadOnly<AreaRange>(
    [
        new("all", 0, 1e10),
        new("small", 0, 32 * 32),
        new("medium", 32 * 32, 96 * 96),
        new("large", 96 * 96, 1e10),
    ]);

    /// <summary>Box or mask IoU.</summary>
    public IouType IouType { get; init => field = OptionChecks.Defined(value, nameof(IouType)); } = IouType.Bbox;

    /// <summary>IoU thresholds in [0, 1]; a match needs <c>IoU &gt;= min(t, 1 - 1e-10)</c>.</summary>
    public IReadOnlyList<double> IouThresholds { get; init => field = OptionChecks.UnitThresholds(value, nameof(IouThresholds), sorted: false); } = CocoIouThresholds;

    /// <summary>Recall thresholds in [0, 1], ascending (the reference's <c>searchsorted</c> assumes it), at which precision is sampled.</summary>
    public IReadOnlyList<double> RecallThresholds { get; init => field = OptionChecks.UnitThresholds(value, nameof(RecallThresholds), sorted: true); } = CocoRecallThresholds;

    /// <summary>Detections kept per image and category, each &gt;= 0 (the last one bounds matching, as in the reference).</summary>
    public IReadOnlyList<int> MaxDetections { get; init => field = OptionChecks.Counts(value, nameof(MaxDetections)); } = Array.AsReadOnly([1, 10, 100]);

    /// <summary>Object-size buckets (each with a label and <c>Min &lt;= Max</c>).</summary>
    public IReadOnlyList<AreaRange> AreaRanges { get; init => field = OptionChecks.AreaRanges(value, nameof(AreaRanges)); } = CocoAreaRanges;

    /// <summary>Match within categories (<c>useCats=1</c>); false pools all categories of an image.</summary>
    public bool UseCategories { get; init; } = true;

    /// <summary>
    /// Evaluate only these images (null: every image given). An evaluator skips other images in <c>Update</c> and
    /// <c>Merge</c>; the filter selects images and is not part of a state's options.
    /// </summary>
    public IReadOnlyList<long>? ImageIds { get; init => field = OptionChecks.Ids(value); }

    /// <summary>Evaluate only these categories (null: all categories of the ground truth).</summary>
    public IReadOnlyList<long>? CategoryIds { get; init => field = OptionChecks.Ids(value); }

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
    public static CocoOptions Coco(IouType iouType = IouType.Bbox) => new() { IouType = iouType };
}
