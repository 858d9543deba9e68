using DetEval.Geometry;
using DetEval.Kernels;

namespace DetEval.Matching;

/// <summary>
/// The DOTA cell similarity on the VOC engine: the oriented IoU of each object and detection of a cell, behind the
/// devkit's hull pre-filter, either with the devkit's arithmetic or exactly.
/// </summary>
/// <param name="Mode">The IoU arithmetic.</param>
/// <param name="Threshold">The matching threshold (exact mode decides only what can change a match against it).</param>
internal readonly record struct QuadSimilarity(OrientedIouMode Mode, double Threshold) : IVocSimilarity<Quad>
{
    [ThreadStatic]
    private static Buffers? buffers;

    /// <summary>Fills the cell's matrix, one ground-truth row at a time.</summary>
    /// <remarks>
    /// <para>
    /// <see cref="OrientedIouMode.Devkit"/>: <see cref="OrientedIou.Compute"/>, the devkit's polyiou where the hulls'
    /// +1-pixel IoU is &gt; 0 and 0 elsewhere.
    /// </para>
    /// <para>
    /// <see cref="OrientedIouMode.Exact"/>: the same candidates, each with guaranteed bounds <c>[lo, hi]</c> on its exact
    /// IoU (<see cref="ExactQuadIou.TryBounds"/>). The VOC matcher takes the first maximum and compares it with the
    /// threshold t, so per detection only these need the correctly rounded value (<see cref="ExactQuadIou.Compute"/>):
    /// the contenders, the candidates whose <c>hi</c> reaches the largest <c>lo</c> (every other candidate is surely
    /// below one of them), when there are several and one may pass t, or the single contender when its bounds do not
    /// settle <c>round(IoU) &gt; t</c> (that is <c>hi &gt; t</c> and <c>lo &lt; next(t)</c>). The others keep their lower
    /// bound, which is on the right side of every comparison the matcher makes. The outcomes are exactly those of the
    /// correctly rounded IoU.
    /// </para>
    /// </remarks>
    public void Fill(ReadOnlySpan<Quad> truths, ReadOnlySpan<Quad> detections, Span<double> ious)
    {
        var b = buffers ??= new Buffers();
        int n = detections.Length;
        b.Columns.Fill(detections);
        if (Mode == OrientedIouMode.Devkit)
        {
            for (int g = 0; g < truths.Length; g++)
            {
                OrientedIou.Compute(truths[g], b.Columns, ious.Slice(g * n, n));
            }

            return;
        }

        if (b.Upper.Length < truths.Length * n)
        {
            b.Upper = new double[Math.Max(truths.Length * n, b.Upper.Length * 2)];
        }

        Span<double> upper = b.Upper.AsSpan(0, truths.Length * n);
        for (int g = 0; g < truths.Length; g++)
        {
            var hull = truths[g].Hull();
            var row = ious.Slice(g * n, n);
            HullIou.Compute(hull.X1, hull.Y1, hull.X2, hull.Y2, QuadColumns.InclusiveArea(hull), b.Columns, row);
            for (int d = 0; d < n; d++)
            {
                double lo = 0, hi = 0;
                if (row[d] > 0 && !ExactQuadIou.TryBounds(truths[g], detections[d], out lo, out hi))
                {
                    lo = hi = ExactQuadIou.Compute(truths[g], detections[d]);
                }

                row[d] = lo;
                upper[(g * n) + d] = hi;
            }
        }

        double above = Math.BitIncrement(Threshold);
        for (int d = 0; d < n; d++)
        {
            double best = double.NegativeInfinity;
            for (int g = 0; g < truths.Length; g++)
            {
                best = Math.Max(best, ious[(g * n) + d]);
            }

            int contenders = 0;
            double reach = double.NegativeInfinity;
            bool settled = true;
            for (int g = 0; g < truths.Length; g++)
            {
                int at = (g * n) + d;
                if (upper[at] >= best)
                {
                    contenders++;
                    reach = Math.Max(reach, upper[at]);
                    settled &= !(upper[at] > Threshold && ious[at] < above);
                }
            }

            if (reach <= Threshold || (contenders == 1 && settled))
            {
                continue;
            }

            for (int g = 0; g < truths.Length; g++)
            {
                int at = (g * n) + d;
                if (upper[at] >= best && ious[at] != upper[at])
                {
                    ious[at] = ExactQuadIou.Compute(truths[g], detections[d]);
                }
            }
        }
    }

    private sealed class Buffers
    {
        public QuadColumns Columns { get; } = new();

        public double[] Upper { get; set; } = new double[256];
    }
}
