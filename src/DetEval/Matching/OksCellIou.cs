using DetEval.Data;
using DetEval.Metrics;

namespace DetEval.Matching;

/// <summary>
/// Object keypoint similarity of a cell (pycocotools <c>computeOks</c>): <c>ious[gtIndex * detCount + detIndex]</c>
/// holds the OKS of each (ground truth, detection) pair, with the reference's order of operations.
/// </summary>
/// <remarks>
/// With <c>var_i = (σ_i·2)²</c>, ε = <c>np.spacing(1)</c> and A the ground truth's <c>area</c> field,
/// <c>e_i = ((Δx_i² + Δy_i²) / var_i) / (A + ε) / 2</c>, and OKS = <c>Σ exp(-e_i) / n</c> (numpy's pairwise sum)
/// over the ground truth's labelled keypoints (n of them), or, when it has none, over all K keypoints with Δ the
/// distance to its box widened by its own size on every side.
/// </remarks>
internal sealed class OksCellIou : CellIou
{
    private readonly double[] defaultVariances;
    private readonly Dictionary<long, double[]> variancesByCategory = [];

    public OksCellIou(CocoOptions options)
    {
        defaultVariances = Variances(options.KeypointSigmas);
        foreach (var (id, sigmas) in options.KeypointSigmasByCategory ?? new Dictionary<long, IReadOnlyList<double>>())
        {
            variancesByCategory[id] = Variances(sigmas);
        }
    }

    /// <summary>The variances <c>(σ·2)²</c> for a ground truth of <paramref name="categoryId"/>; their count is K.</summary>
    public double[] VariancesFor(long categoryId) =>
        variancesByCategory.TryGetValue(categoryId, out var v) ? v : defaultVariances;

    public override void Compute(
        ImageInfo image,
        IReadOnlyList<GroundTruth> truths,
        ReadOnlySpan<int> gtIndices,
        ReadOnlySpan<Detection> detections,
        ReadOnlySpan<int> detIndices,
        Span<double> ious,
        MatchScratch scratch)
    {
        int detCount = detIndices.Length;
        for (int g = 0; g < gtIndices.Length; g++)
        {
            var gt = truths[gtIndices[g]];
            var variances = VariancesFor(gt.CategoryId);
            var terms = scratch.Column(0, variances.Length);
            var row = ious.Slice(g * detCount, detCount);
            for (int d = 0; d < detCount; d++)
            {
                row[d] = Similarity(gt, detections[detIndices[d]].Keypoints!, variances, terms);
            }
        }
    }

    /// <summary>
    /// The OKS of one pair. Keypoint counts were checked on input: the detection has K keypoints and the ground
    /// truth K or none (then no keypoint is labelled).
    /// </summary>
    /// <param name="gt">The ground truth (keypoints, box, area).</param>
    /// <param name="detection">The detection's keypoints.</param>
    /// <param name="variances">One variance per keypoint.</param>
    /// <param name="terms">Room for K terms.</param>
    public static double Similarity(GroundTruth gt, Keypoints detection, ReadOnlySpan<double> variances, Span<double> terms)
    {
        int k = variances.Length;
        var truth = gt.Keypoints;
        int n = 0;
        if (truth is { LabelledCount: > 0 })
        {
            // Parity: only keypoints with v > 0 count; v = 1 and v = 2 alike.
            for (int i = 0; i < k; i++)
            {
                if (!(truth.V(i) > 0))
                {
                    continue;
                }

                terms[n++] = Term(detection.X(i) - truth.X(i), detection.Y(i) - truth.Y(i), variances[i], gt.Area);
            }
        }
        else
        {
            // Parity: no labelled keypoint (whatever num_keypoints says): the distance to the box widened by its
            // own width and height on every side, over all K keypoints.
            var b = gt.Box;
            double x0 = b.X - b.Width, x1 = b.X + (b.Width * 2);
            double y0 = b.Y - b.Height, y1 = b.Y + (b.Height * 2);
            for (int i = 0; i < k; i++)
            {
                double xd = detection.X(i), yd = detection.Y(i);
                double dx = Math.Max(0, x0 - xd) + Math.Max(0, xd - x1);
                double dy = Math.Max(0, y0 - yd) + Math.Max(0, yd - y1);
                terms[n++] = Term(dx, dy, variances[i], gt.Area);
            }
        }

        // Parity: np.sum (pairwise from 8 terms on), then divided by the number of terms.
        return NumpyMath.Sum(terms[..n]) / n;
    }

    /// <summary>One keypoint's term <c>exp(-e)</c>, <c>e = ((dx² + dy²) / var) / (area + ε) / 2</c> in the reference's order.</summary>
    public static double Term(double dx, double dy, double variance, double area) =>
        // Parity: the reference adds np.spacing(1) to the area field, then divides, then halves.
        Math.Exp(-((((dx * dx) + (dy * dy)) / variance) / (area + NumpyMath.Spacing1) / 2));

    private static double[] Variances(IReadOnlyList<double> sigmas)
    {
        var variances = new double[sigmas.Count];
        for (int i = 0; i < variances.Length; i++)
        {
            // Parity: (sigmas * 2) ** 2, i.e. the doubled sigma squared.
            double twice = sigmas[i] * 2;
            variances[i] = twice * twice;
        }

        return variances;
    }
}
