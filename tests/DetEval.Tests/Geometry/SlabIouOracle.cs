namespace DetEval.Tests.Geometry;

/// <summary>
/// An independent oracle for the exact quad IoU: <c>I = ∫ w1 · w2</c> (w: each quad's winding number, its sign fixed
/// by reversing a quad whose shoelace area is negative) integrated over vertical slabs in exact fractions, and
/// <c>IoU = I / (|S1| + |S2| - I)</c> (0 for a zero union).
/// </summary>
/// <remarks>
/// The slab boundaries are every vertex x and every x where two edges' lines cross inside both edges' spans. Inside a
/// slab no edges cross, so the edges that span it keep one vertical order and the winding numbers are constant
/// between neighbours; each band between two edges is a trapezoid of area width × (height gap at mid-slab).
/// </remarks>
internal static class SlabIouOracle
{
    public static Fraction Iou(Quad p, Quad q)
    {
        var a = Oriented(p, out var areaA);
        var b = Oriented(q, out var areaB);
        var inter = Integral(a, b);
        var union = areaA + areaB - inter;
        return union.Sign == 0 ? new Fraction(0, 1) : inter / union;
    }

    private static (Fraction X, Fraction Y)[] Oriented(Quad q, out Fraction absArea)
    {
        (Fraction, Fraction)[] v =
        [
            (Fraction.Of(q.X1), Fraction.Of(q.Y1)), (Fraction.Of(q.X2), Fraction.Of(q.Y2)),
            (Fraction.Of(q.X3), Fraction.Of(q.Y3)), (Fraction.Of(q.X4), Fraction.Of(q.Y4)),
        ];
        var twice = new Fraction(0, 1);
        for (int i = 0; i < 4; i++)
        {
            var (x0, y0) = v[i];
            var (x1, y1) = v[(i + 1) % 4];
            twice += (x0 * y1) - (y0 * x1);
        }

        absArea = twice.Abs() * new Fraction(1, 2);
        if (twice.Sign < 0)
        {
            Array.Reverse(v);
        }

        return v;
    }

    private static Fraction Integral((Fraction X, Fraction Y)[] a, (Fraction X, Fraction Y)[] b)
    {
        var edges = new List<(Fraction X0, Fraction Y0, Fraction X1, Fraction Y1, int Poly)>();
        foreach (var (poly, v) in new[] { (0, a), (1, b) })
        {
            for (int i = 0; i < 4; i++)
            {
                edges.Add((v[i].X, v[i].Y, v[(i + 1) % 4].X, v[(i + 1) % 4].Y, poly));
            }
        }

        var xs = new List<Fraction>();
        foreach (var e in edges)
        {
            xs.Add(e.X0);
        }

        for (int i = 0; i < edges.Count; i++)
        {
            for (int j = i + 1; j < edges.Count; j++)
            {
                if (CrossingX(edges[i], edges[j]) is Fraction x)
                {
                    xs.Add(x);
                }
            }
        }

        xs.Sort((u, w) => (u - w).Sign);
        var total = new Fraction(0, 1);
        for (int k = 0; k + 1 < xs.Count; k++)
        {
            var xa = xs[k];
            var xb = xs[k + 1];
            if ((xb - xa).Sign == 0)
            {
                continue;
            }

            var xm = (xa + xb) * new Fraction(1, 2);
            var spanning = new List<(Fraction Y, int Poly, int Direction)>();
            foreach (var e in edges)
            {
                var lo = e.X0 < e.X1 ? e.X0 : e.X1;
                var hi = e.X0 < e.X1 ? e.X1 : e.X0;
                if ((e.X1 - e.X0).Sign != 0 && !(xa < lo) && !(hi < xb))
                {
                    var y = e.Y0 + ((e.Y1 - e.Y0) * (xm - e.X0) / (e.X1 - e.X0));

                    // Below an edge that runs right to left the winding number is one higher (y up, CCW positive).
                    spanning.Add((y, e.Poly, (e.X1 - e.X0).Sign < 0 ? 1 : -1));
                }
            }

            spanning.Sort((u, w) => (w.Y - u.Y).Sign); // top first
            int w1 = 0, w2 = 0;
            for (int i = 0; i + 1 < spanning.Count; i++)
            {
                if (spanning[i].Poly == 0)
                {
                    w1 += spanning[i].Direction;
                }
                else
                {
                    w2 += spanning[i].Direction;
                }

                var height = spanning[i].Y - spanning[i + 1].Y;
                total += new Fraction(w1 * w2, 1) * (xb - xa) * height;
            }
        }

        return total;
    }

    /// <summary>The x where two non-parallel, non-vertical edges' lines meet, if it lies in both edges' x spans.</summary>
    private static Fraction? CrossingX(
        (Fraction X0, Fraction Y0, Fraction X1, Fraction Y1, int Poly) e,
        (Fraction X0, Fraction Y0, Fraction X1, Fraction Y1, int Poly) f)
    {
        var dxe = e.X1 - e.X0;
        var dxf = f.X1 - f.X0;
        if (dxe.Sign == 0 || dxf.Sign == 0)
        {
            return null; // a vertical edge's x is a vertex x already
        }

        var se = (e.Y1 - e.Y0) / dxe;
        var sf = (f.Y1 - f.Y0) / dxf;
        if ((se - sf).Sign == 0)
        {
            return null;
        }

        // y = Y0 + s (x - X0) on both lines.
        var x = ((f.Y0 - (sf * f.X0)) - (e.Y0 - (se * e.X0))) / (se - sf);
        bool InSpan(Fraction x0, Fraction x1) => !(x < (x0 < x1 ? x0 : x1)) && !((x0 < x1 ? x1 : x0) < x);
        return InSpan(e.X0, e.X1) && InSpan(f.X0, f.X1) ? x : null;
    }
}
