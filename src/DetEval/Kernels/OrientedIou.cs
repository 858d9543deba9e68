using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DetEval.Kernels;

/// <summary>
/// Oriented-box IoU exactly as the DOTA devkit computes it: its polygon IoU (<c>iou_poly</c> in <c>polyiou.cpp</c>)
/// behind its horizontal-box pre-filter (<see cref="HullIou"/>), one ground truth against a row of detections.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Devkit"/> is <c>iou_poly(gt, det)</c> operation for operation in IEEE double, without fused
/// multiply-add: signed shoelace areas <c>S = (sum x_k*y_(k+1) - y_k*x_(k+1)) / 2</c>, each quad reversed when
/// <c>S &lt; 0</c>; the intersection <c>I</c> = the sum, ground-truth edges outer and detection edges inner, of the
/// signed overlaps of the triangles <c>(O, p_k, p_(k+1))</c> and <c>(O, q_m, q_(m+1))</c> anchored at the origin
/// (each by clipping with a 1e-8 dead band); <c>IoU = I / ((|S1| + |S2|) - I)</c>. Point order therefore changes the
/// last bits, bow-tie orders give winding-number areas, two zero-area quads give NaN, and the rounding error grows
/// with the distance from the origin.
/// </para>
/// <para>
/// The row kernels write, per detection, that IoU where the hulls' +1-pixel IoU is <c>&gt; 0</c> and +0 elsewhere
/// (the devkit drops those candidates; their polygon IoU is 0 at any threshold in [0, 1]). The vector widths run the
/// pre-filter in lanes and the polygon IoU for the pairs it keeps, so they equal <see cref="ComputeScalar"/> bit for
/// bit whenever the pre-filter does.
/// </para>
/// </remarks>
[SkipLocalsInit]
internal static class OrientedIou
{
    /// <summary>The devkit's tolerance (<c>const double eps = 1E-8</c>).</summary>
    private const double Eps = 1E-8;

    /// <summary>The devkit's polygon IoU of a ground truth and a detection, <c>iou_poly(gt, det)</c>.</summary>
    /// <param name="gt">The ground truth (the devkit's first argument).</param>
    /// <param name="det">The detection.</param>
    /// <returns>The IoU; NaN when both quads have zero area.</returns>
    public static double Devkit(in Quad gt, in Quad det)
    {
        Points ps1 = default, ps2 = default;
        Load(gt, ps1);
        Load(det, ps2);

        // The clip buffer of intersectArea: the devkit never clears it, and in one rare case (a crossing between
        // two points within the dead band of each other's line) reads a slot it did not write in that cut. That slot
        // then holds what the buffer last held there, which this emulates within one IoU (the devkit's value in a
        // slot never written during the call is whatever the stack held; here it is (0, 0)).
        ClipBuffer pp = default; // zeroed (SkipLocalsInit leaves other locals as they are: each is written before it is read)
        double inter = IntersectArea(ps1, ps2, pp);
        double union = Math.Abs(Area(ps1, 4)) + Math.Abs(Area(ps2, 4)) - inter;
        return inter / union;
    }

    /// <summary>The specification: <paramref name="row"/>[d] = the devkit's IoU of the ground truth and detection d, or +0 where the pre-filter drops d.</summary>
    /// <param name="gt">The ground truth.</param>
    /// <param name="dets">The detections.</param>
    /// <param name="row">Output, one IoU per detection (its length is the number of detections read).</param>
    public static void ComputeScalar(in Quad gt, QuadColumns dets, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(dets);
        var hull = gt.Hull();
        HullIou.ComputeScalar(hull.X1, hull.Y1, hull.X2, hull.Y2, QuadColumns.InclusiveArea(hull), dets, row);
        PolygonsWherePrefilterKeeps(gt, dets, row);
    }

    /// <summary>Fills <paramref name="row"/> like <see cref="ComputeScalar"/>, the pre-filter on the widest vector unit available.</summary>
    /// <inheritdoc cref="ComputeScalar" path="/param"/>
    public static void Compute(in Quad gt, QuadColumns dets, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(dets);
        var hull = gt.Hull();
        HullIou.Compute(hull.X1, hull.Y1, hull.X2, hull.Y2, QuadColumns.InclusiveArea(hull), dets, row);
        PolygonsWherePrefilterKeeps(gt, dets, row);
    }

    /// <summary><see cref="Compute"/> with the pre-filter at a given width (tests).</summary>
    /// <param name="width">128, 256 or 512.</param>
    /// <param name="gt">The ground truth.</param>
    /// <param name="dets">The detections.</param>
    /// <param name="row">Output, one IoU per detection.</param>
    /// <returns>The number of detections the pre-filter handled in vector lanes.</returns>
    internal static int ComputeAt(int width, in Quad gt, QuadColumns dets, Span<double> row)
    {
        var hull = gt.Hull();
        double area = QuadColumns.InclusiveArea(hull);
        int lanes = width switch
        {
            128 => HullIou.Compute128(hull.X1, hull.Y1, hull.X2, hull.Y2, area, dets, row),
            256 => HullIou.Compute256(hull.X1, hull.Y1, hull.X2, hull.Y2, area, dets, row),
            512 => HullIou.Compute512(hull.X1, hull.Y1, hull.X2, hull.Y2, area, dets, row),
            _ => throw new ArgumentOutOfRangeException(nameof(width), width, "128, 256 or 512"),
        };
        PolygonsWherePrefilterKeeps(gt, dets, row);
        return lanes;
    }

    /// <summary>Whether vector code runs the pre-filter on this machine (for reports and benchmarks).</summary>
    internal static bool IsVectorized => Vector128.IsHardwareAccelerated;

    /// <summary>Replaces each pre-filter value in <paramref name="row"/>: the polygon IoU where it is &gt; 0, else +0.</summary>
    private static void PolygonsWherePrefilterKeeps(in Quad gt, QuadColumns dets, Span<double> row)
    {
        ReadOnlySpan<Quad> quads = dets.Quads;
        for (int d = 0; d < row.Length; d++)
        {
            // Parity: BBGT_keep_mask = overlaps > 0; only the kept ground truths reach polyiou.
            row[d] = row[d] > 0 ? Devkit(gt, quads[d]) : 0.0;
        }
    }

    // ---- polyiou.cpp, function by function ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Sig(double d) => (d > Eps ? 1 : 0) - (d < -Eps ? 1 : 0);

    /// <summary><c>cross(o, a, b) = (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Cross(Point o, Point a, Point b) => ((a.X - o.X) * (b.Y - o.Y)) - ((b.X - o.X) * (a.Y - o.Y));

    /// <summary><c>Point::operator==</c>: both coordinates within the dead band.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Same(Point p, Point q) => Sig(p.X - q.X) == 0 && Sig(p.Y - q.Y) == 0;

    /// <summary><c>area(ps, n)</c>: closes the ring (<c>ps[n] = ps[0]</c>) and returns the signed shoelace area.</summary>
    private static double Area(Span<Point> ps, int n)
    {
        ps[n] = ps[0];
        double res = 0;
        for (int i = 0; i < n; i++)
        {
            res += (ps[i].X * ps[i + 1].Y) - (ps[i].Y * ps[i + 1].X);
        }

        return res / 2.0;
    }

    /// <summary><c>intersectArea(ps1, n1, ps2, n2)</c>: the double sum of signed triangle overlaps.</summary>
    private static double IntersectArea(Span<Point> ps1, Span<Point> ps2, Span<Point> pp)
    {
        if (Area(ps1, 4) < 0)
        {
            ps1[..4].Reverse();
        }

        if (Area(ps2, 4) < 0)
        {
            ps2[..4].Reverse();
        }

        ps1[4] = ps1[0];
        ps2[4] = ps2[0];
        double res = 0;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                res += TriangleOverlap(ps1[i], ps1[i + 1], ps2[j], ps2[j + 1], pp);
            }
        }

        return res;
    }

    /// <summary><c>intersectArea(a, b, c, d)</c>: the signed overlap of triangles (O, a, b) and (O, c, d).</summary>
    private static double TriangleOverlap(Point a, Point b, Point c, Point d, Span<Point> pp)
    {
        var o = default(Point);
        int s1 = Sig(Cross(o, a, b));
        int s2 = Sig(Cross(o, c, d));
        if (s1 == 0 || s2 == 0)
        {
            return 0.0;
        }

        if (s1 == -1)
        {
            (a, b) = (b, a);
        }

        if (s2 == -1)
        {
            (c, d) = (d, c);
        }

        Triangle p = default;
        p[0] = o;
        p[1] = a;
        p[2] = b;
        int n = 3;
        Cut(p, ref n, o, c, pp);
        Cut(p, ref n, c, d, pp);
        Cut(p, ref n, d, o, pp);
        double res = Math.Abs(Area(p, n));
        if (s1 * s2 == -1)
        {
            res = -res;
        }

        return res;
    }

    /// <summary>
    /// <c>polygon_cut(p, n, a, b, pp)</c>: keeps the part of <paramref name="p"/> left of the line a→b, in place.
    /// </summary>
    private static void Cut(Span<Point> p, ref int n, Point a, Point b, Span<Point> pp)
    {
        int m = 0;
        p[n] = p[0];
        double here = Cross(a, b, p[0]);
        for (int i = 0; i < n; i++)
        {
            // The devkit evaluates cross(a, b, p[i]) anew each time; the same operands give the same double.
            double next = Cross(a, b, p[i + 1]);
            int sHere = Sig(here);
            if (sHere > 0)
            {
                pp[m++] = p[i];
            }

            if (sHere != Sig(next))
            {
                LineCross(here, next, p[i], p[i + 1], ref pp[m++]);
            }

            here = next;
        }

        n = 0;
        for (int i = 0; i < m; i++)
        {
            if (i == 0 || !Same(pp[i], pp[i - 1]))
            {
                p[n++] = pp[i];
            }
        }

        while (n > 1 && Same(p[n - 1], p[0]))
        {
            n--;
        }
    }

    /// <summary>
    /// <c>lineCross(a, b, c, d, p)</c> with <c>s1 = cross(a, b, c)</c>, <c>s2 = cross(a, b, d)</c>: the crossing
    /// <c>(c * s2 - d * s1) / (s2 - s1)</c>, or nothing written when both are in the dead band or their difference is.
    /// </summary>
    private static void LineCross(double s1, double s2, Point c, Point d, ref Point p)
    {
        if (Sig(s1) == 0 && Sig(s2) == 0)
        {
            return;
        }

        if (Sig(s2 - s1) == 0)
        {
            // Parity: the devkit returns without writing p, and the caller still counts the slot.
            return;
        }

        p.X = ((c.X * s2) - (d.X * s1)) / (s2 - s1);
        p.Y = ((c.Y * s2) - (d.Y * s1)) / (s2 - s1);
    }

    private static void Load(in Quad q, Span<Point> ps)
    {
        ps[0] = new Point(q.X1, q.Y1);
        ps[1] = new Point(q.X2, q.Y2);
        ps[2] = new Point(q.X3, q.Y3);
        ps[3] = new Point(q.X4, q.Y4);
    }

    private struct Point(double x, double y)
    {
        public double X = x;
        public double Y = y;
    }

    /// <summary>A quad's ring: four points and the closing copy of the first.</summary>
    [InlineArray(5)]
    private struct Points
    {
        private Point element;
    }

    /// <summary>The devkit's <c>Point p[10]</c>: a clipped triangle (at most 9 points after three cuts) and its closing copy.</summary>
    [InlineArray(10)]
    private struct Triangle
    {
        private Point element;
    }

    /// <summary>
    /// The devkit's <c>Point pp[maxn]</c> (<c>maxn = 51</c>), of which a cut uses at most 9 slots: it keeps at most
    /// the <c>k</c> points on the left and adds at most one crossing per edge, and at most every other point of a
    /// ring can be on the left, so 3 points give at most 4, 4 give at most 6 and 6 give at most 9.
    /// </summary>
    [InlineArray(10)]
    private struct ClipBuffer
    {
        private Point element;
    }
}
