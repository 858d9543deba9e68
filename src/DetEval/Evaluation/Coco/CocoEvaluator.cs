using DetEval.Data;
using DetEval.Matching;
using DetEval.Metrics;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Incremental COCO-protocol evaluation: <see cref="Update(ImageInfo, IReadOnlyList{GroundTruth}, ReadOnlySpan{Detection})"/>
/// matches an image at once and keeps only its compact match records; <see cref="Compute"/> pools them.
/// </summary>
/// <remarks>
/// Thread-safe: updates match outside the lock and append under a short one. Results do not depend on
/// the order of updates: <see cref="Compute"/> sorts images by id and breaks score ties as the
/// reference does (image id, then rank within the image).
/// </remarks>
public sealed partial class CocoEvaluator : IEvaluator<CocoEvaluator, CocoEvaluationState, CocoResult>
{
    private readonly MatchContext context;
    private readonly RecordLog<ImageMatch, long, CocoResult> images = new(static m => m.ImageId);
    private readonly IReadOnlyDictionary<long, string> categoryNames;

    /// <summary>Creates an evaluator for <paramref name="categories"/> with <paramref name="options"/>.</summary>
    /// <param name="options">The parameters, e.g. <see cref="CocoOptions.Coco"/>.</param>
    /// <param name="categories">The dataset's categories (only their ids matter).</param>
    public CocoEvaluator(CocoOptions options, IEnumerable<Category> categories)
        : this(options, categories.Select(c => c.Id), NamesOf(categories))
    {
    }

    /// <summary>Creates an evaluator for the given category ids.</summary>
    /// <param name="options">The parameters.</param>
    /// <param name="categoryIds">The dataset's category ids.</param>
    public CocoEvaluator(CocoOptions options, IEnumerable<long> categoryIds)
        : this(options, categoryIds, new Dictionary<long, string>())
    {
    }

    private CocoEvaluator(CocoOptions options, IEnumerable<long> categoryIds, IReadOnlyDictionary<long, string> names)
    {
        ArgumentNullException.ThrowIfNull(options);
        context = new MatchContext(options, categoryIds, CreateIou(options));
        categoryNames = names;
    }

    /// <summary>The parameters.</summary>
    public CocoOptions Options => context.Options;

    /// <summary>The number of images recorded so far.</summary>
    public int ImageCount => images.Count;

    /// <summary>
    /// Matches one image's detections against its ground truths and records the result. Detections
    /// of categories outside the evaluation are dropped (as the reference does).
    /// </summary>
    /// <param name="image">The image (its size is needed to rasterise polygons).</param>
    /// <param name="truths">The image's ground truths, in dataset order.</param>
    /// <param name="detections">The image's detections, in file order (ties in score keep this order).</param>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    /// <exception cref="ArgumentException">A ground truth or detection belongs to another image, or (keypoints) has another
    /// keypoint count than its category's sigmas.</exception>
    public void Update(ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(truths);
        CheckImage(image.Id, truths, detections);
        if (!context.Includes(image.Id))
        {
            return;
        }

        if (context.Options.IouType == IouType.Keypoints)
        {
            KeypointInputs.CheckImage(context, truths, detections);
        }

        var match = ImageMatcher.Match(context, image, truths, detections);
        Add(match);
    }

    /// <summary>
    /// Records one image given by id: enough for boxes and RLE masks. Segm evaluation of polygons (or of detections
    /// without a mask) needs the image size: use the <see cref="ImageInfo"/> overload.
    /// </summary>
    /// <param name="imageId">The image id.</param>
    /// <param name="truths">The image's ground truths.</param>
    /// <param name="detections">The image's detections, in file order.</param>
    /// <exception cref="ArgumentException">A ground truth or detection belongs to another image, or (segm, boundary) a
    /// mask needs the image size.</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(long imageId, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections)
    {
        ArgumentNullException.ThrowIfNull(truths);
        if (Options.IouType is IouType.Segm or IouType.Boundary)
        {
            string kind = Options.IouType == IouType.Segm ? "segm" : "boundary";
            foreach (var gt in truths)
            {
                if (gt.Segmentation?.Kind == SegmentationKind.Polygons)
                {
                    throw new ArgumentException($"ground truth {gt.Id} has polygons: {kind} evaluation needs the image size to rasterise them; call Update(ImageInfo, ...)", nameof(truths));
                }
            }

            for (int d = 0; d < detections.Length; d++)
            {
                if (detections[d].Segmentation is null || detections[d].Segmentation!.Kind == SegmentationKind.Polygons)
                {
                    throw new ArgumentException($"detections[{d}] has {(detections[d].Segmentation is null ? "no mask (its box becomes a polygon)" : "polygons")}: {kind} evaluation needs the image size to rasterise it; call Update(ImageInfo, ...)", nameof(detections));
                }
            }
        }

        Update(new ImageInfo(imageId, 0, 0), truths, detections);
    }

    /// <summary>
    /// Computes the result over every image recorded so far. The state is unchanged; the result is
    /// cached until the next update.
    /// </summary>
    public CocoResult Compute() => images.Compute(ComputeFrom);

    /// <summary>Forgets every recorded image.</summary>
    public void Reset() => images.Clear();

    /// <summary>Matches an image without recording it (null when the image is filtered out).</summary>
    internal ImageMatch? MatchOrNull(ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections) =>
        context.Includes(image.Id) ? ImageMatcher.Match(context, image, truths, detections) : null;

    internal void Add(ImageMatch match) => images.AddAll([match], static id => $"image {id} was already recorded");

    private static void CheckImage(long imageId, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections)
    {
        for (int g = 0; g < truths.Count; g++)
        {
            if (truths[g].ImageId != imageId)
            {
                throw new ArgumentException($"truths[{g}] (ground truth {truths[g].Id}) is on image {truths[g].ImageId}, not on the updated image {imageId}", nameof(truths));
            }
        }

        for (int d = 0; d < detections.Length; d++)
        {
            if (detections[d].ImageId != imageId)
            {
                throw new ArgumentException($"detections[{d}] is on image {detections[d].ImageId}, not on the updated image {imageId}", nameof(detections));
            }
        }
    }

    /// <summary>The result over <paramref name="records"/> (matched by this evaluator's rules), which it may reorder.</summary>
    internal CocoResult ComputeFrom(ImageMatch[] records)
    {
        // Parity: images are pooled in ascending id order (p.imgIds is np.unique'd).
        Array.Sort(records, static (x, y) => x.ImageId.CompareTo(y.ImageId));
        (int, int, int)? keep = KeepCurveAt is double iou ? (context.Options.IouThresholdIndex(iou), 0, context.Options.MaxDetections.Count - 1) : null;
        // The counts read every record once: on another thread while the accumulation's first, serial passes run.
        var counts = Parallelism.Start(() => CocoResult.CountsOf(records, context.CategoryIds.Length));
        var arrays = CocoAccumulator.Accumulate(records, context, keep);
        return new CocoResult(context, records, arrays, counts.GetAwaiter().GetResult());
    }

    /// <summary>
    /// An IoU threshold whose ranked curves (area all, the last max-detections value) the result is to have ready,
    /// made while accumulating: a report's per-class rows (<see cref="Reports.ClassReport"/>) then need no second pass.
    /// </summary>
    internal double? KeepCurveAt { get; set; }

    private static Dictionary<long, string> NamesOf(IEnumerable<Category> categories)
    {
        var names = new Dictionary<long, string>();
        foreach (var c in categories)
        {
            names.TryAdd(c.Id, c.Name);
        }

        return names;
    }

    private static CellIou CreateIou(CocoOptions options) => options.IouType switch
    {
        IouType.Bbox => BoxCellIou.Instance,
        IouType.Segm => MaskCellIou.Instance,
        IouType.Boundary => new BoundaryCellIou(options.DilationRatio, BoundaryCellIou.FloorOf(options.IouThresholds)),
        IouType.Keypoints => new OksCellIou(options),
        _ => throw new ArgumentOutOfRangeException(nameof(options), $"unknown IoU type {options.IouType}"),
    };
}
