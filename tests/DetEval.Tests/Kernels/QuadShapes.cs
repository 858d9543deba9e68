using System.Runtime.Intrinsics;

namespace DetEval.Tests.Kernels;

/// <summary>Quads for the oriented-IoU tests: seeded random scenes and the edge shapes the DOTA devkit meets.</summary>
internal static class QuadShapes
{
    /// <summary>
    /// Edge shapes, each listed clockwise and counter-clockwise on screen: squares and rotated rectangles, a bow-tie
    /// order, zero-area quads (a segment, a point, a repeated corner), tiny, elongated and far-from-origin boxes,
    /// and quads that share corners and edges with each other.
    /// </summary>
    public static Quad[] Edge()
    {
        var shapes = new List<Quad>
        {
            Square(0, 0, 10),
            Square(5, 0, 10),                                  // half overlap with the first
            Square(10, 0, 10),                                 // shares an edge with the first
            Square(11, 0, 10),                                 // 1 px away: kept by the +1 pre-filter
            Square(12, 0, 10),                                 // 2 px away: dropped
            Square(2, 2, 5),                                   // nested
            new(0, 0, 10, 10, 10, 0, 0, 10),                   // bow-tie order of the first square
            new(0, 0, 10, 0, 10, 0, 0, 0),                     // zero-area: a segment traced twice
            new(3, 3, 3, 3, 3, 3, 3, 3),                       // zero-area: a point
            new(0, 0, 5, 5, 10, 10, 2, 2),                     // zero-area: collinear points
            Rotated(5, 5, 0.5, 0.25, 0.3),                     // tiny
            Rotated(5, 5, 60, 1, 1.1),                         // elongated, 60:1
            Rotated(29000, 29000, 20, 10, 0.7),                // far from the origin
            Rotated(29003, 29001, 20, 10, 0.75),
            new(5, 0, 10, 5, 5, 10, 0, 5),                     // diamond inscribed in the first square
            new(1520, 980, 1530, 980, 1530, 990, 1520, 990),  // P9901: exact IoU 1/2 with the next
            new(1520, 980, 1530, 980, 1530, 1000, 1520, 1000),
            new(-20, -30, 5, -30, 5, 5, -20, 5),               // negative coordinates
            new(-0.0, -0.0, 4, 0, 4, 4, 0, 4),                 // negative zeros
        };
        var both = new List<Quad>(shapes.Count * 2);
        foreach (var q in shapes)
        {
            both.Add(q);
            both.Add(Reversed(q));
        }

        return [.. both];
    }

    /// <summary>Quads in a 200 x 200 scene (so hulls often overlap), integral, one-decimal or full-precision.</summary>
    public static Quad[] Random(Random random, int count)
    {
        var quads = new Quad[count];
        for (int i = 0; i < count; i++)
        {
            quads[i] = Random(random);
        }

        return quads;
    }

    public static Quad Random(Random random)
    {
        double cx = random.NextDouble() * 200, cy = random.NextDouble() * 200;
        double w = 1 + (random.NextDouble() * 60), h = 1 + (random.NextDouble() * 30);
        var q = random.Next(8) switch
        {
            0 => new Quad(cx, cy, cx + 3, cy + 4, cx + 6, cy + 8, cx + 9, cy + 12),   // zero-area
            1 => new Quad(cx, cy, cx + w, cy + h, cx + w, cy, cx, cy + h),            // bow-tie
            2 => Rotated(cx, cy, w * 20, h / 10, random.NextDouble() * Math.PI),     // elongated
            3 => Rotated(cx, cy, w / 40, h / 40, random.NextDouble() * Math.PI),     // tiny
            _ => Rotated(cx, cy, w, h, random.NextDouble() * Math.PI),
        };
        q = random.Next(3) switch
        {
            0 => Map(q, Math.Round),
            1 => Map(q, v => Math.Round(v, 1)),
            _ => q,
        };
        return random.Next(2) == 0 ? q : Reversed(StartAt(q, random.Next(4)));
    }

    public static Quad Square(double x, double y, double side) => new(x, y, x + side, y, x + side, y + side, x, y + side);

    public static Quad Rotated(double cx, double cy, double w, double h, double angle)
    {
        double c = Math.Cos(angle), s = Math.Sin(angle);
        double X(double u, double v) => cx + (u * c) - (v * s);
        double Y(double u, double v) => cy + (u * s) + (v * c);
        return new Quad(
            X(-w / 2, -h / 2), Y(-w / 2, -h / 2), X(w / 2, -h / 2), Y(w / 2, -h / 2),
            X(w / 2, h / 2), Y(w / 2, h / 2), X(-w / 2, h / 2), Y(-w / 2, h / 2));
    }

    /// <summary>The same corners in the opposite order (clockwise becomes counter-clockwise).</summary>
    public static Quad Reversed(Quad q) => new(q.X4, q.Y4, q.X3, q.Y3, q.X2, q.Y2, q.X1, q.Y1);

    /// <summary>The same ring started at corner <paramref name="k"/>.</summary>
    public static Quad StartAt(Quad q, int k)
    {
        double[] v = [q.X1, q.Y1, q.X2, q.Y2, q.X3, q.Y3, q.X4, q.Y4];
        var r = new double[8];
        for (int i = 0; i < 8; i++)
        {
            r[i] = v[((2 * k) + i) % 8];
        }

        return Quad.FromSpan(r);
    }

    public static Quad Map(Quad q, Func<double, double> f) =>
        new(f(q.X1), f(q.Y1), f(q.X2), f(q.Y2), f(q.X3), f(q.Y3), f(q.X4), f(q.Y4));

    /// <summary>
    /// Calls <paramref name="check"/> with a random ground truth and random detections of every length
    /// 0..3*lanes+1 of <paramref name="width"/>, over <paramref name="seeds"/> seeds.
    /// </summary>
    public static void ForEveryRandomRow(int width, int seeds, Action<Quad, DetEval.Kernels.QuadColumns> check)
    {
        for (int seed = 0; seed < seeds; seed++)
        {
            var random = new Random(seed);
            for (int length = 0; length <= (3 * (width / 64)) + 1; length++)
            {
                check(Random(random), DetEval.Kernels.QuadColumns.From(Random(random, length)));
            }
        }
    }

    /// <summary>
    /// Calls <paramref name="check"/> with every edge shape as ground truth against rows of edge shapes of every
    /// length 0..3*lanes+1, the list rotated by <paramref name="step"/> each time so every shape sits in every lane.
    /// </summary>
    public static void ForEveryEdgeRow(int width, int step, Action<Quad, DetEval.Kernels.QuadColumns> check)
    {
        var edge = Edge();
        for (int shift = 0; shift < edge.Length; shift += step)
        {
            Quad[] rotated = [.. edge[shift..], .. edge[..shift]];
            for (int length = 0; length <= Math.Min((3 * (width / 64)) + 1, rotated.Length); length++)
            {
                var dets = DetEval.Kernels.QuadColumns.From(rotated.AsSpan(0, length));
                foreach (var gt in edge)
                {
                    check(gt, dets);
                }
            }
        }
    }

    /// <summary>How many detections a kernel of <paramref name="width"/> bits must handle in lanes out of <paramref name="count"/>.</summary>
    public static int VectorizedCount(int width, int count)
    {
        bool accelerated = width switch
        {
            128 => Vector128.IsHardwareAccelerated,
            256 => Vector256.IsHardwareAccelerated,
            _ => Vector512.IsHardwareAccelerated,
        };
        return accelerated ? count - (count % (width / 64)) : 0;
    }

    /// <summary>Asserts two rows are equal bit for bit (NaN equal to NaN of the same bits).</summary>
    public static void AssertBitsEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string context)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int d = 0; d < expected.Length; d++)
        {
            long e = BitConverter.DoubleToInt64Bits(expected[d]), a = BitConverter.DoubleToInt64Bits(actual[d]);
            Assert.True(e == a, $"{context}, detection {d}: expected {expected[d]:R} (0x{e:X16}), got {actual[d]:R} (0x{a:X16})");
        }
    }
}
