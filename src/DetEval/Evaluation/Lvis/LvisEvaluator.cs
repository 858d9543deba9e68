using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Evaluation.Lvis;
using DetEval.Formats;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// Incremental LVIS federated evaluation (lvis-api's <c>LVISEval</c>) on the COCO engine: per image the cap, the
/// category, area and federated filters, then the COCO matcher with LVIS's rules (no crowd, <c>ignore</c> honoured,
/// unmatched results of not-exhaustive categories ignored); <see cref="Compute"/> pools the records as COCO does.
/// </summary>
/// <remarks>
/// Thread-safe: updates match outside the lock and append under a short one. Results never depend on the order of
/// updates or how images were split: records are pooled by image id, ties in score broken by rank within the image.
/// Only the compact match records are kept (no boxes, no masks, no per-category copies of the data).
/// </remarks>
public sealed class LvisEvaluator : IEvaluator<LvisEvaluator, LvisEvaluationState, LvisResult>
{
    private readonly LvisCategory[] categories;
    private readonly MatchContext context;
    private readonly RecordLog<ImageMatch, long, LvisResult> images = new(static m => m.ImageId);

    /// <summary>Creates an evaluator for <paramref name="categories"/> with <paramref name="options"/>.</summary>
    /// <param name="options">The parameters, e.g. <see cref="LvisOptions.Lvis"/>.</param>
    /// <param name="categories">The dataset's categories with their frequency groups.</param>
    /// <exception cref="ArgumentException">The options are invalid, or a category id is given twice.</exception>
    public LvisEvaluator(LvisOptions options, IEnumerable<LvisCategory> categories)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(categories);
        this.categories = [.. categories.OrderBy(c => c.Id)];
        for (int i = 1; i < this.categories.Length; i++)
        {
            if (this.categories[i].Id == this.categories[i - 1].Id)
            {
                throw new ArgumentException($"category {this.categories[i].Id} is given twice", nameof(categories));
            }
        }

        Options = options;
        var engine = options.ToEngineOptions([.. this.categories.Select(c => c.Id)]);
        context = new MatchContext(engine, engine.CategoryIds!, engine.IouType == IouType.Segm ? MaskCellIou.Instance : BoxCellIou.Instance);
    }

    /// <summary>The parameters.</summary>
    public LvisOptions Options { get; }

    /// <summary>The categories, sorted by id (the order of the result arrays).</summary>
    public IReadOnlyList<LvisCategory> Categories => categories;

    /// <inheritdoc/>
    public int ImageCount => images.Count;

    /// <summary>
    /// Filters and matches one image's results against its ground truths and records the outcome.
    /// </summary>
    /// <param name="image">The image (its size rasterises polygons).</param>
    /// <param name="truths">Its ground truths, in dataset order.</param>
    /// <param name="detections">Its results, in file order (the cap and ties in score keep this order).</param>
    /// <param name="labels">Its negative and not-exhaustive categories.</param>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections, LvisImageLabels labels)
    {
        images.AddAll([Match(image, truths, detections, labels)], static id => $"image {id} was already recorded");
    }

    /// <summary>Records every image of <paramref name="dataset"/> with its results, matching in parallel.</summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results; every image id must be in the dataset.</param>
    /// <exception cref="DetEvalInputException">A result names an image the dataset lacks, or a mask is malformed.</exception>
    public void Update(LvisDataset dataset, DetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var records = BatchMatch.Run(dataset.Dataset, detections, (i, byImage) => Match(dataset.Dataset.Images[i], byImage.Truths(i), byImage.Detections(i), dataset.LabelsAt(i)));
        images.AddAll(records, static id => $"image {id} was already recorded");
    }

    /// <inheritdoc/>
    public LvisEvaluationState Snapshot() => new(Options, categories, images.Snapshot());

    /// <inheritdoc/>
    public void Merge(LvisEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!Snapshot(empty: true).IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        images.AddAll(state.Images, static id => $"cannot merge: image {id} is in both states");
    }

    /// <inheritdoc/>
    public LvisResult Compute() => images.Compute(ComputeFrom);

    /// <inheritdoc/>
    public void Reset() => images.Clear();

    /// <inheritdoc/>
    public static LvisEvaluator FromState(LvisEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new LvisEvaluator(state.Options, state.Categories);
        evaluator.Merge(state);
        return evaluator;
    }

    private LvisEvaluationState Snapshot(bool empty) => empty ? new(Options, categories, []) : Snapshot();

    private ImageMatch Match(ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections, LvisImageLabels labels)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(truths);
        ArgumentNullException.ThrowIfNull(labels);
        var (keptTruths, keptDetections) = FederatedFilter.Apply(context, Options.MaxDetectionsPerImage, truths, detections, labels);
        var notExhaustive = labels.NotExhaustiveCategoryIds as long[] ?? [.. labels.NotExhaustiveCategoryIds];
        return ImageMatcher.Match(context, image, keptTruths, keptDetections, notExhaustive);
    }

    private LvisResult ComputeFrom(ImageMatch[] records)
    {
        // Parity: images are pooled in ascending id order (params.img_ids is sorted).
        Array.Sort(records, static (x, y) => x.ImageId.CompareTo(y.ImageId));
        var arrays = CocoAccumulator.Accumulate(records, context);
        return new LvisResult(Options, categories, new CocoResult(context, records, arrays, CocoResult.CountsOf(records, categories.Length)));
    }
}
