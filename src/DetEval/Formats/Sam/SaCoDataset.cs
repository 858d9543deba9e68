using DetEval.Data;

namespace DetEval;

/// <summary>
/// One SA-Co ground-truth file (one annotator): its (image, noun phrase) pairs in file order, its categories and its
/// annotations. A pair without annotations is a negative phrase (absent from the picture).
/// </summary>
public sealed class SaCoDataset
{
    private readonly Lazy<ImageGroups> groups;

    /// <summary>Creates a dataset; pair ids must be unique.</summary>
    /// <param name="pairs">The pairs, in file order.</param>
    /// <param name="categories">The categories (their ids decide which annotations and predictions count).</param>
    /// <param name="annotations">The annotations, in file order; <see cref="GroundTruth.ImageId"/> is the pair id.</param>
    /// <param name="source">Where it was read from, for messages.</param>
    /// <exception cref="DetEvalInputException">Two pairs share an id.</exception>
    public SaCoDataset(IReadOnlyList<SaCoPair> pairs, IReadOnlyList<Category> categories, IReadOnlyList<GroundTruth> annotations, string? source = null)
        : this(pairs, new DetectionDataset([.. (pairs ?? throw new ArgumentNullException(nameof(pairs))).Select(p => p.Image)], categories, annotations, source))
    {
    }

    /// <summary>A dataset over a COCO dataset read from the file, whose images are <paramref name="pairs"/>' images in order.</summary>
    internal SaCoDataset(IReadOnlyList<SaCoPair> pairs, DetectionDataset dataset)
    {
        Pairs = pairs;
        Dataset = dataset;
        groups = new Lazy<ImageGroups>(() => ImageGroups.Build(Dataset, new DetectionSet([], 0, Dataset.Source)));
    }

    /// <summary>The pairs, in file order.</summary>
    public IReadOnlyList<SaCoPair> Pairs { get; }

    /// <summary>The same file as a COCO dataset: the pairs as images, the categories, the annotations.</summary>
    public DetectionDataset Dataset { get; }

    /// <summary>The file it was read from (empty when built in code).</summary>
    public string Source => Dataset.Source;

    /// <summary>Finds a pair by id.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <param name="pair">The pair, when found.</param>
    /// <returns>Whether the file has the pair.</returns>
    public bool TryGetPair(long pairId, out SaCoPair pair)
    {
        int i = Dataset.IndexOfImage(pairId);
        pair = i >= 0 ? Pairs[i] : null!;
        return i >= 0;
    }

    /// <summary>The annotations of a pair, in file order (empty for a negative or unknown pair).</summary>
    /// <param name="pairId">The pair id.</param>
    /// <returns>The annotations.</returns>
    public IReadOnlyList<GroundTruth> TruthsOf(long pairId)
    {
        int i = Dataset.IndexOfImage(pairId);
        return i >= 0 ? groups.Value.Truths(i) : [];
    }
}
