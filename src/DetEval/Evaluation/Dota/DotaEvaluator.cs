using System.Globalization;
using DetEval.Matching;

namespace DetEval;

/// <summary>
/// DOTA Task1 evaluation of oriented boxes (the DOTA devkit's <c>voc_eval</c>): the VOC engine with the quads'
/// polygon IoU as its similarity. <c>Update</c> matches an image at once and keeps only its compact records;
/// <see cref="Compute"/> pools them class by class.
/// </summary>
/// <remarks>
/// <para>
/// Per class and image, each detection in descending score order (stable) is compared with the class's objects of
/// its image, difficult ones included, in file order: those whose axis-aligned hulls have a +1-pixel IoU &gt; 0 are
/// candidates (the devkit's pre-filter), the first with the largest polygon IoU is the best (NaN: none), and the
/// detection is a TP when that IoU is &gt; the threshold and the object is free and not difficult, ignored when the
/// object is difficult, else a FP. <c>recall = tp / npos</c> (npos: the non-difficult objects),
/// <c>precision = tp / max(tp + fp, eps)</c>; 11-point or all-point AP as <see cref="AveragePrecision"/>.
/// </para>
/// <para>
/// The tie rule. Tied scores keep results-file order: the detection's position in its class's results file
/// (<see cref="Update(DotaDataset, DotaDetectionSet)"/>: its position in the detection set; the span
/// <c>Update</c>: the order numbers given, else its position in the image's list), then the order of the images
/// (image-set position when every record has one, else image name), then the rank within the image. This is the
/// devkit's value with a stable sort (its own <c>np.argsort</c> is not stable).
/// </para>
/// <para>Thread-safe: updates match outside the lock and append under a short one.</para>
/// </remarks>
public sealed class DotaEvaluator : IEvaluator<DotaEvaluator, DotaEvaluationState, DotaResult>
{
    private readonly VocEvaluator engine;
    private readonly QuadSimilarity similarity;
    private readonly VocOptions engineOptions;
    private readonly object cacheGate = new();
    private (VocResult Engine, DotaResult Result)? cache;

    /// <summary>Creates an evaluator for <paramref name="classes"/>.</summary>
    /// <param name="options">The protocol, e.g. <see cref="DotaOptions.Dota"/>.</param>
    /// <param name="classes">The classes, in report order; labels given to <c>Update</c> are their ids.</param>
    /// <param name="imageSet">The image set (names in order; it orders tied scores after the file position), or null: by name.
    /// With an image set, only its images may be updated.</param>
    /// <exception cref="ArgumentException">Two classes have the same id or name, or an image is listed twice.</exception>
    public DotaEvaluator(DotaOptions options, IEnumerable<Category> classes, IEnumerable<string>? imageSet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(classes);
        Options = options;
        engineOptions = options.ToVocOptions();
        engine = new VocEvaluator(engineOptions, classes, imageSet) { TiesByDetectionIndex = true };

        similarity = new QuadSimilarity(options.IouMode, options.IouThreshold);
    }

    /// <summary>Creates an evaluator for a dataset: its categories are the classes, its images the image set.</summary>
    /// <param name="options">The protocol.</param>
    /// <param name="dataset">The ground truth.</param>
    public DotaEvaluator(DotaOptions options, DotaDataset dataset)
        : this(options, (dataset ?? throw new ArgumentNullException(nameof(dataset))).Dataset.Categories, dataset.Dataset.Images.Select(VocEvaluator.NameOf))
    {
    }

    /// <summary>The protocol's options.</summary>
    public DotaOptions Options { get; }

    /// <summary>The classes, in report order.</summary>
    public IReadOnlyList<Category> Classes => engine.Classes;

    /// <summary>The image set, or null when images are ordered by name.</summary>
    public IReadOnlyList<string>? ImageSet => engine.ImageSet;

    /// <inheritdoc/>
    public int ImageCount => engine.ImageCount;

    /// <summary>
    /// Records one image from flat arrays: eight numbers per quad <c>x1 y1 x2 y2 x3 y3 x4 y4</c>, one class id per
    /// quad, one score per detection. Detections of other classes are dropped.
    /// </summary>
    /// <param name="imageName">The image name (unique).</param>
    /// <param name="truthQuads">The objects' quads, 8 numbers each, in file order.</param>
    /// <param name="truthLabels">The objects' class ids.</param>
    /// <param name="truthDifficult">The objects' difficult flags (empty: none is difficult).</param>
    /// <param name="detectionQuads">The detections' quads, 8 numbers each.</param>
    /// <param name="detectionScores">The detections' scores.</param>
    /// <param name="detectionLabels">The detections' class ids.</param>
    /// <param name="detectionOrder">Each detection's position in its results file, which tied scores keep (empty:
    /// its position in this image's list).</param>
    /// <exception cref="ArgumentException">A length does not match, a value is not finite, an object's class is
    /// unknown or the image is not in the image set; the message names the element.</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(
        string imageName,
        ReadOnlySpan<double> truthQuads,
        ReadOnlySpan<long> truthLabels,
        ReadOnlySpan<bool> truthDifficult,
        ReadOnlySpan<double> detectionQuads,
        ReadOnlySpan<double> detectionScores,
        ReadOnlySpan<long> detectionLabels,
        ReadOnlySpan<int> detectionOrder = default)
    {
        engine.UpdateImage(
            imageName, new VocEvaluator.FlatBoxes<Quad>(8, "quad", nameof(truthQuads), nameof(detectionQuads), FiniteQuad),
            truthQuads, truthLabels, truthDifficult, detectionQuads, detectionScores, detectionLabels, detectionOrder, similarity);
    }

    /// <summary>
    /// Records every image of <paramref name="dataset"/> with its detections (a whole shard at once), in parallel.
    /// <see cref="DotaDetectionSet.Positions"/> is the file order ties keep (and <see cref="VocClassResult.DetectionIndices"/>).
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The detections, in results-file order.</param>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    /// <exception cref="ArgumentException">An image is not in this evaluator's image set.</exception>
    /// <exception cref="InvalidOperationException">An image was recorded before.</exception>
    public void Update(DotaDataset dataset, DotaDetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        engine.UpdateBatch(dataset.Dataset, dataset.Quads, detections.Detections, detections.Quads, detections.Positions, similarity);
    }

    /// <summary>
    /// The result over every image recorded so far (see the tie rule above). Non-destructive; cached until the next
    /// change.
    /// </summary>
    /// <returns>Per-class results (AP NaN for a class without positives) and the mAP over the classes with positives.</returns>
    public DotaResult Compute()
    {
        var voc = engine.Compute();
        lock (cacheGate)
        {
            if (cache is { } c && ReferenceEquals(c.Engine, voc))
            {
                return c.Result;
            }
        }

        var classes = new VocClassResult[voc.Classes.Count];
        for (int k = 0; k < classes.Length; k++)
        {
            var r = voc.Classes[k];

            // Where the devkit has no number (11-point: 0.0; all-point: NaN), the protocol reports null: NaN here.
            classes[k] = r.NumPositives > 0 ? r : r.WithAveragePrecision(double.NaN);
        }

        var result = new DotaResult(Options, Array.AsReadOnly(classes), voc.MeanAveragePrecision, voc.ClassesAveraged);
        lock (cacheGate)
        {
            cache = (voc, result);
        }

        return result;
    }

    /// <inheritdoc/>
    public void Reset() => engine.Reset();

    /// <inheritdoc/>
    public DotaEvaluationState Snapshot() => new(Options, engine.Snapshot());

    /// <summary>
    /// Adds another evaluator's state (another thread, process or machine). Exact: <see cref="Compute"/> pools the
    /// records as if one evaluator had seen every image. Classes are aligned by name.
    /// </summary>
    /// <param name="state">The other state; same options and class names.</param>
    /// <exception cref="InvalidOperationException">The options or classes differ, or an image is in both.</exception>
    public void Merge(DotaEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!new DotaEvaluationState(Options, engine.EmptySnapshot()).IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        engine.Merge(state.Records);
    }

    /// <inheritdoc/>
    public static DotaEvaluator FromState(DotaEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new DotaEvaluator(state.Options, state.Classes, state.ImageSet);
        evaluator.Merge(state);
        return evaluator;
    }

    private static Quad FiniteQuad(ReadOnlySpan<double> v, string name, int index)
    {
        var quad = Quad.FromSpan(v);
        return quad.IsFinite()
            ? quad
            : throw new ArgumentException($"{name}[{index}] has a coordinate that is not finite", name);
    }
}
