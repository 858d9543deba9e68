
namespace DetEval;

/// <summary>Polygon and box rasterisation (the reference <c>rleFrPoly</c> and <c>rleFrBbox</c>).</summary>
public sealed partial class Rle
{
    private const double PolygonScale = 5;
    private const int PolygonScaleInt = 5;

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
    public static Rle FromPolygon(ReadOnlySpan<double> xy, int height, int width) =>
        new(height, width, PolygonRuns(xy, height, width).ToArray());

    /// <summary>A mask with no pixels: the one count 0.</summary>
    private static readonly uint[] NoPixels = [0];

    /// <summary>
    /// <see cref="FromPolygon"/>'s counts in this thread's buffer, nothing allocated: valid until the next polygon or
    /// box rasterised on this thread.
    /// </summary>
    /// <exception cref="FormatException">A coordinate is NaN or infinite.</exception>
    internal static ReadOnlySpan<uint> PolygonRuns(ReadOnlySpan<double> xy, int height, int width)
    {
        const long MaxOutlinePoints = 200_000_000;
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (height == 0 || width == 0)
        {
            return NoPixels;
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
            // The reference walks every point t = 0..dy with x(t) = (int)(xs + s * t + .5), |s| < 1: x is monotone in
            // t and the pairs t, t + 1 where it changes are its crossings. Only those whose smaller x is 2 (mod 5)
            // survive the column test, so each such column is looked up directly instead of walking the edge.
            double s = (double)(xe - xs) / dy;
            int first = flip ? dy : 0, last = flip ? 0 : dy;
            collector.Add(MinorAt(xs, s, first), first + ys);
            int x0 = MinorAt(xs, s, 0), x1 = MinorAt(xs, s, dy);
            long low = Math.Max(Math.Min(x0, x1), 2), high = Math.Min(Math.Max(x0, x1) - 1L, (PolygonScaleInt * (collector.Width - 1L)) + 2);
            for (long xu = low + Mod5(2 - low); xu <= high; xu += PolygonScaleInt)
            {
                if (PairAcross(xs, s, dy, (int)xu, out int t))
                {
                    collector.Cross((int)xu, t + ys);
                }
            }

            collector.MoveTo(MinorAt(xs, s, last), last + ys);
        }
    }

    /// <summary>The reference's minor coordinate of walk point <paramref name="t"/>: <c>(int)(start + s * t + .5)</c>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static int MinorAt(int start, double s, int t) => (int)(start + (s * t) + .5);

    /// <summary>
    /// For a walk whose x moves from one side of <paramref name="xu"/> + 1/2 to the other: the pair t - 1, t at
    /// which it passes, true when the smaller x of that pair is <paramref name="xu"/> (it always is unless x jumps
    /// by two there, which rounding at coordinates near 2^31 could make), with <paramref name="t"/> set to t - 1.
    /// </summary>
    private static bool PairAcross(int start, double s, int dy, int xu, out int t)
    {
        // Past(t): x(t) is on the far side: >= xu + 1 when x rises, <= xu when it falls. False at 0, true at dy,
        // monotone between: find the first t where it holds, from the straight line's estimate.
        double estimate = Math.Ceiling((xu + .5 - start) / s);
        int at = estimate < 1 ? 1 : estimate > dy ? dy : (int)estimate;
        while (at > 1 && Past(start, s, at - 1, xu))
        {
            at--;
        }

        while (at < dy && !Past(start, s, at, xu))
        {
            at++;
        }

        t = at - 1;
        int smaller = s > 0 ? MinorAt(start, s, at - 1) : MinorAt(start, s, at);
        return smaller == xu;
    }

    private static bool Past(int start, double s, int t, int xu) => s > 0 ? MinorAt(start, s, t) >= xu + 1 : MinorAt(start, s, t) <= xu;

    /// <summary><paramref name="value"/> modulo 5 in 0..4 (for negative values too).</summary>
    private static int Mod5(long value) => (int)(((value % 5) + 5) % 5);

    [ThreadStatic]
    private static List<uint>? crossingBuffer;

    [ThreadStatic]
    private static uint[]? runBuffer;

    /// <summary>Sorts the crossings, appends <c>h * w</c> and folds their differences into runs.</summary>
    private static ReadOnlySpan<uint> RunsFromCrossings(List<uint> crossings, int height, int width)
    {
        int k = crossings.Count + 1;
        if (runBuffer is null || runBuffer.Length < 2 * k)
        {
            runBuffer = new uint[Math.Max(2 * k, 1024)];
        }

        // Every crossing is at most h * w, so that total goes last without sorting.
        var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(crossings);
        SortByColumn(values, (uint)height, runBuffer.AsSpan(0, values.Length));
        crossings.Add((uint)((ulong)height * (uint)width));
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(crossings);

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

        return b[..m];
    }

    [ThreadStatic]
    private static int[]? columnStarts;

    /// <summary>
    /// Sorts crossings <c>x * h + y</c> (y in 0..h) ascending: bucketed by <c>value / h</c> over the columns they
    /// span (every column between a closed outline's first and last is crossed at least twice, so there are no
    /// more buckets than values), then an insertion pass orders the few values inside each bucket. Falls back to
    /// <see cref="Metrics.UnsignedSort"/> for short lists and for columns far apart.
    /// </summary>
    /// <param name="values">The crossings.</param>
    /// <param name="height">The image height (not 0).</param>
    /// <param name="scratch">As long as <paramref name="values"/>.</param>
    internal static void SortByColumn(Span<uint> values, uint height, Span<uint> scratch)
    {
        int n = values.Length;
        if (n < 32)
        {
            Metrics.UnsignedSort.Sort(values);
            return;
        }

        uint smallest = uint.MaxValue, largest = 0;
        for (int i = 0; i < n; i++)
        {
            smallest = Math.Min(smallest, values[i]);
            largest = Math.Max(largest, values[i]);
        }

        uint low = smallest / height, high = largest / height;

        long buckets = (long)high - low + 1;
        if (buckets > n)
        {
            Metrics.UnsignedSort.Sort(values);
            return;
        }

        int b = (int)buckets;
        if (columnStarts is null || columnStarts.Length < b + 1)
        {
            columnStarts = new int[Math.Max(b + 1, 1024)];
        }

        var starts = columnStarts.AsSpan(0, b + 1);
        starts.Clear();
        for (int i = 0; i < n; i++)
        {
            starts[(int)((values[i] / height) - low) + 1]++;
        }

        for (int c = 1; c <= b; c++)
        {
            starts[c] += starts[c - 1];
        }

        for (int i = 0; i < n; i++)
        {
            uint v = values[i];
            scratch[starts[(int)((v / height) - low)]++] = v;
        }

        // Sorted by column; only values inside one column can be out of order.
        Metrics.UnsignedSort.InsertionSort(scratch);
        scratch.CopyTo(values);
    }

    /// <summary>
    /// The reference's column test of a crossing at upsampled x <paramref name="xu"/>: <c>xd = (xu + .5) / 5 - .5</c>
    /// must be a whole number in <c>0 .. w - 1</c>. In integers: <c>xu - 2</c> is a non-negative multiple of 5 (for
    /// an int the quotient is exact then and at least 0.2 from a whole number otherwise).
    /// </summary>
    internal static bool CrossingColumn(int xu, int width, out int x)
    {
        long r = (long)xu - 2;
        long q = r / PolygonScaleInt;
        x = (int)q;
        return r >= 0 && q * PolygonScaleInt == r && q <= width - 1;
    }

    /// <summary>
    /// The reference's row of a crossing at upsampled y <paramref name="yv"/>: <c>ceil(clamp((yv + .5) / 5 - .5, 0, h))</c>,
    /// in integers <c>min(ceil((yv - 2) / 5), h)</c>, 0 below.
    /// </summary>
    internal static int CrossingRow(int yv, int height)
    {
        long r = (long)yv - 2;
        return r <= 0 ? 0 : (int)Math.Min((r + PolygonScaleInt - 1) / PolygonScaleInt, height);
    }

    /// <summary>The reference's second pass over consecutive walk points, fed one point at a time.</summary>
    private struct CrossingCollector(int height, int width, List<uint> crossings)
    {
        /// <summary>The image width.</summary>
        public readonly int Width => width;

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
            if (!CrossingColumn(xu, width, out int x))
            {
                return;
            }

            int y = CrossingRow(yv, height);
            // Parity: the reference computes x * h + y in int and stores it as uint.
            crossings.Add((uint)((x * height) + y));
        }
    }
}
