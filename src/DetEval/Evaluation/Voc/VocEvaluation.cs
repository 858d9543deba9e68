using DetEval.Data;
using DetEval.Matching;
using DetEval.Metrics;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The Pascal VOC protocol (the devkit's <c>voc_eval</c>, class by class) on the shared data model.
/// </summary>
public static class VocEvaluation
{
    /// <summary>Evaluates detections given as COCO boxes (corners are <c>X, Y, X + Width, Y + Height</c>).</summary>
    /// <param name="dataset">The ground truth; every category is a class.</param>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="options">The protocol's options.</param>
    public static VocResult Evaluate(DetectionDataset dataset, DetectionSet detections, VocOptions options) =>
        Evaluate(new VocDataset(dataset), new VocDetectionSet(detections), options);

    /// <summary>Evaluates detections with the raw corners the files gave.</summary>
    /// <remarks>
    /// Per class: the detections are stably sorted by descending score (ties keep file order) and matched in that
    /// order with <see cref="VocMatcher.Match"/>; <c>npos</c> counts the non-difficult objects (all objects when
    /// difficult is not ignored); <c>recall = tp / npos</c>, <c>precision = tp / max(tp + fp, eps)</c> on the
    /// cumulative counts; the AP comes from <see cref="AveragePrecision"/>. The mAP is the mean over the classes
    /// with positives.
    /// </remarks>
    /// <param name="dataset">The ground truth; every category is a class.</param>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="options">The protocol's options.</param>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    public static VocResult Evaluate(VocDataset dataset, VocDetectionSet detections, VocOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(options);
        var data = dataset.Dataset;
        var categories = data.Categories;
        var categoryIndex = new Dictionary<long, int>(categories.Count);
        for (int k = 0; k < categories.Count; k++)
        {
            categoryIndex.TryAdd(categories[k].Id, k);
        }

        // Ground truths of each class grouped by image, each group in file order.
        var truthsByClass = new Dictionary<int, List<int>>[categories.Count];
        for (int k = 0; k < truthsByClass.Length; k++)
        {
            truthsByClass[k] = [];
        }

        for (int gtIndex = 0; gtIndex < data.GroundTruths.Count; gtIndex++)
        {
            var gt = data.GroundTruths[gtIndex];
            int imageIndex = data.IndexOfImage(gt.ImageId);
            if (imageIndex >= 0 && categoryIndex.TryGetValue(gt.CategoryId, out int k))
            {
                if (!truthsByClass[k].TryGetValue(imageIndex, out var list))
                {
                    truthsByClass[k][imageIndex] = list = [];
                }

                list.Add(gtIndex);
            }
        }

        // Detections of each class in file order.
        var detectionsByClass = new List<int>[categories.Count];
        for (int k = 0; k < detectionsByClass.Length; k++)
        {
            detectionsByClass[k] = [];
        }

        var all = detections.Detections.AsSpan();
        for (int detIndex = 0; detIndex < all.Length; detIndex++)
        {
            if (data.IndexOfImage(all[detIndex].ImageId) < 0)
            {
                throw new DetEvalInputException(detections.Detections.Source, $"detection {detIndex}", $"image id {all[detIndex].ImageId} is not in the image set");
            }

            if (categoryIndex.TryGetValue(all[detIndex].CategoryId, out int k))
            {
                detectionsByClass[k].Add(detIndex);
            }
        }

        var results = new VocClassResult[categories.Count];
        // Classes are independent: evaluated in parallel, reported in class order.
        Formats.ParallelInput.For(categories.Count, k =>
            results[k] = EvaluateClass(dataset, detections, options, categories[k], truthsByClass[k], detectionsByClass[k]));

        return Summarize(options, results);
    }

    /// <summary>The result of per-class results: the mAP is the mean over the classes with positives.</summary>
    internal static VocResult Summarize(VocOptions options, VocClassResult[] results)
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

        double mean = defined.Count > 0 ? NumpyMath.Sum(defined.ToArray()) / defined.Count : double.NaN;
        return new VocResult(options, results, mean, defined.Count);
    }

    private static VocClassResult EvaluateClass(
        VocDataset dataset, VocDetectionSet detections, VocOptions options, Category category,
        Dictionary<int, List<int>> truthsByImage, List<int> detectionIndices)
    {
        var data = dataset.Dataset;

        // Per image: the corners, ignore flags and taken flags of the class's objects, in file order.
        var cells = new Dictionary<int, (BoxCorners[] Corners, bool[] Ignored, bool[] Taken)>(truthsByImage.Count);
        long positives = 0;
        int difficult = 0;
        foreach (var (imageIndex, gtIndices) in truthsByImage)
        {
            var corners = new BoxCorners[gtIndices.Count];
            var ignored = new bool[gtIndices.Count];
            for (int i = 0; i < gtIndices.Count; i++)
            {
                var gt = data.GroundTruths[gtIndices[i]];
                corners[i] = dataset.Corners[gtIndices[i]];
                ignored[i] = options.IgnoreDifficult && gt.Difficult;
                difficult += gt.Difficult ? 1 : 0;
                positives += ignored[i] ? 0 : 1;
            }

            cells[imageIndex] = (corners, ignored, new bool[gtIndices.Count]);
        }

        int n = detectionIndices.Count;
        var fileScores = new double[n];
        for (int i = 0; i < n; i++)
        {
            fileScores[i] = detections.Detections[detectionIndices[i]].Score;
        }

        // Parity: a stable sort, so tied scores keep file order (the devkit's np.argsort is not stable).
        int[] order = StableSort.ArgsortDescending(fileScores);
        var scores = new double[n];
        var flags = new MatchFlag[n];
        var ranked = new int[n];
        for (int rank = 0; rank < n; rank++)
        {
            int detIndex = detectionIndices[order[rank]];
            ref readonly var detection = ref detections.Detections[detIndex];
            ranked[rank] = detIndex;
            scores[rank] = detection.Score;
            var flag = MatchFlag.FalsePositive;
            if (cells.TryGetValue(data.IndexOfImage(detection.ImageId), out var cell))
            {
                flag = VocMatcher.Match(detections.Corners[detIndex], cell.Corners, cell.Ignored, cell.Taken, options);
            }

            flags[rank] = flag;
        }

        return Curve(category, options, positives, difficult, scores, flags, ranked);
    }

    /// <summary>
    /// The curve and AP of a class from its ranked detections: cumulative TP and FP counts,
    /// <c>recall = tp / npos</c>, <c>precision = tp / max(tp + fp, eps)</c>, and the AP of <paramref name="options"/>.
    /// </summary>
    internal static VocClassResult Curve(
        Category category, VocOptions options, long positives, int difficult, double[] scores, MatchFlag[] flags, int[] ranked)
    {
        int n = scores.Length;
        var recall = new double[n];
        var precision = new double[n];
        double npos = positives;
        double tp = 0, fp = 0;
        for (int rank = 0; rank < n; rank++)
        {
            tp += flags[rank] == MatchFlag.TruePositive ? 1 : 0;
            fp += flags[rank] == MatchFlag.FalsePositive ? 1 : 0;

            // Parity: rec = tp / float(npos) (NaN or inf when npos is 0); prec = tp / np.maximum(tp + fp, eps).
            recall[rank] = tp / npos;
            precision[rank] = tp / Math.Max(tp + fp, NumpyMath.Spacing1);
        }

        double ap;
        if (positives == 0)
        {
            // Parity: no positives gives 0.0 with the 11-point metric and NaN otherwise (the devkit's NaN recall).
            ap = options.AveragePrecisionMethod == AveragePrecisionMethod.ElevenPoint ? 0.0 : double.NaN;
        }
        else
        {
            ap = options.AveragePrecisionMethod switch
            {
                AveragePrecisionMethod.ElevenPoint => AveragePrecision.ElevenPoint(recall, precision, AveragePrecision.ElevenPointLevelsOf(options.ElevenPointLevels)),
                AveragePrecisionMethod.AllPoint => AveragePrecision.AllPoint(recall, precision),
                _ => AveragePrecision.CocoInterpolated(recall, precision, options.RecallThresholds),
            };
        }

        return new VocClassResult(category.Name, category.Id, ap, positives, difficult, scores, recall, precision, flags, ranked);
    }
}
