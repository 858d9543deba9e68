
namespace DetEval;

/// <summary>Polygon and box rasterisation (the reference <c>rleFrPoly</c> and <c>rleFrBbox</c>).</summary>
public sealed partial class Rle
{
    private const double PolygonScale = 5;

    /// <summary>
    /// Rasterises a closed polygon <c>[x1, y1, x2, y2, ...]</c> exactly as the reference <c>rleFrPoly</c>.
    /// </summary>
    /// <remarks>
    /// Parity, step by step as the reference:
    /// <list type="number">
    /// <item>vertices are upsampled 5x and rounded with <c>(int)(5 * x + .5)</c> (truncation toward zero, so
    /// negative coordinates round up); the polygon is closed back to its first vertex; an odd trailing
    /// coordinate is ignored (the reference takes <c>len / 2</c> points);</item>
    /// <item>each edge is walked one unit along its major axis (reversed when it runs backwards) and the minor
    /// coordinate is <c>(int)(start + slope * t + .5)</c>;</item>
    /// <item>wherever consecutive walk points change x, the crossing column <c>xd = (min-ish x + .5) / 5 - .5</c>
    /// is kept only if integral and inside <c>[0, w - 1]</c>, and the row <c>ceil(clamp((min y + .5) / 5 - .5, 0, h))</c>;</item>
    /// <item>the crossings <c>x * h + y</c> plus <c>h * w</c> are sorted and differenced into runs, zero differences
    /// folding the following run into the previous one.</item>
    /// </list>
    /// Arithmetic is double without fused multiply-add, as the reference compiled for x86-64 (an FMA-contracting
    /// build, e.g. clang on arm64, may round differently). Walk points are generated on the fly instead of
    /// stored. Deviations: a mask with no pixels (h or w = 0) gives counts <c>[0]</c> (the reference's
    /// <c>w - 1</c> underflows when w = 0); non-finite coordinates throw instead of converting to garbage.
    /// </remarks>
    /// <param name="xy">Interleaved vertex coordinates in pixels.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <returns>The rasterised mask.</returns>
    /// <exception cref="FormatException">A coordinate is NaN or infinite.</exception>
    public static Rle FromPolygon(ReadOnlySpan<double> xy, int height, int width)
    {
        const long MaxOutlinePoints = 200_000_000;
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (height == 0 || width == 0)
        {
            return new Rle(height, width, [0]);
        }

        int k = xy.Length / 2;
        Span<int> xs = k < 256 ? stackalloc int[k + 1] : new int[k + 1];
        Span<int> ys = k < 256 ? stackalloc int[k + 1] : new int[k + 1];
        for (int j = 0; j < k; j++)
        {
            double px = xy[j * 2], py = xy[(j * 2) + 1];
            if (!double.IsFinite(px) || !double.IsFinite(py))
            {
                throw new FormatException($"Polygon vertex {j} has a non-finite coordinate ({px}, {py}).");
            }

            xs[j] = (int)((PolygonScale * px) + .5);
            ys[j] = (int)((PolygonScale * py) + .5);
        }

        if (k > 0)
        {
            xs[k] = xs[0];
            ys[k] = ys[0];
        }

        // Bound the work before walking: the reference walks every upsampled point of the outline, so a
        // crafted vertex far outside the image (or a huge image) would take minutes and gigabytes.
        if ((long)height * width > uint.MaxValue)
        {
            throw new FormatException($"Image size [{height}, {width}] has more than 2^32 pixels; masks of that size are not supported.");
        }

        long outline = 0;
        for (int j = 0; j < k; j++)
        {
            outline += Math.Max(Math.Abs((long)xs[j + 1] - xs[j]), Math.Abs((long)ys[j + 1] - ys[j])) + 1;
        }

        if (outline > MaxOutlinePoints)
        {
            throw new FormatException($"Polygon outline spans {outline} upsampled pixels (more than {MaxOutlinePoints}); its vertices lie far outside any image.");
        }

        // One reused list per thread, sized for the outline: no growth copies, no garbage per polygon.
        var crossings = crossingBuffer ??= [];
        crossings.Clear();
        crossings.EnsureCapacity((int)Math.Min(outline + 1, int.MaxValue));
        var walker = new CrossingCollector(height, width, crossings);
        for (int j = 0; j < k; j++)
        {
            WalkEdge(xs[j], ys[j], xs[j + 1], ys[j + 1], ref walker);
        }

        return RunsFromCrossings(crossings, height, width);
    }

    /// <summary>Rasterises a box <c>[x, y, w, h]</c> as the reference <c>rleFrBbox</c>.</summary>
    /// <remarks>The box becomes the polygon <c>(xs, ys), (xs, ye), (xe, ye), (xe, ys)</c> with
    /// <c>xe = xs + w</c>, <c>ye = ys + h</c>, rasterised by <see cref="FromPolygon"/>.</remarks>
    /// <param name="box">The box in pixels.</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <returns>The rasterised mask.</returns>
    public static Rle FromBox(Box box, int height, int width)
    {
        double xs = box.X, xe = xs + box.Width;
        double ys = box.Y, ye = ys + box.Height;
        ReadOnlySpan<double> xy = [xs, ys, xs, ye, xe, ye, xe, ys];
        return FromPolygon(xy, height, width);
    }

    /// <summary>Emits the upsampled points of one edge in the reference's order.</summary>
    private static void WalkEdge(int xs, int ys, int xe, int ye, ref CrossingCollector collector)
    {
        int dx = Math.Abs(xe - xs), dy = Math.Abs(ys - ye);
        bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
        if (flip)
        {
            (xs, xe) = (xe, xs);
            (ys, ye) = (ye, ys);
        }

        if (dx >= dy)
        {
            // A zero-length edge gives 0/0 = NaN in the reference; its single point shares x with its
            // neighbours, so its y never reaches the output. Use ys for it.
            double s = dx == 0 ? 0 : (double)(ye - ys) / dx;
            int first = flip ? dx : 0, last = flip ? 0 : dx;
            collector.Add(first + xs, (int)(ys + (s * first) + .5));
            // Inside the edge x moves by one at every step, so each pair of points t, t + 1 (walked in
            // either direction) is a crossing at x = xs + t, with the smaller of their ys. (x + .5) / 5 - .5
            // is integral exactly when x = 2 (mod 5) (otherwise it is 0.2 or more away from an integer, far
            // beyond rounding), so only every fifth pair is evaluated; the others would be discarded.
            for (int t = Mod5(2 - (long)xs); t < dx; t += 5)
            {
                int v0 = (int)(ys + (s * t) + .5), v1 = (int)(ys + (s * (t + 1)) + .5);
                collector.Cross(xs + t, Math.Min(v0, v1));
            }

            collector.MoveTo(last + xs, (int)(ys + (s * last) + .5));
        }
        else
        {
            double s = (double)(xe - xs) / dy;
            for (int d = 0; d <= dy; d++)
            {
                int t = flip ? dy - d : d;
                collector.Add((int)(xs + (s * t) + .5), t + ys);
            }
        }
    }

    /// <summary><paramref name="value"/> modulo 5 in 0..4 (for negative values too).</summary>
    private static int Mod5(long value) => (int)(((value % 5) + 5) % 5);

    [ThreadStatic]
    private static List<uint>? crossingBuffer;

    [ThreadStatic]
    private static uint[]? runBuffer;

    /// <summary>Sorts the crossings, appends <c>h * w</c> and folds their differences into runs.</summary>
    private static Rle RunsFromCrossings(List<uint> crossings, int height, int width)
    {
        crossings.Add((uint)((ulong)height * (uint)width));
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(crossings);
        Metrics.UnsignedSort.Sort(sorted);
        int k = sorted.Length;
        if (runBuffer is null || runBuffer.Length < 2 * k)
        {
            runBuffer = new uint[Math.Max(2 * k, 1024)];
        }

        var a = runBuffer.AsSpan(0, k);
        uint p = 0;
        for (int j = 0; j < k; j++)
        {
            uint t = sorted[j];
            a[j] = t - p;
            p = t;
        }

        var b = runBuffer.AsSpan(k, k);
        int m = 0, i = 0;
        b[m++] = a[i++];
        while (i < k)
        {
            if (a[i] > 0)
            {
                b[m++] = a[i++];
            }
            else
            {
                i++;
                if (i < k)
                {
                    b[m - 1] += a[i++];
                }
            }
        }

        return new Rle(height, width, b[..m].ToArray());
    }

    /// <summary>The reference's second pass over consecutive walk points, fed one point at a time.</summary>
    private struct CrossingCollector(int height, int width, List<uint> crossings)
    {
        private bool _hasPrevious;
        private int _previousU;
        private int _previousV;

        public void Add(int u, int v)
        {
            if (_hasPrevious && u != _previousU)
            {
                Cross(u < _previousU ? u : u - 1, v < _previousV ? v : _previousV);
            }

            MoveTo(u, v);
        }

        /// <summary>Makes (u, v) the previous point without looking for a crossing.</summary>
        public void MoveTo(int u, int v)
        {
            _hasPrevious = true;
            _previousU = u;
            _previousV = v;
        }

        /// <summary>The crossing between two consecutive points whose x changes: at upsampled x <paramref name="xu"/>, lower y <paramref name="yv"/>.</summary>
        public readonly void Cross(int xu, int yv)
        {
            double xd = xu;
            xd = ((xd + .5) / PolygonScale) - .5;
            if (Math.Floor(xd) != xd || xd < 0 || xd > width - 1)
            {
                return;
            }

            double yd = yv;
            yd = ((yd + .5) / PolygonScale) - .5;
            if (yd < 0)
            {
                yd = 0;
            }
            else if (yd > height)
            {
                yd = height;
            }

            yd = Math.Ceiling(yd);
            // Parity: the reference computes x * h + y in int and stores it as uint.
            crossings.Add((uint)(((int)xd * height) + (int)yd));
        }
    }
}
