using System.Globalization;
using System.Runtime.InteropServices;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Evaluation.State;
using DetEval.Formats;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// Pascal VOC evaluation (VOC2007 11-point, VOC2010+ all-point; the devkit's <c>voc_eval</c> class by class):
/// <c>Update</c> matches an image at once and keeps only its compact records (per class: object counts, and each
/// detection's score and outcome); <see cref="Compute"/> pools them.
/// </summary>
/// <remarks>
/// <para>Thread-safe: updates match outside the lock and append under a short one.</para>
/// <para>
/// The tie rule. A detection's outcome depends only on the detections of its own image, so matching per image gives
/// the devkit's outcomes. When a class's detections are pooled, they are stably sorted by descending score, and
/// tied scores keep the order of the images, then the rank within the image (file order). The images are in
/// image-set order when every record knows its position in one image set (the evaluator was given the image set, as
/// <see cref="VocEvaluation"/> and <c>deteval voc</c> are, and every merged state was made with the same set): this
/// is the reference's stable-sort order (devkit results files list images in image-set order). Otherwise, for
/// example for shards that each read their own image set, images are ordered by name (ordinal), which no split can
/// change.
/// </para>
/// </remarks>
public sealed class VocEvaluator : IEvaluator<VocEvaluator, VocEvaluationState, VocResult>
{
    private readonly RecordLog<ImageMatch, string, VocResult> images = new(static r => r.Name!, StringComparer.Ordinal);
    private readonly Category[] classes;
    private readonly Dictionary<long, int> classIndex = [];
    private readonly string[]? imageSet;
    private readonly Dictionary<string, int>? positions;

    /// <summary>Creates an evaluator for <paramref name="classes"/> with <paramref name="options"/>.</summary>
    /// <param name="options">The protocol, e.g. <see cref="VocOptions.Voc2007"/> or <see cref="VocOptions.Voc2010"/>.</param>
    /// <param name="classes">The classes, in report order; labels given to <c>Update</c> are their ids.</param>
    /// <param name="imageSet">The image set (image names in order), so that tied scores go by image-set position;
    /// null: by image name. With an image set, only its images may be updated.</param>
    /// <exception cref="ArgumentException">Two classes have the same id or name, or an image name is given twice.</exception>
    public VocEvaluator(VocOptions options, IEnumerable<Category> classes, IEnumerable<string>? imageSet = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(classes);
        Options = options;
        this.classes = [.. classes];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int k = 0; k < this.classes.Length; k++)
        {
            if (!classIndex.TryAdd(this.classes[k].Id, k) || !names.Add(this.classes[k].Name))
            {
                throw new ArgumentException($"class {this.classes[k].Id} '{this.classes[k].Name}': its id or name is given twice", nameof(classes));
            }
        }

        if (imageSet is not null)
        {
            this.imageSet = [.. imageSet];
            positions = new Dictionary<string, int>(this.imageSet.Length, StringComparer.Ordinal);
            for (int i = 0; i < this.imageSet.Length; i++)
            {
                if (!positions.TryAdd(this.imageSet[i], i))
                {
                    throw new ArgumentException($"image '{this.imageSet[i]}' is in the image set twice", nameof(imageSet));
                }
            }
        }

        ImageSetFingerprint = this.imageSet is null ? 0 : StateFile.Fingerprint(this.imageSet);
    }

    /// <summary>Creates an evaluator for a dataset: its categories are the classes, its images the image set.</summary>
    /// <param name="options">The protocol.</param>
    /// <param name="dataset">The ground truth (images are named by <see cref="ImageInfo.FileName"/>, or their id).</param>
    public VocEvaluator(VocOptions options, VocDataset dataset)
        : this(options, (dataset ?? throw new ArgumentNullException(nameof(dataset))).Dataset.Categories, dataset.Dataset.Images.Select(NameOf))
    {
    }

    /// <summary>The protocol's options.</summary>
    public VocOptions Options { get; }

    /// <summary>The classes, in report order.</summary>
    public IReadOnlyList<Category> Classes => classes;

    /// <summary>The image set, or null when the evaluator orders tied scores by image name.</summary>
    public IReadOnlyList<string>? ImageSet => imageSet;

    /// <summary>The number of images recorded so far.</summary>
    public int ImageCount => images.Count;

    internal ulong ImageSetFingerprint { get; }

    /// <summary>
    /// Whether tied scores go by <see cref="ImageMatch.DetectionIndex"/> first (then by the tie rule above): DOTA's
    /// rule, where the index is the detection's position in its results file and the files are in no image order.
    /// </summary>
    internal bool TiesByDetectionIndex { get; init; }

    /// <summary>
    /// Records one image from flat arrays: four numbers per box as raw corners <c>x1 y1 x2 y2</c> (the VOC files'
    /// <c>xmin ymin xmax ymax</c>), one class id per box, one score per detection. Detections of other classes
    /// are dropped.
    /// </summary>
    /// <param name="imageName">The image name (unique; without an image set it orders tied scores across images).</param>
    /// <param name="truthBoxes">The objects' corners, 4 numbers each.</param>
    /// <param name="truthLabels">The objects' class ids.</param>
    /// <param name="truthDifficult">The objects' difficult flags (empty: none is difficult).</param>
    /// <param name="detectionBoxes">The detections' corners, 4 numbers each, in file order.</param>
    /// <param name="detectionScores">The detections' scores.</param>
    /// <param name="detectionLabels">The detections' class ids.</param>
    /// <exception cref="ArgumentException">A length does not match, a value is not finite, an object's class is
    /// unknown or the image is not in the image set; the message names the element.</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(
        string imageName,
        ReadOnlySpan<double> truthBoxes,
        ReadOnlySpan<long> truthLabels,
        ReadOnlySpan<bool> truthDifficult,
        ReadOnlySpan<double> detectionBoxes,
        ReadOnlySpan<double> detectionScores,
        ReadOnlySpan<long> detectionLabels) =>
        UpdateImage(
            imageName, new FlatBoxes<BoxCorners>(4, "box", nameof(truthBoxes), nameof(detectionBoxes), Corners),
            truthBoxes, truthLabels, truthDifficult, detectionBoxes, detectionScores, detectionLabels, default, new VocBoxIou(Options.PixelConvention));

    /// <summary>How flat numbers become boxes: numbers per box, the unit and parameter names for messages, the parser.</summary>
    internal readonly record struct FlatBoxes<TBox>(int PerBox, string Unit, string TruthName, string DetectionName, BoxParser<TBox> Parse);

    /// <summary>Makes a box of <paramref name="numbers"/>, element <paramref name="index"/> of parameter <paramref name="name"/>.</summary>
    internal delegate TBox BoxParser<TBox>(ReadOnlySpan<double> numbers, string name, int index);

    /// <summary>
    /// The span <c>Update</c> of any geometry on this engine: checks the lengths (in the order the messages name them),
    /// the labels and the scores, matches the image with <paramref name="similarity"/> and records it. A detection's
    /// index is <paramref name="detectionOrder"/>[d], or d when it is empty.
    /// </summary>
    internal void UpdateImage<TBox, TSimilarity>(
        string imageName,
        FlatBoxes<TBox> boxes,
        ReadOnlySpan<double> truthBoxes,
        ReadOnlySpan<long> truthLabels,
        ReadOnlySpan<bool> truthDifficult,
        ReadOnlySpan<double> detectionBoxes,
        ReadOnlySpan<double> detectionScores,
        ReadOnlySpan<long> detectionLabels,
        ReadOnlySpan<int> detectionOrder,
        TSimilarity similarity)
        where TSimilarity : IVocSimilarity<TBox>
    {
        ArgumentNullException.ThrowIfNull(imageName);
        long position = PositionOf(imageName);
        int per = boxes.PerBox;
        if (truthBoxes.Length != truthLabels.Length * per)
        {
            throw new ArgumentException($"{boxes.TruthName} has {truthBoxes.Length} numbers for {truthLabels.Length} labels; expected {per} per {boxes.Unit}", boxes.TruthName);
        }

        if (!truthDifficult.IsEmpty && truthDifficult.Length != truthLabels.Length)
        {
            throw new ArgumentException($"truthDifficult has {truthDifficult.Length} flags for {truthLabels.Length} objects", nameof(truthDifficult));
        }

        if (detectionBoxes.Length != detectionLabels.Length * per)
        {
            throw new ArgumentException($"{boxes.DetectionName} has {detectionBoxes.Length} numbers for {detectionLabels.Length} labels; expected {per} per {boxes.Unit}", boxes.DetectionName);
        }

        if (detectionScores.Length != detectionLabels.Length)
        {
            throw new ArgumentException($"detectionScores has {detectionScores.Length} scores for {detectionLabels.Length} labels", nameof(detectionScores));
        }

        if (!detectionOrder.IsEmpty && detectionOrder.Length != detectionLabels.Length)
        {
            throw new ArgumentException($"detectionOrder has {detectionOrder.Length} positions for {detectionLabels.Length} detections", nameof(detectionOrder));
        }

        var truths = new VocTruth<TBox>[truthLabels.Length];
        for (int g = 0; g < truths.Length; g++)
        {
            if (!classIndex.TryGetValue(truthLabels[g], out int k))
            {
                throw new ArgumentException($"truthLabels[{g}] = {truthLabels[g]} is not a class id of this evaluator", nameof(truthLabels));
            }

            truths[g] = new VocTruth<TBox>(boxes.Parse(truthBoxes.Slice(g * per, per), boxes.TruthName, g), k, !truthDifficult.IsEmpty && truthDifficult[g]);
        }

        var detections = new List<VocDetection<TBox>>(detectionLabels.Length);
        for (int d = 0; d < detectionLabels.Length; d++)
        {
            var box = boxes.Parse(detectionBoxes.Slice(d * per, per), boxes.DetectionName, d);
            if (!double.IsFinite(detectionScores[d]))
            {
                throw new ArgumentException($"detectionScores[{d}] = {detectionScores[d].ToString(CultureInfo.InvariantCulture)} is not finite", nameof(detectionScores));
            }

            int index = detectionOrder.IsEmpty ? d : detectionOrder[d];
            if (index < 0)
            {
                throw new ArgumentException($"detectionOrder[{d}] = {index} is negative", nameof(detectionOrder));
            }

            if (classIndex.TryGetValue(detectionLabels[d], out int k))
            {
                detections.Add(new VocDetection<TBox>(box, k, detectionScores[d], index));
            }
        }

        AddAll([VocImageMatcher.Match(imageName, position, truths, CollectionsMarshal.AsSpan(detections), classes.Length, Options, similarity)]);
    }

    /// <summary>
    /// Records every image of <paramref name="dataset"/> with its detections (a whole shard at once), in parallel.
    /// Images are named by <see cref="ImageInfo.FileName"/> (the VOC image id), or by their decimal id without one.
    /// Classes are matched to this evaluator's by id; others are dropped.
    /// <see cref="VocClassResult.DetectionIndices"/> then give positions in <paramref name="detections"/>.
    /// </summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The detections, in file order.</param>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    /// <exception cref="ArgumentException">An image is not in this evaluator's image set.</exception>
    /// <exception cref="InvalidOperationException">An image was recorded before.</exception>
    public void Update(VocDataset dataset, VocDetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        UpdateBatch(dataset.Dataset, dataset.Corners, detections.Detections, detections.Corners, null, new VocBoxIou(Options.PixelConvention));
    }

    /// <summary>
    /// The batch <c>Update</c> of any geometry on this engine: groups objects and detections by image (a detection's
    /// index is <paramref name="detectionOrder"/>[d], or its position in <paramref name="detections"/>) and matches the
    /// images in parallel.
    /// </summary>
    internal void UpdateBatch<TBox, TSimilarity>(
        DetectionDataset data, IReadOnlyList<TBox> truthBoxes, DetectionSet detections, IReadOnlyList<TBox> detectionBoxes, IReadOnlyList<int>? detectionOrder, TSimilarity similarity)
        where TSimilarity : IVocSimilarity<TBox>
    {
        int n = data.Images.Count;
        var imagePositions = new long[n];
        for (int i = 0; i < n; i++)
        {
            imagePositions[i] = PositionOf(NameOf(data.Images[i]));
        }

        var groups = ImageGroups.Build(data, detections);
        var records = new ImageMatch[n];
        ParallelInput.For(n, i =>
        {
            var (truths, dets) = BatchScratch<TBox>.Lists();
            var truthIndices = groups.TruthIndices(i);
            for (int t = 0; t < truthIndices.Count; t++)
            {
                var gt = data.GroundTruths[truthIndices[t]];
                if (classIndex.TryGetValue(gt.CategoryId, out int k))
                {
                    truths.Add(new VocTruth<TBox>(truthBoxes[truthIndices[t]], k, gt.Difficult));
                }
            }

            // The detections through their positions: per-class results files list images apart, and the positions
            // are all the grouping needs to make.
            var all = detections.AsSpan();
            var indices = groups.DetectionIndices(i);
            for (int d = 0; d < indices.Length; d++)
            {
                int position = indices[d];
                if (classIndex.TryGetValue(all[position].CategoryId, out int k))
                {
                    dets.Add(new VocDetection<TBox>(detectionBoxes[position], k, all[position].Score, detectionOrder is null ? position : detectionOrder[position]));
                }
            }

            records[i] = VocImageMatcher.Match(
                NameOf(data.Images[i]), imagePositions[i], CollectionsMarshal.AsSpan(truths), CollectionsMarshal.AsSpan(dets), classes.Length, Options, similarity);
        });
        AddAll(records);
    }

    /// <summary>
    /// Computes the result over every image recorded so far (see the tie rule above). The state is unchanged; the
    /// result is cached until the next change.
    /// </summary>
    /// <returns>The per-class results and their mean; arrays are read-only.</returns>
    public VocResult Compute() => images.Compute(records =>
    {
        // The tie rule: image-set order when every record has a position in this evaluator's set, else name order.
        if (Array.TrueForAll(records, static r => r.ImageId >= 0))
        {
            Array.Sort(records, static (x, y) => x.ImageId.CompareTo(y.ImageId));
        }
        else
        {
            Array.Sort(records, static (x, y) => string.CompareOrdinal(x.Name, y.Name));
        }

        var results = new VocClassResult[classes.Length];
        RecordPool.ForEachCategory(records, classes.Length, areaCount: 1, thresholdCount: 1, (k, pooled) => results[k] = ComputeClass(pooled, k));
        return Summarize(results);
    });

    /// <summary>Forgets every recorded image; the options, classes and image set stay.</summary>
    public void Reset() => images.Clear();

    /// <summary>An immutable snapshot of every image recorded so far (later updates do not change it).</summary>
    /// <returns>The state.</returns>
    public VocEvaluationState Snapshot() => new(Options, classes, imageSet, images.Snapshot());

    /// <summary>
    /// Adds another evaluator's state (another thread, process or machine). Exact: <see cref="Compute"/> pools
    /// the records as if one evaluator had seen every image. Classes are aligned by name, so shards that list the
    /// same classes in another order merge. Records made with another image set (or none) lose their positions, and
    /// tied scores then go by image name (see the tie rule above).
    /// </summary>
    /// <param name="state">The other state; it must use the same options and class names.</param>
    /// <exception cref="InvalidOperationException">The options or classes differ (the message names the classes),
    /// or an image is in both.</exception>
    public void Merge(VocEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!EmptySnapshot().IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        var map = new int[state.Classes.Count];
        bool reordered = false;
        var byName = classes.Select((c, k) => (c.Name, k)).ToDictionary(x => x.Name, x => x.k, StringComparer.Ordinal);
        for (int k = 0; k < map.Length; k++)
        {
            map[k] = byName[state.Classes[k].Name];
            reordered |= map[k] != k;
        }

        bool samePositions = ImageSetFingerprint != 0 && state.ImageSetFingerprint == ImageSetFingerprint;
        var records = state.Images;
        if (reordered || !samePositions)
        {
            records = [.. records.Select(r => Realign(r, reordered ? map : null, samePositions))];
        }

        images.AddAll(records, static name => $"cannot merge: image '{name}' is in both states");
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>: same options, classes, image set and records.</summary>
    /// <param name="state">A state from <see cref="Snapshot"/> or <see cref="VocEvaluationState.ReadFrom(Stream, string)"/>.</param>
    /// <returns>The evaluator.</returns>
    public static VocEvaluator FromState(VocEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new VocEvaluator(state.Options, state.Classes, state.ImageSet);
        evaluator.Merge(state);
        return evaluator;
    }

    internal static string NameOf(ImageInfo image) => image.FileName ?? image.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A state with this evaluator's options, classes and image set and no records (for compatibility checks).</summary>
    internal VocEvaluationState EmptySnapshot() => new(Options, classes, imageSet, []);

    internal long PositionOf(string imageName)
    {
        if (positions is null)
        {
            return -1;
        }

        return positions.TryGetValue(imageName, out int position)
            ? position
            : throw new ArgumentException($"image '{imageName}' is not in this evaluator's image set", nameof(imageName));
    }

    /// <summary>Records images matched elsewhere (a protocol with its own geometry on this engine, such as DOTA).</summary>
    /// <param name="records">The images' records.</param>
    /// <exception cref="InvalidOperationException">An image was recorded before, or is given twice.</exception>
    internal void AddRecords(IReadOnlyList<ImageMatch> records) => AddAll(records);

    private void AddAll(IReadOnlyList<ImageMatch> records) =>
        images.AddAll(records, static name => $"image '{name}' was already recorded");

    /// <summary>A record with its cells renumbered by <paramref name="map"/> (and kept in ascending class order),
    /// and without its image-set position unless <paramref name="keepPosition"/>.</summary>
    private static ImageMatch Realign(ImageMatch r, int[]? map, bool keepPosition)
    {
        int cells = r.CellCount;
        int[] order = [.. Enumerable.Range(0, cells).OrderBy(c => map is null ? r.CellCategory[c] : map[r.CellCategory[c]])];
        var category = new int[cells];
        var start = new int[cells + 1];
        var positives = new int[cells];
        var counts = new int[cells * 3];
        var scores = new double[r.Scores.Length];
        var flags = new byte[r.Flags.Length];
        var index = new int[r.Scores.Length];
        int next = 0;
        for (int i = 0; i < cells; i++)
        {
            int c = order[i];
            int from = r.CellStart[c], count = r.CellStart[c + 1] - from;
            category[i] = map is null ? r.CellCategory[c] : map[r.CellCategory[c]];
            start[i] = next;
            positives[i] = r.PositiveCount[c];
            r.CellCounts.AsSpan(c * 3, 3).CopyTo(counts.AsSpan(i * 3));
            r.Scores.AsSpan(from, count).CopyTo(scores.AsSpan(next));
            r.Flags.AsSpan(from, count).CopyTo(flags.AsSpan(next));
            r.DetectionIndex?.AsSpan(from, count).CopyTo(index.AsSpan(next));
            next += count;
        }

        start[cells] = next;
        return new ImageMatch
        {
            ImageId = keepPosition ? r.ImageId : -1,
            Name = r.Name,
            CellCategory = category,
            CellStart = start,
            Scores = scores,
            Flags = flags,
            PositiveCount = positives,
            CellCounts = counts,
            DetectionIndex = index,
        };
    }

    private VocClassResult ComputeClass(RecordPool.PooledCategory pooled, int k)
    {
        if (TiesByDetectionIndex)
        {
            pooled = RecordPool.TiesByDetectionIndex(pooled, stride: 1);
        }

        long positives = pooled.Positives[0];
        int n = pooled.Scores.Length;
        var (_, precision, recall) = PrecisionRecallWalk.Curve(pooled.Flags, n, 1, 0, positives, PrecisionRecallWalk.PrecisionRule.VocMaxEps, keepIgnored: true);
        double ap;
        if (positives == 0)
        {
            // Parity: no positives gives 0.0 with the 11-point metric and NaN otherwise (the devkit's NaN recall).
            ap = Options.AveragePrecisionMethod == AveragePrecisionMethod.ElevenPoint ? 0.0 : double.NaN;
        }
        else
        {
            ap = Options.AveragePrecisionMethod switch
            {
                AveragePrecisionMethod.ElevenPoint => AveragePrecision.ElevenPoint(recall, precision, AveragePrecision.ElevenPointLevelsOf(Options.ElevenPointLevels)),
                AveragePrecisionMethod.AllPoint => AveragePrecision.AllPoint(recall, precision),
                _ => AveragePrecision.CocoInterpolated(recall, precision, Options.RecallThresholds),
            };
        }

        var flags = new MatchFlag[n];
        for (int i = 0; i < n; i++)
        {
            flags[i] = (MatchFlag)pooled.Flags[i];
        }

        return new VocClassResult(classes[k].Name, classes[k].Id, ap, positives, (int)pooled.Ignored, pooled.Scores, recall, precision, flags, pooled.DetectionIndex ?? []);
    }

    /// <summary>The mAP is the mean over the classes with positives (pairwise sum, as numpy).</summary>
    private VocResult Summarize(VocClassResult[] results)
    {
        var defined = new List<double>();
        foreach (var r in results)
        {
            // A class with no positives is left out of the mean (its AP is 0 or NaN, not a measurement).
            if (r.NumPositives > 0)
            {
                defined.Add(r.AveragePrecision);
            }
        }

        double mean = defined.Count > 0 ? NumpyMath.Sum(CollectionsMarshal.AsSpan(defined)) / defined.Count : double.NaN;
        return new VocResult(Options, Array.AsReadOnly(results), mean, defined.Count);
    }

    /// <summary>Per-thread lists for one image's objects and detections during a batch update (emptied per image).</summary>
    private static class BatchScratch<TBox>
    {
        [ThreadStatic]
        private static List<VocTruth<TBox>>? truths;

        [ThreadStatic]
        private static List<VocDetection<TBox>>? detections;

        public static (List<VocTruth<TBox>> Truths, List<VocDetection<TBox>> Detections) Lists()
        {
            var t = truths ??= [];
            var d = detections ??= [];
            t.Clear();
            d.Clear();
            return (t, d);
        }
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
