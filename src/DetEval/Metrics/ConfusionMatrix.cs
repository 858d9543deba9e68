using DetEval.Data;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// A detection confusion matrix at one IoU threshold and one score threshold.
/// Orientation: <b>rows are the ground-truth class, columns the predicted class</b>; the last row and the
/// last column are <i>background</i>. Cell <c>[g, p]</c> counts ground truths of class <c>g</c> matched by a
/// detection of class <c>p</c>; <c>[g, background]</c> counts ground truths no detection matched (missed);
/// <c>[background, p]</c> counts detections of class <c>p</c> that matched no ground truth (false positives).
/// </summary>
/// <remarks>
/// Per image, detections with <c>score &gt;= ScoreThreshold</c> are taken in descending score order (stable, so
/// file order breaks ties) and each is matched greedily to one unmatched non-crowd ground truth with
/// <c>IoU &gt;= IouThreshold</c>: the one of its own class with the highest IoU if there is one, else the one of
/// any class with the highest IoU (a class confusion). A detection left unmatched that overlaps a crowd ground
/// truth by <c>intersection / detection area &gt;= IouThreshold</c> is ignored, as COCO ignores it; otherwise it is
/// a false positive. Crowd ground truths are never counted as missed. Box IoU only (continuous coordinates,
/// no +1). Ground truths and detections whose category is not in <see cref="Categories"/> are skipped.
/// </remarks>
public sealed class ConfusionMatrix
{
    private readonly long[] counts;

    private ConfusionMatrix(IReadOnlyList<Category> categories, long[] counts, double iouThreshold, double scoreThreshold)
    {
        Categories = categories;
        this.counts = counts;
        IouThreshold = iouThreshold;
        ScoreThreshold = scoreThreshold;
    }

    /// <summary>The classes in row and column order (sorted by id); index <c>Categories.Count</c> is background.</summary>
    public IReadOnlyList<Category> Categories { get; }

    /// <summary>The number of rows and columns: the classes plus background.</summary>
    public int Size => Categories.Count + 1;

    /// <summary>The index of the background row and column.</summary>
    public int BackgroundIndex => Categories.Count;

    /// <summary>The IoU a detection needs to match a ground truth.</summary>
    public double IouThreshold { get; }

    /// <summary>Detections scoring below this are dropped before matching.</summary>
    public double ScoreThreshold { get; }

    /// <summary>The count at ground-truth row <paramref name="gtIndex"/> and predicted column <paramref name="predIndex"/>.</summary>
    public long this[int gtIndex, int predIndex]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(gtIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gtIndex, Size);
            ArgumentOutOfRangeException.ThrowIfNegative(predIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predIndex, Size);
            return counts[(gtIndex * Size) + predIndex];
        }
    }

    /// <summary>The row and column labels: the class names, then <c>background</c>.</summary>
    public IReadOnlyList<string> Labels => [.. Categories.Select(c => c.Name), "background"];

    /// <summary>Computes the matrix of <paramref name="detections"/> against <paramref name="dataset"/>.</summary>
    /// <param name="dataset">The ground truth; its categories give the classes.</param>
    /// <param name="detections">The scored detections.</param>
    /// <param name="iouThreshold">The IoU a match needs (default 0.5).</param>
    /// <param name="scoreThreshold">The lowest score kept (default 0.25).</param>
    public static ConfusionMatrix Compute(DetectionDataset dataset, DetectionSet detections, double iouThreshold = 0.5, double scoreThreshold = 0.25)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentOutOfRangeException.ThrowIfNegative(iouThreshold);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iouThreshold, 1.0);
        Category[] categories = [.. dataset.Categories.OrderBy(c => c.Id)];
        var classOf = new Dictionary<long, int>();
        for (int k = 0; k < categories.Length; k++)
        {
            classOf.TryAdd(categories[k].Id, k);
        }

        int size = categories.Length + 1;
        int background = categories.Length;
        var counts = new long[size * size];
        var groups = ImageGroups.Build(dataset, detections);
        var kept = new List<Detection>();
        var truths = new List<GroundTruth>();
        var crowds = new List<GroundTruth>();
        for (int imageIndex = 0; imageIndex < dataset.Images.Count; imageIndex++)
        {
            truths.Clear();
            crowds.Clear();
            foreach (var gt in groups.Truths(imageIndex))
            {
                if (classOf.ContainsKey(gt.CategoryId))
                {
                    (gt.IsCrowd ? crowds : truths).Add(gt);
                }
            }

            kept.Clear();
            foreach (var d in groups.Detections(imageIndex))
            {
                if (d.Score >= scoreThreshold && classOf.ContainsKey(d.CategoryId))
                {
                    kept.Add(d);
                }
            }

            // Stable: equal scores keep file order, as the COCO reference's sort does.
            Detection[] ranked = [.. kept.OrderByDescending(d => d.Score)];
            var matched = new bool[truths.Count];
            // The one box IoU (the kernel): truths, then crowds (over the detection's area), against the ranked detections.
            var scratch = MatchScratch.Current;
            var columns = new DetectionColumns(scratch, ranked.Length);
            for (int d = 0; d < ranked.Length; d++)
            {
                columns.Set(d, ranked[d].Box);
            }

            var ious = scratch.Ious((truths.Count + crowds.Count) * ranked.Length);
            for (int g = 0; g < truths.Count + crowds.Count; g++)
            {
                bool crowd = g >= truths.Count;
                columns.Row((crowd ? crowds[g - truths.Count] : truths[g]).Box, crowd, ious.Slice(g * ranked.Length, ranked.Length));
            }

            for (int detIndex = 0; detIndex < ranked.Length; detIndex++)
            {
                var d = ranked[detIndex];
                int pred = classOf[d.CategoryId];
                int best = -1, bestSame = -1;
                double bestIou = -1, bestSameIou = -1;
                for (int gtIndex = 0; gtIndex < truths.Count; gtIndex++)
                {
                    if (matched[gtIndex])
                    {
                        continue;
                    }

                    double iou = ious[(gtIndex * ranked.Length) + detIndex];
                    if (iou < iouThreshold)
                    {
                        continue;
                    }

                    if (iou > bestIou)
                    {
                        best = gtIndex;
                        bestIou = iou;
                    }

                    if (truths[gtIndex].CategoryId == d.CategoryId && iou > bestSameIou)
                    {
                        bestSame = gtIndex;
                        bestSameIou = iou;
                    }
                }

                int match = bestSame >= 0 ? bestSame : best;
                if (match >= 0)
                {
                    matched[match] = true;
                    counts[(classOf[truths[match].CategoryId] * size) + pred]++;
                }
                else if (!CoveredByCrowd(ious[(truths.Count * ranked.Length)..], ranked.Length, detIndex, iouThreshold))
                {
                    counts[(background * size) + pred]++;
                }
            }

            for (int gtIndex = 0; gtIndex < truths.Count; gtIndex++)
            {
                if (!matched[gtIndex])
                {
                    counts[(classOf[truths[gtIndex].CategoryId] * size) + background]++;
                }
            }
        }

        return new ConfusionMatrix(categories, counts, iouThreshold, scoreThreshold);
    }

    /// <summary>Whether a crowd region covers detection <paramref name="detIndex"/> (its IoU row over the detection's area passes the threshold).</summary>
    private static bool CoveredByCrowd(ReadOnlySpan<double> crowdIous, int detCount, int detIndex, double iouThreshold)
    {
        for (int c = detIndex; c < crowdIous.Length; c += detCount)
        {
            if (crowdIous[c] >= iouThreshold)
            {
                return true;
            }
        }

        return false;
    }
}
