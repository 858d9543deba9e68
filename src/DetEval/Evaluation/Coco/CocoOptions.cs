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

    /// <summary>
    /// The keypoint area ranges of the reference (<c>setKpParams</c>): all, medium (32²..96²), large (&gt;= 96²); there is
    /// no small range.
    /// </summary>
    public static IReadOnlyList<AreaRange> KeypointAreaRanges { get; } = Array.AsReadOnly<AreaRange>(
    [
        new("all", 0, 1e10),
        new("medium", 32 * 32, 96 * 96),
        new("large", 96 * 96, 1e10),
    ]);

    /// <summary>
    /// The reference's 17 COCO person keypoint sigmas, <c>np.array([.26, .25, ...]) / 10.0</c>: the doubles of that
    /// division (e.g. 0.026000000000000002, 0.034999999999999996), not the doubles nearest the decimals.
    /// </summary>
    public static IReadOnlyList<double> CocoKeypointSigmas { get; } = Array.AsReadOnly(DefaultSigmas());

    /// <summary>Box, mask or keypoint similarity.</summary>
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

    /// <summary>
    /// The per-keypoint sigmas of the OKS (<c>kpt_oks_sigmas</c>), one per keypoint, positive and finite, used for every
    /// category that <see cref="KeypointSigmasByCategory"/> does not name. Only read when <see cref="IouType"/> is
    /// <see cref="IouType.Keypoints"/>.
    /// </summary>
    /// <remarks>
    /// OKS between a detection d and a ground truth g with area A: with <c>var_i = (2σ_i)²</c> and
    /// <c>e_i = ((Δx_i² + Δy_i²) / var_i) / (A + ε) / 2</c>, OKS is the mean of <c>exp(-e_i)</c> over g's labelled
    /// keypoints (v &gt; 0); when g has none, Δ is the distance to g's box widened by its size on every side and the
    /// mean runs over all K keypoints. ε = 2.220446049250313e-16.
    /// </remarks>
    public IReadOnlyList<double> KeypointSigmas { get; init => field = OptionChecks.Sigmas(value, nameof(KeypointSigmas)); } = CocoKeypointSigmas;

    /// <summary>
    /// Sigmas for particular categories (category id -> one sigma per keypoint), for datasets whose categories have
    /// different skeletons; null or missing ids use <see cref="KeypointSigmas"/>. The reference has one list for all.
    /// </summary>
    public IReadOnlyDictionary<long, IReadOnlyList<double>>? KeypointSigmasByCategory
    {
        get;
        init => field = value is null ? null : new System.Collections.ObjectModel.ReadOnlyDictionary<long, IReadOnlyList<double>>(
            value.ToDictionary(e => e.Key, e => (IReadOnlyList<double>)OptionChecks.Sigmas(e.Value, $"{nameof(KeypointSigmasByCategory)}[{e.Key}]")));
    }

    /// <summary>
    /// The reference COCO parameters for <paramref name="iouType"/>: for keypoints max detections 20 and the area
    /// ranges all, medium, large (<see cref="KeypointAreaRanges"/>), with the COCO person sigmas.
    /// </summary>
    public static CocoOptions Coco(IouType iouType = IouType.Bbox) => iouType == IouType.Keypoints
        ? new() { IouType = iouType, MaxDetections = [20], AreaRanges = KeypointAreaRanges }
        : new() { IouType = iouType };

    /// <summary>The sigmas that apply to <paramref name="categoryId"/>.</summary>
    /// <param name="categoryId">A category id.</param>
    /// <returns><see cref="KeypointSigmasByCategory"/>'s entry for it, else <see cref="KeypointSigmas"/>.</returns>
    public IReadOnlyList<double> SigmasFor(long categoryId) =>
        KeypointSigmasByCategory is { } byCategory && byCategory.TryGetValue(categoryId, out var sigmas) ? sigmas : KeypointSigmas;

    private static double[] DefaultSigmas()
    {
        // Parity: the reference divides the decimals by 10.0; the quotients are the doubles it uses.
        double[] tenfold = [.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89];
        var sigmas = new double[tenfold.Length];
        for (int i = 0; i < tenfold.Length; i++)
        {
            sigmas[i] = tenfold[i] / 10.0;
        }

        return sigmas;
    }
}
