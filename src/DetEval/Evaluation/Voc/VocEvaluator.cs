using System.Globalization;
using DetEval.Data;
using DetEval.Matching;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Incremental Pascal VOC evaluation (VOC2007 11-point, VOC2010+ all-point): <c>Update</c> matches an image at once
/// and keeps only its compact records (per class: object counts, and each detection's score and outcome);
/// <see cref="Compute"/> pools them into the same <see cref="VocResult"/> as <see cref="VocEvaluation"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe: updates match outside the lock and append under a short one.</para>
/// <para>
/// Results do not depend on the order of updates or on how the images were split. A detection's outcome depends
/// only on the detections of its own image, so matching per image gives the devkit's outcomes. When the class's
/// detections are pooled, tied scores are ordered by image name (ordinal), then by rank within the image (file
/// order). The one-shot <see cref="VocEvaluation"/> orders ties by file order instead; the two agree unless
/// equal scores on different images have different outcomes, an order the devkit itself leaves undefined (its
/// <c>np.argsort</c> is not stable).
/// </para>
/// </remarks>
public sealed class VocEvaluator
{
    private readonly RecordLog<VocImageRecord, string, VocResult> images = new(static r => r.Name, StringComparer.Ordinal);
    private readonly Category[] classes;
    private readonly Dictionary<long, int> classIndex = [];

    /// <summary>Creates an evaluator for <paramref name="classes"/> with <paramref name="options"/>.</summary>
    /// <param name="options">The protocol, e.g. <see cref="VocOptions.Voc2007"/> or <see cref="VocOptions.Voc2010"/>.</param>
    /// <param name="classes">The classes, in report order; labels given to <c>Update</c> are their ids.</param>
    /// <exception cref="ArgumentException">Two classes have the same id, or the options are invalid.</exception>
    public VocEvaluator(VocOptions options, IEnumerable<Category> classes)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(classes);
        Options = options;
        this.classes = [.. classes];
        for (int k = 0; k < this.classes.Length; k++)
        {
            if (!classIndex.TryAdd(this.classes[k].Id, k))
            {
                throw new ArgumentException($"class id {this.classes[k].Id} is given twice", nameof(classes));
            }
        }
    }

    /// <summary>The protocol's options.</summary>
    public VocOptions Options { get; }

    /// <summary>The classes, in report order.</summary>
    public IReadOnlyList<Category> Classes => classes;

    /// <summary>The number of images recorded so far.</summary>
    public int ImageCount => images.Count;

    /// <summary>
    /// Records one image from flat arrays: four numbers per box as raw corners <c>x1 y1 x2 y2</c> (the VOC files'
    /// <c>xmin ymin xmax ymax</c>), one class id per box, one score per detection. Detections of other classes
    /// are dropped.
    /// </summary>
    /// <param name="imageName">The image name (unique; it orders tied scores across images).</param>
    /// <param name="truthBoxes">The objects' corners, 4 numbers each.</param>
    /// <param name="truthLabels">The objects' class ids.</param>
    /// <param name="truthDifficult">The objects' difficult flags (empty: none is difficult).</param>
    /// <param name="detectionBoxes">The detections' corners, 4 numbers each, in file order.</param>
    /// <param name="detectionScores">The detections' scores.</param>
    /// <param name="detectionLabels">The detections' class ids.</param>
    /// <exception cref="ArgumentException">A length does not match, a value is not finite or an object's class is
    /// unknown; the message names the element.</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(
        string imageName,
        ReadOnlySpan<double> truthBoxes,
        ReadOnlySpan<long> truthLabels,
        ReadOnlySpan<bool> truthDifficult,
        ReadOnlySpan<double> detectionBoxes,
        ReadOnlySpan<double> detectionScores,
        ReadOnlySpan<long> detectionLabels)
    {
        ArgumentNullException.ThrowIfNull(imageName);
        if (truthBoxes.Length != truthLabels.Length * 4)
        {
            throw new ArgumentException($"truthBoxes has {truthBoxes.Length} numbers for {truthLabels.Length} labels; expected 4 per box", nameof(truthBoxes));
        }

        if (!truthDifficult.IsEmpty && truthDifficult.Length != truthLabels.Length)
        {
            throw new ArgumentException($"truthDifficult has {truthDifficult.Length} flags for {truthLabels.Length} objects", nameof(truthDifficult));
        }

        if (detectionBoxes.Length != detectionLabels.Length * 4 || detectionScores.Length != detectionLabels.Length)
        {
            throw new ArgumentException($"detections: {detectionBoxes.Length} box numbers, {detectionScores.Length} scores, {detectionLabels.Length} labels; expected 4, 1 and 1 per detection", nameof(detectionBoxes));
        }

        var truths = new (BoxCorners, int, bool)[truthLabels.Length];
        for (int g = 0; g < truths.Length; g++)
        {
            if (!classIndex.TryGetValue(truthLabels[g], out int k))
            {
                throw new ArgumentException($"truthLabels[{g}] = {truthLabels[g]} is not a class id of this evaluator", nameof(truthLabels));
            }

            truths[g] = (Corners(truthBoxes.Slice(g * 4, 4), nameof(truthBoxes), g), k, !truthDifficult.IsEmpty && truthDifficult[g]);
        }

        var detections = new List<(BoxCorners, int, double)>(detectionLabels.Length);
        for (int d = 0; d < detectionLabels.Length; d++)
        {
            var corners = Corners(detectionBoxes.Slice(d * 4, 4), nameof(detectionBoxes), d);
            if (!double.IsFinite(detectionScores[d]))
            {
                throw new ArgumentException($"detectionScores[{d}] = {detectionScores[d].ToString(CultureInfo.InvariantCulture)} is not finite", nameof(detectionScores));
            }

            if (classIndex.TryGetValue(detectionLabels[d], out int k))
            {
                detections.Add((corners, k, detectionScores[d]));
            }
        }

        AddAll([VocImageRecord.Match(imageName, truths, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(detections), Options)]);
    }

    /// <summary>
    /// Records every image of <paramref name="dataset"/> with its detections (a whole shard at once), in parallel.
    /// Images are named by <see cref="ImageInfo.FileName"/> (the VOC image id), or by their decimal id without one.
    /// Classes are matched to this evaluator's by id; others are dropped.
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The detections, in file order.</param>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    /// <exception cref="InvalidOperationException">An image was recorded before.</exception>
    public void Update(VocDataset dataset, VocDetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var data = dataset.Dataset;
        var truthsOf = new List<(BoxCorners, int, bool)>[data.Images.Count];
        var detectionsOf = new List<(BoxCorners, int, double)>[data.Images.Count];
        for (int i = 0; i < truthsOf.Length; i++)
        {
            truthsOf[i] = [];
            detectionsOf[i] = [];
        }

        for (int g = 0; g < data.GroundTruths.Count; g++)
        {
            var gt = data.GroundTruths[g];
            int image = data.IndexOfImage(gt.ImageId);
            if (image >= 0 && classIndex.TryGetValue(gt.CategoryId, out int k))
            {
                truthsOf[image].Add((dataset.Corners[g], k, gt.Difficult));
            }
        }

        var all = detections.Detections.AsSpan();
        for (int d = 0; d < all.Length; d++)
        {
            int image = data.IndexOfImage(all[d].ImageId);
            if (image < 0)
            {
                throw new DetEvalInputException(detections.Detections.Source, $"detection {d}", $"image id {all[d].ImageId} is not in the image set");
            }

            if (classIndex.TryGetValue(all[d].CategoryId, out int k))
            {
                detectionsOf[image].Add((detections.Corners[d], k, all[d].Score));
            }
        }

        var records = new VocImageRecord[data.Images.Count];
        Formats.ParallelInput.For(records.Length, i =>
        {
            var image = data.Images[i];
            string name = image.FileName ?? image.Id.ToString(CultureInfo.InvariantCulture);
            records[i] = VocImageRecord.Match(
                name,
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(truthsOf[i]),
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(detectionsOf[i]),
                Options);
        });
        AddAll(records);
    }

    /// <summary>
    /// Computes the result over every image recorded so far. The state is unchanged; the result is cached until
    /// the next update. <see cref="VocClassResult.DetectionIndices"/> are positions in the pooled order (images by
    /// name, each in rank order).
    /// </summary>
    public VocResult Compute() => images.Compute(snapshot =>
    {
        Array.Sort(snapshot, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        var results = new VocClassResult[classes.Length];
        Formats.ParallelInput.For(classes.Length, k => results[k] = ComputeClass(snapshot, k));
        return VocEvaluation.Summarize(Options, results);
    });

    /// <summary>Forgets every recorded image.</summary>
    public void Reset() => images.Clear();

    /// <summary>An immutable snapshot of every image recorded so far.</summary>
    public VocEvaluationState Snapshot()
    {
        return new VocEvaluationState(Options, classes, images.Snapshot());
    }

    /// <summary>
    /// Adds another evaluator's state (another thread, process or machine). Exact: <see cref="Compute"/> pools
    /// the records as if one evaluator had seen every image.
    /// </summary>
    /// <param name="state">The other state; it must use the same options and classes.</param>
    /// <exception cref="InvalidOperationException">The options or classes differ, or an image is in both.</exception>
    public void Merge(VocEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsCompatibleWith(Options, classes, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        AddAll(state.Images);
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>.</summary>
    /// <param name="state">The state.</param>
    public static VocEvaluator FromState(VocEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new VocEvaluator(state.Options, state.Classes);
        evaluator.Merge(state);
        return evaluator;
    }

    private void AddAll(IReadOnlyList<VocImageRecord> records) =>
        images.AddAll(records, static name => $"image '{name}' was already recorded");

    private VocClassResult ComputeClass(VocImageRecord[] records, int k)
    {
        long positives = 0;
        int difficult = 0, n = 0;
        foreach (var r in records)
        {
            int c = Array.IndexOf(r.CellClass, k);
            if (c >= 0)
            {
                positives += r.Positives[c];
                difficult += r.Difficult[c];
                n += r.CellStart[c + 1] - r.CellStart[c];
            }
        }

        var pooledScores = new double[n];
        var pooledFlags = new MatchFlag[n];
        int next = 0;
        foreach (var r in records)
        {
            int c = Array.IndexOf(r.CellClass, k);
            for (int j = c < 0 ? 0 : r.CellStart[c]; c >= 0 && j < r.CellStart[c + 1]; j++, next++)
            {
                pooledScores[next] = r.Scores[j];
                pooledFlags[next] = (MatchFlag)r.Flags[j];
            }
        }

        // Pooled in image-name order, each image in rank order: a stable sort keeps that order for ties.
        int[] order = Metrics.StableSort.ArgsortDescending(pooledScores);
        var scores = new double[n];
        var flags = new MatchFlag[n];
        for (int rank = 0; rank < n; rank++)
        {
            scores[rank] = pooledScores[order[rank]];
            flags[rank] = pooledFlags[order[rank]];
        }

        return VocEvaluation.Curve(classes[k], Options, positives, difficult, scores, flags, order);
    }

    private static BoxCorners Corners(ReadOnlySpan<double> v, string name, int index)
    {
        for (int i = 0; i < 4; i++)
        {
            if (!double.IsFinite(v[i]))
            {
                throw new ArgumentException($"{name}[{index}] has a coordinate that is not finite: {v[i].ToString(CultureInfo.InvariantCulture)}", name);
            }
        }

        return new BoxCorners(v[0], v[1], v[2], v[3]);
    }
}
