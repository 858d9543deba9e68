using DetEval.Data;
using DetEval.Matching;
using DetEval.Reports;

namespace DetEval;

/// <summary>
/// Which keypoints are placed worst: per category and keypoint, the mean per-keypoint similarity over the true
/// positives of a keypoint evaluation (the pairs the COCO matcher makes at one OKS threshold, area all).
/// </summary>
public static class KeypointErrors
{
    /// <summary>
    /// Matches every image as the evaluation does and, for each true positive at <paramref name="oksThreshold"/>,
    /// adds each keypoint the ground truth labels.
    /// </summary>
    /// <remarks>
    /// A keypoint's similarity is its OKS term <c>exp(-e_i)</c>, <c>e_i = ((Δx² + Δy²) / (2σ_i)²) / (A + ε) / 2</c>;
    /// the row gives its mean over the pairs and the error <c>1 - mean</c>. The OKS of a pair is the mean of its terms.
    /// </remarks>
    /// <param name="options">The keypoint evaluation's options (IoU type keypoints).</param>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The results.</param>
    /// <param name="oksThreshold">The OKS threshold whose matches count (the nearest evaluated one).</param>
    /// <returns>One row per evaluated category and keypoint, categories in id order.</returns>
    public static IReadOnlyList<KeypointErrorRow> Compute(CocoOptions options, DetectionDataset dataset, DetectionSet detections, double oksThreshold = 0.5)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        if (options.IouType != IouType.Keypoints)
        {
            throw new ArgumentException("keypoint errors need a keypoint evaluation's options", nameof(options));
        }

        var oks = new OksCellIou(options);
        var context = new MatchContext(options, dataset.Categories.Select(c => c.Id), oks);
        var observer = new Observer(context, oks, ClassReport.NearestThreshold(options.IouThresholds, oksThreshold));
        var groups = ImageGroups.Build(dataset, detections);
        Formats.ParallelInput.For(dataset.Images.Count, i =>
        {
            if (context.Includes(dataset.Images[i].Id))
            {
                ImageMatcher.Match(context, dataset.Images[i], groups.Truths(i), groups.Detections(i), default, observer);
            }
        });

        var rows = new List<KeypointErrorRow>();
        for (int k = 0; k < context.CategoryIds.Length; k++)
        {
            long id = context.CategoryIds[k];
            var category = dataset.Categories.FirstOrDefault(c => c.Id == id);
            int count = oks.VariancesFor(id).Length;
            for (int i = 0; i < count; i++)
            {
                var (n, sum) = observer.Totals(k, i);
                double? mean = n > 0 ? sum / n : null;
                string name = category?.KeypointNames is { } names && i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                rows.Add(new KeypointErrorRow(category?.Name ?? id.ToString(System.Globalization.CultureInfo.InvariantCulture), id, i, name, n, mean, 1 - mean));
            }
        }

        return rows;
    }

    private sealed class Observer(MatchContext context, OksCellIou oks, int thresholdIndex) : ICellObserver
    {
        private readonly Dictionary<(int Category, int Keypoint), (int Count, double Sum)> totals = [];

        public (int Count, double Sum) Totals(int category, int keypoint) =>
            totals.TryGetValue((category, keypoint), out var t) ? t : (0, 0);

        public void Observe(
            int categoryIndex,
            IReadOnlyList<GroundTruth> truths,
            ReadOnlySpan<int> gtIndices,
            ReadOnlySpan<Detection> detections,
            ReadOnlySpan<int> detIndices,
            ReadOnlySpan<byte> flags,
            ReadOnlySpan<int> matchedGt)
        {
            int t = context.ThresholdCount;
            int stride = context.AreaCount * t;
            var found = new List<(int Keypoint, double Term)>();
            for (int d = 0; d < detIndices.Length; d++)
            {
                // Area all is the first range; only true positives (matched to a regular ground truth) count.
                if (flags[(d * stride) + thresholdIndex] != (byte)MatchFlag.TruePositive)
                {
                    continue;
                }

                var gt = truths[gtIndices[matchedGt[(d * stride) + thresholdIndex]]];
                var truth = gt.Keypoints;
                var detection = detections[detIndices[d]].Keypoints!;
                if (truth is not { LabelledCount: > 0 })
                {
                    continue;
                }

                var variances = oks.VariancesFor(gt.CategoryId);
                for (int i = 0; i < variances.Length; i++)
                {
                    if (truth.V(i) > 0)
                    {
                        found.Add((i, OksCellIou.Term(detection.X(i) - truth.X(i), detection.Y(i) - truth.Y(i), variances[i], gt.Area)));
                    }
                }
            }

            lock (totals)
            {
                foreach (var (keypoint, term) in found)
                {
                    var key = (categoryIndex, keypoint);
                    var (n, sum) = totals.TryGetValue(key, out var v) ? v : (0, 0);
                    totals[key] = (n + 1, sum + term);
                }
            }
        }
    }
}
