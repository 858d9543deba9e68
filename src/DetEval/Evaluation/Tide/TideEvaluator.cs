using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// Incremental TIDE evaluation (tidecv 1.0.1): <see cref="Update(ImageInfo, IReadOnlyList{GroundTruth}, ReadOnlySpan{Detection})"/>
/// matches one image, assigns its error types and keeps only a compact record; <see cref="Compute"/> gives the base
/// AP and every oracle fix.
/// </summary>
/// <remarks>
/// Thread-safe: updates match outside the lock and append under a short one. tidecv pools images in the order of
/// the ground truth's <c>images</c> list (tied scores are broken by it), so the evaluator is built for that list and
/// <see cref="Compute"/> orders the records by it, whatever the order of updates.
/// </remarks>
public sealed class TideEvaluator : IEvaluator<TideEvaluator, TideEvaluationState, TideResult>
{
    private readonly RecordLog<TideImageRecord, long, TideResult> images = new(static r => r.ImageId);
    private readonly Dictionary<long, int> position;

    /// <summary>Creates an evaluator for every image of <paramref name="dataset"/>, in its order.</summary>
    /// <param name="options">The parameters, e.g. <see cref="TideOptions.Tide"/>.</param>
    /// <param name="dataset">The ground truth (its images and categories; the annotations come with each update).</param>
    public TideEvaluator(TideOptions options, DetectionDataset dataset)
        : this(options, ImageIdsOf(dataset), CategoriesOf(dataset))
    {
    }

    /// <summary>Creates an evaluator for the given images, in the order tidecv pools them.</summary>
    /// <param name="options">The parameters.</param>
    /// <param name="imageIds">The image ids in the ground truth's order.</param>
    /// <param name="categories">The categories (for names; detections of other ids are evaluated too).</param>
    /// <exception cref="ArgumentException">An image id is given twice, or the options are out of range.</exception>
    public TideEvaluator(TideOptions options, IEnumerable<long> imageIds, IEnumerable<Category> categories)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(imageIds);
        ArgumentNullException.ThrowIfNull(categories);
        options.Validate();
        Options = options;
        ImageIds = [.. imageIds];
        position = new Dictionary<long, int>(ImageIds.Count);
        for (int i = 0; i < ImageIds.Count; i++)
        {
            if (!position.TryAdd(ImageIds[i], i))
            {
                throw new ArgumentException($"image id {ImageIds[i]} is given twice", nameof(imageIds));
            }
        }

        var names = new Dictionary<long, string>();
        foreach (var c in categories)
        {
            names.TryAdd(c.Id, c.Name);
        }

        CategoryNames = names;
    }

    /// <summary>The parameters.</summary>
    public TideOptions Options { get; }

    /// <summary>The images the evaluator is for, in the order they are pooled.</summary>
    public IReadOnlyList<long> ImageIds { get; }

    /// <summary>Category names by id.</summary>
    public IReadOnlyDictionary<long, string> CategoryNames { get; }

    /// <inheritdoc/>
    public int ImageCount => images.Count;

    /// <summary>Matches one image and records it.</summary>
    /// <param name="image">The image (its size rasterises polygons in segm mode).</param>
    /// <param name="truths">The image's ground truths in file order (crowd ones become ignore regions).</param>
    /// <param name="detections">The image's detections in file order (ties in score keep it).</param>
    /// <exception cref="ArgumentException">The image is not one of the evaluator's images.</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    /// <exception cref="DetEvalInputException">A mask is malformed, or a segm detection has no mask.</exception>
    public void Update(ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(truths);
        if (!position.ContainsKey(image.Id))
        {
            throw new ArgumentException($"image {image.Id} is not one of the evaluator's images", nameof(image));
        }

        Add([TideMatcher.Match(Options, image, truths, detections)]);
    }

    /// <summary>Records every image of <paramref name="dataset"/> with its detections (matched in parallel).</summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results; every image id must be in the dataset.</param>
    /// <exception cref="DetEvalInputException">A detection names an unknown image, or a mask is malformed.</exception>
    public void Update(DetectionDataset dataset, DetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var byImage = ImageGroups.Build(dataset, detections);
        var records = new TideImageRecord[dataset.Images.Count];
        for (int i = 0; i < records.Length; i++)
        {
            if (!position.ContainsKey(dataset.Images[i].Id))
            {
                throw new ArgumentException($"image {dataset.Images[i].Id} is not one of the evaluator's images", nameof(dataset));
            }
        }

        try
        {
            Parallel.For(0, records.Length, i => records[i] = TideMatcher.Match(Options, dataset.Images[i], byImage.Truths(i), byImage.Detections(i)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions.All(x => x is DetEvalInputException))
        {
            // Bad input found while matching surfaces as itself, not wrapped by the threads.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }

        Add(records);
    }

    /// <inheritdoc/>
    public TideResult Compute() => images.Compute(ComputeFrom);

    /// <inheritdoc/>
    public void Reset() => images.Clear();

    /// <inheritdoc/>
    public TideEvaluationState Snapshot() => new(Options, ImageIds, CategoryNames, images.Snapshot());

    /// <inheritdoc/>
    public void Merge(TideEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mine = new TideEvaluationState(Options, ImageIds, CategoryNames, []);
        if (!mine.IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        images.AddAll(state.Records, static id => $"cannot merge: image {id} is in both states");
    }

    /// <inheritdoc/>
    public static TideEvaluator FromState(TideEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new TideEvaluator(state.Options, state.ImageIds, state.CategoryNames.Select(p => new Category(p.Key, p.Value)));
        evaluator.Merge(state);
        return evaluator;
    }

    private void Add(TideImageRecord[] records) => images.AddAll(records, static id => $"image {id} was already recorded");

    private TideResult ComputeFrom(TideImageRecord[] records)
    {
        // Parity: images are pooled in the order of the ground truth's images list.
        Array.Sort(records, (x, y) => position[x.ImageId].CompareTo(position[y.ImageId]));
        return new TideResult(Options, records.Length, TideAccumulator.Compute(records, CategoryNames));
    }

    private static long[] ImageIdsOf(DetectionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return [.. dataset.Images.Select(i => i.Id)];
    }

    private static IReadOnlyList<Category> CategoriesOf(DetectionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Categories;
    }
}
