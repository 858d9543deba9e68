using System.Buffers;
using DetEval.Matching;

namespace DetEval;

/// <summary>Mask IoU on run-length encodings, exactly as the reference <c>rleIou</c>; never decodes pixels.</summary>
/// <remarks>
/// For detection D and ground truth G: first the IoU of their <see cref="Rle.ToBox"/> boxes as <c>bbIou</c>
/// (with the crowd rule); if that is not positive the mask IoU is 0 (or the box value, which is then 0).
/// Otherwise, masks of different sizes give -1; else the two run lists are walked together counting
/// intersection <c>i</c> and union <c>u</c> in 32-bit unsigned arithmetic; <c>u = 1</c> when <c>i = 0</c>,
/// <c>u = area(D)</c> for a crowd truth; IoU is <c>(double)i / (double)u</c>.
/// </remarks>
public static class MaskIou
{
    /// <summary>Fills <paramref name="result"/>[g * dts.Count + d] with the IoU of detection d and truth g.</summary>
    /// <param name="dts">Detection masks.</param>
    /// <param name="gts">Ground-truth masks.</param>
    /// <param name="gtCrowd">Per ground truth, whether it is a crowd region (union = detection area); empty means none.</param>
    /// <param name="result">Output, at least <c>dts.Count * gts.Count</c> values, ground-truth major.</param>
    public static void Compute(IReadOnlyList<Rle> dts, IReadOnlyList<Rle> gts, ReadOnlySpan<bool> gtCrowd, Span<double> result)
    {
        ArgumentNullException.ThrowIfNull(dts);
        ArgumentNullException.ThrowIfNull(gts);
        int m = dts.Count, n = gts.Count;
        if (result.Length < (long)m * n)
        {
            throw new ArgumentException($"The result needs {(long)m * n} values, it has {result.Length}.", nameof(result));
        }

        if (gtCrowd.Length != 0 && gtCrowd.Length != n)
        {
            throw new ArgumentException($"gtCrowd has {gtCrowd.Length} flags for {n} ground truths.", nameof(gtCrowd));
        }

        if (m == 0 || n == 0)
        {
            return;
        }

        Box[] dtBoxes = ArrayPool<Box>.Shared.Rent(m);
        try
        {
            for (int d = 0; d < m; d++)
            {
                dtBoxes[d] = dts[d].ToBox();
            }

            for (int g = 0; g < n; g++)
            {
                Rle gt = gts[g];
                bool crowd = gtCrowd.Length != 0 && gtCrowd[g];
                ComputeRow(gt, gt.ToBox(), crowd, dts, dtBoxes.AsSpan(0, m), result.Slice(g * m, m));
            }
        }
        finally
        {
            ArrayPool<Box>.Shared.Return(dtBoxes);
        }
    }

    /// <summary>
    /// Fills one ground truth's row: <paramref name="row"/>[d] is the IoU of detection d, with the boxes
    /// precomputed by <see cref="Rle.ToBox"/> (compute them once per mask when filling many rows).
    /// </summary>
    /// <param name="gt">The ground-truth mask.</param>
    /// <param name="gtBox">Its box, <c>gt.ToBox()</c>.</param>
    /// <param name="gtCrowd">Whether the ground truth is a crowd region.</param>
    /// <param name="dts">Detection masks.</param>
    /// <param name="dtBoxes">Their boxes, <c>dts[d].ToBox()</c>.</param>
    /// <param name="row">Output, one IoU per detection.</param>
    public static void ComputeRow(Rle gt, Box gtBox, bool gtCrowd, IReadOnlyList<Rle> dts, ReadOnlySpan<Box> dtBoxes, Span<double> row)
    {
        ArgumentNullException.ThrowIfNull(gt);
        ArgumentNullException.ThrowIfNull(dts);
        int m = dts.Count;
        if (dtBoxes.Length != m || row.Length < m)
        {
            throw new ArgumentException($"Need {m} boxes and at least {m} row values, got {dtBoxes.Length} and {row.Length}.");
        }

        // Parity: the reference's bbIou pre-filter (the box-IoU kernel on the mask boxes); only a positive value goes on to the runs.
        var columns = new DetectionColumns(MatchScratch.Current, m);
        for (int d = 0; d < m; d++)
        {
            columns.Set(d, dtBoxes[d]);
        }

        columns.Row(gtBox, gtCrowd, row[..m]);
        for (int d = 0; d < m; d++)
        {
            if (row[d] > 0)
            {
                row[d] = ComputeRuns(dts[d], gt, gtCrowd);
            }
        }
    }

    /// <summary>The IoU of one detection and one ground truth, including the box pre-filter.</summary>
    /// <param name="dt">Detection mask.</param>
    /// <param name="gt">Ground-truth mask.</param>
    /// <param name="gtCrowd">Whether the ground truth is a crowd region.</param>
    /// <returns>The IoU as the reference computes it; -1 for masks of different sizes that pass the box filter.</returns>
    public static double Compute(Rle dt, Rle gt, bool gtCrowd)
    {
        ArgumentNullException.ThrowIfNull(dt);
        double result = 0;
        ComputeRow(gt, gt.ToBox(), gtCrowd, [dt], [dt.ToBox()], new Span<double>(ref result));
        return result;
    }

    /// <summary>
    /// <c>rleIou</c> for one pair whose boxes overlap (-1 for masks of different sizes), through the interval kernel
    /// (<see cref="ComputeIntervals"/>, equal to the run walk bit for bit).
    /// </summary>
    internal static double ComputeRuns(Rle dt, Rle gt, bool crowd)
    {
        if (dt.Height != gt.Height || dt.Width != gt.Width)
        {
            return -1;
        }

        return ComputeIntervals(dt.Counts, gt.Counts, crowd, dt.Height, dt.Width);
    }

    /// <summary>
    /// The run walk of <c>rleIou</c> for two masks of one size (<paramref name="height"/> x <paramref name="width"/>,
    /// used in messages) whose boxes overlap: intersection over union, or over the detection's area for a crowd truth.
    /// </summary>
    /// <exception cref="FormatException">The two run lists cover different pixel totals.</exception>
    internal static double ComputeRuns(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, bool crowd, int height, int width)
    {
        int ka = a.Length, kb = b.Length;
        // Overlapping boxes imply at least two counts each.
        uint ca = a[0], cb = b[0], i = 0, u = 0, ct = 1;
        bool va = false, vb = false;
        int ia = 1, ib = 1;
        while (ct > 0)
        {
            uint c = Math.Min(ca, cb);
            if (va || vb)
            {
                u += c;
                if (va && vb)
                {
                    i += c;
                }
            }

            ct = 0;
            ca -= c;
            if (ca == 0 && ia < ka)
            {
                ca = a[ia++];
                va = !va;
            }

            ct += ca;
            cb -= c;
            if (cb == 0 && ib < kb)
            {
                cb = b[ib++];
                vb = !vb;
            }

            ct += cb;
            // The reference loops forever when one list runs out while the other still has pixels.
            if (ct > 0 && ((ca == 0 && ia >= ka) || (cb == 0 && ib >= kb)))
            {
                throw new FormatException($"RLE counts of a detection and a ground truth of size [{height}, {width}] cover different pixel totals.");
            }
        }

        if (i == 0)
        {
            u = 1;
        }
        else if (crowd)
        {
            u = Rle.AreaOf(a);
        }

        return (double)i / (double)u;
    }

    /// <summary>
    /// <see cref="ComputeRuns(ReadOnlySpan{uint}, ReadOnlySpan{uint}, bool, int, int)"/> through the vectorised
    /// <see cref="Kernels.RunIntersection"/> kernel: the same integers, so the same IoU bit for bit.
    /// </summary>
    /// <exception cref="FormatException">The two run lists cover different pixel totals.</exception>
    internal static double ComputeIntervals(ReadOnlySpan<uint> dt, ReadOnlySpan<uint> gt, bool crowd, int height, int width)
    {
        int[] buffer = ArrayPool<int>.Shared.Rent((dt.Length + gt.Length) + (4 * Kernels.RunIntersection.Padding));
        try
        {
            int lengthA = (dt.Length / 2) + Kernels.RunIntersection.Padding;
            int lengthB = (gt.Length / 2) + Kernels.RunIntersection.Padding;
            var startsA = buffer.AsSpan(0, lengthA);
            var endsA = buffer.AsSpan(lengthA, lengthA);
            var startsB = buffer.AsSpan(2 * lengthA, lengthB);
            var endsB = buffer.AsSpan((2 * lengthA) + lengthB, lengthB);
            int na = Kernels.RunIntersection.ToIntervals(dt, startsA, endsA, out ulong totalA);
            int nb = Kernels.RunIntersection.ToIntervals(gt, startsB, endsB, out ulong totalB);
            if (na < 0 || nb < 0)
            {
                // Positions past 2^31: the run walk's 32-bit arithmetic is the reference.
                return ComputeRuns(dt, gt, crowd, height, width);
            }

            return Iou(startsA[..na], endsA[..na], startsB, endsB, nb, Area(startsA[..na], endsA[..na]), Area(startsB[..nb], endsB[..nb]), totalA != totalB, crowd, height, width);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The IoU of a detection's intervals (A) and a truth's (B, padded), whose foreground pixels are
    /// <paramref name="areaA"/> and <paramref name="areaB"/> (<see cref="Area"/>, counted once per mask), with the run
    /// walk's rules: union 1 when nothing intersects, the detection's area for a crowd truth, else the pixels in either.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="totalsDiffer"/>: the run lists cover different pixel totals.</exception>
    internal static double Iou(
        ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB,
        long areaA, long areaB, bool totalsDiffer, bool crowd, int height, int width)
    {
        if (totalsDiffer)
        {
            throw new FormatException($"RLE counts of a detection and a ground truth of size [{height}, {width}] cover different pixel totals.");
        }

        long i = Kernels.RunIntersection.Intersect(startsA, endsA, startsB, endsB, countB);
        long u = i == 0 ? 1 : crowd ? areaA : areaA + areaB - i;
        return (double)i / (double)u;
    }

    /// <summary>The foreground pixels of a mask's intervals (the areas <see cref="Iou"/> takes).</summary>
    internal static long Area(ReadOnlySpan<int> starts, ReadOnlySpan<int> ends)
    {
        long area = 0;
        for (int k = 0; k < starts.Length; k++)
        {
            area += ends[k] - starts[k];
        }

        return area;
    }
}
