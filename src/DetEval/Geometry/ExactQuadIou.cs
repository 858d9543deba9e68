using System.Runtime.CompilerServices;

namespace DetEval.Geometry;

/// <summary>
/// The true IoU of two quads: the quantity the DOTA devkit's polygon IoU approximates, computed without its rounding
/// or its 1e-8 dead band, and rounded once to the nearest double.
/// </summary>
/// <remarks>
/// <para>
/// The definition is the devkit's in exact arithmetic: each quad's order is reversed when its signed shoelace area
/// <c>S</c> is negative; <c>I = sum over edge pairs</c> of the signed overlap of the triangles <c>(O, p_k, p_(k+1))</c>
/// and <c>(O, q_m, q_(m+1))</c>, which equals <c>∫ w1 · w2</c> over the plane (w: each quad's winding number), the
/// intersection area for simple quads; <c>IoU = I / (|S1| + |S2| - I)</c>, and 0 when that union is 0 (two zero-area
/// quads, where the devkit gives NaN). All of it is translation-invariant, so it is computed with the ground truth's
/// first corner as the origin (the devkit's origin is (0, 0), the source of its rounding).
/// </para>
/// <para>
/// The same clipping runs on <see cref="Interval"/> first: guaranteed bounds in double, enough whenever every sign
/// it meets is certain. Otherwise (and to round the value once) it runs on <see cref="Rational"/>, exactly.
/// </para>
/// </remarks>
internal static class ExactQuadIou
{
    /// <summary>The IoU correctly rounded to a double (ties to even).</summary>
    /// <param name="gt">The ground truth.</param>
    /// <param name="det">The detection.</param>
    /// <returns>The nearest double to the exact IoU.</returns>
    public static double Compute(in Quad gt, in Quad det) =>
        TryBounds(gt, det, out double lo, out double hi) && lo == hi ? lo : Exact(gt, det).ToDouble();

    /// <summary>The exact IoU as a fraction.</summary>
    /// <param name="gt">The ground truth.</param>
    /// <param name="det">The detection.</param>
    /// <returns>The IoU; 0 when the union is 0.</returns>
    public static Rational Exact(in Quad gt, in Quad det)
    {
        if (!TryIntersection(gt, det, out Rational inter, out Rational area1, out Rational area2))
        {
            throw new InvalidOperationException("exact arithmetic decides every sign");
        }

        var union = area1 + area2 - inter;
        return Rational.Sign(union) == 0 ? Rational.Zero : inter / union;
    }

    /// <summary>
    /// Bounds on the exact IoU from interval arithmetic: <c>lo &lt;= IoU &lt;= hi</c> when it returns true. False when a
    /// sign along the way is too close to zero to tell (then only <see cref="Exact"/> knows).
    /// </summary>
    /// <param name="gt">The ground truth.</param>
    /// <param name="det">The detection.</param>
    /// <param name="lo">Lower bound.</param>
    /// <param name="hi">Upper bound.</param>
    /// <returns>Whether the bounds were found.</returns>
    public static bool TryBounds(in Quad gt, in Quad det, out double lo, out double hi)
    {
        lo = hi = double.NaN;
        if (!TryIntersection(gt, det, out Interval inter, out Interval area1, out Interval area2))
        {
            return false;
        }

        var iou = inter / (area1 + area2 - inter);
        if (double.IsNaN(iou.Lo) || double.IsNaN(iou.Hi))
        {
            return false;
        }

        lo = iou.Lo;
        hi = iou.Hi;
        return true;
    }

    /// <summary>The intersection <c>I</c> and the areas <c>|S1|</c>, <c>|S2|</c> in <typeparamref name="T"/>; false when a sign is undecided.</summary>
    internal static bool TryIntersection<T>(in Quad gt, in Quad det, out T inter, out T area1, out T area2)
        where T : IExactNumber<T>
    {
        inter = T.Zero;
        // Every quantity here is translation-invariant, so both quads move by the ground truth's first corner: the
        // result is the same in exact arithmetic, and the interval bounds lose far less to the cancellation of large
        // triangles anchored far from the quads.
        T ox = T.FromDouble(gt.X1), oy = T.FromDouble(gt.Y1);
        Ring<T> ps1 = default, ps2 = default;
        Load<T>(gt, ox, oy, ps1);
        Load<T>(det, ox, oy, ps2);
        if (!Orient<T>(ps1, out area1) | !Orient<T>(ps2, out area2))
        {
            return false;
        }

        Ring<T> pp = default;
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                if (!TryTriangleOverlap<T>(ps1[i], ps1[i + 1], ps2[j], ps2[j + 1], pp, out T overlap))
                {
                    return false;
                }

                inter += overlap;
            }
        }

        return true;
    }

    /// <summary>Reverses a ring with negative area (a zero area keeps its order) and closes it; gives |S|.</summary>
    private static bool Orient<T>(Span<Point<T>> ps, out T absArea)
        where T : IExactNumber<T>
    {
        T s = Area(ps, 4);
        int sign = T.Sign(s);
        absArea = T.Abs(s);
        if (sign == IExactNumber<T>.Undecided)
        {
            return false;
        }

        if (sign < 0)
        {
            ps[..4].Reverse();
        }

        ps[4] = ps[0];
        return true;
    }

    /// <summary>The signed overlap of triangles (O, a, b) and (O, c, d).</summary>
    private static bool TryTriangleOverlap<T>(Point<T> a, Point<T> b, Point<T> c, Point<T> d, Span<Point<T>> pp, out T overlap)
        where T : IExactNumber<T>
    {
        overlap = T.Zero;
        int s1 = T.Sign((a.X * b.Y) - (b.X * a.Y));
        int s2 = T.Sign((c.X * d.Y) - (d.X * c.Y));
        if (s1 == IExactNumber<T>.Undecided || s2 == IExactNumber<T>.Undecided)
        {
            return false;
        }

        if (s1 == 0 || s2 == 0)
        {
            return true;
        }

        if (s1 < 0)
        {
            (a, b) = (b, a);
        }

        if (s2 < 0)
        {
            (c, d) = (d, c);
        }

        var o = new Point<T>(T.Zero, T.Zero);
        Ring<T> p = default;
        p[0] = o;
        p[1] = a;
        p[2] = b;
        int n = 3;
        if (!Cut(p, ref n, o, c, Line.FromOrigin, pp) || !Cut(p, ref n, c, d, Line.General, pp) || !Cut(p, ref n, d, o, Line.ToOrigin, pp))
        {
            return false;
        }

        overlap = T.Abs(Area<T>(p, n));
        if (s1 != s2)
        {
            overlap = -overlap;
        }

        return true;
    }

    /// <summary>Which of a cut line's ends is the origin: the cross product then has a shorter exact form.</summary>
    private enum Line
    {
        General,
        FromOrigin,
        ToOrigin,
    }

    /// <summary>
    /// <c>cross(a, b, p) = (b - a) × (p - a)</c>. With <c>a = O</c> it is <c>b.x * p.y - p.x * b.y</c> and with
    /// <c>b = O</c> it is <c>p.x * a.y - a.x * p.y</c>: the same number, but exactly 0 for <c>p = O</c> in interval
    /// arithmetic too, where the general form would subtract a product from itself.
    /// </summary>
    private static T Cross<T>(Point<T> a, Point<T> b, Point<T> p, Line line)
        where T : IExactNumber<T> => line switch
        {
            Line.FromOrigin => (b.X * p.Y) - (p.X * b.Y),
            Line.ToOrigin => (p.X * a.Y) - (a.X * p.Y),
            _ => ((b.X - a.X) * (p.Y - a.Y)) - ((p.X - a.X) * (b.Y - a.Y)),
        };

    /// <summary>Keeps the part of <paramref name="p"/> on the left of the line a→b (exact signs, no dead band).</summary>
    private static bool Cut<T>(Span<Point<T>> p, ref int n, Point<T> a, Point<T> b, Line line, Span<Point<T>> pp)
        where T : IExactNumber<T>
    {
        p[n] = p[0];
        Values<T> crossValues = default;
        Span<T> cross = crossValues;
        Span<int> sign = stackalloc int[n + 1];
        for (int i = 0; i <= n; i++)
        {
            cross[i] = Cross(a, b, p[i], line);
            sign[i] = T.Sign(cross[i]);
            if (sign[i] == IExactNumber<T>.Undecided)
            {
                return false;
            }
        }

        int m = 0;
        for (int i = 0; i < n; i++)
        {
            if (sign[i] > 0)
            {
                pp[m++] = p[i];
            }

            if (sign[i] != sign[i + 1])
            {
                // Signs differ, so cross[i + 1] - cross[i] is not zero.
                T s1 = cross[i], s2 = cross[i + 1], w = s2 - s1;
                pp[m++] = new Point<T>(((p[i].X * s2) - (p[i + 1].X * s1)) / w, ((p[i].Y * s2) - (p[i + 1].Y * s1)) / w);
            }
        }

        n = 0;
        for (int i = 0; i < m; i++)
        {
            int same = i == 0 ? 0 : Same(pp[i], pp[i - 1]);
            if (same == IExactNumber<T>.Undecided)
            {
                return false;
            }

            if (same == 0)
            {
                p[n++] = pp[i];
            }
        }

        while (n > 1)
        {
            int same = Same(p[n - 1], p[0]);
            if (same == IExactNumber<T>.Undecided)
            {
                return false;
            }

            if (same == 0)
            {
                break;
            }

            n--;
        }

        return true;
    }

    /// <summary>1 when the points are equal, 0 when they differ, <see cref="IExactNumber{T}.Undecided"/> when unknown.</summary>
    private static int Same<T>(Point<T> p, Point<T> q)
        where T : IExactNumber<T>
    {
        int x = T.Sign(p.X - q.X);
        if (x is 1 or -1)
        {
            return 0;
        }

        int y = T.Sign(p.Y - q.Y);
        return y is 1 or -1 ? 0
            : x == 0 && y == 0 ? 1
            : IExactNumber<T>.Undecided;
    }

    /// <summary>The signed shoelace area of the first <paramref name="n"/> points (closes the ring at <c>ps[n]</c>).</summary>
    private static T Area<T>(Span<Point<T>> ps, int n)
        where T : IExactNumber<T>
    {
        ps[n] = ps[0];
        T res = T.Zero;
        for (int i = 0; i < n; i++)
        {
            res += (ps[i].X * ps[i + 1].Y) - (ps[i].Y * ps[i + 1].X);
        }

        return res * T.FromDouble(0.5);
    }

    private static void Load<T>(in Quad q, T ox, T oy, Span<Point<T>> ps)
        where T : IExactNumber<T>
    {
        ps[0] = new Point<T>(T.FromDouble(q.X1) - ox, T.FromDouble(q.Y1) - oy);
        ps[1] = new Point<T>(T.FromDouble(q.X2) - ox, T.FromDouble(q.Y2) - oy);
        ps[2] = new Point<T>(T.FromDouble(q.X3) - ox, T.FromDouble(q.Y3) - oy);
        ps[3] = new Point<T>(T.FromDouble(q.X4) - ox, T.FromDouble(q.Y4) - oy);
    }

    private readonly struct Point<T>(T x, T y)
    {
        public T X { get; } = x;

        public T Y { get; } = y;
    }

    /// <summary>A ring of up to 9 points and its closing copy (a triangle cut three times has at most 9).</summary>
    [InlineArray(10)]
    private struct Ring<T>
    {
        private Point<T> element;
    }

    [InlineArray(10)]
    private struct Values<T>
    {
        private T element;
    }
}
