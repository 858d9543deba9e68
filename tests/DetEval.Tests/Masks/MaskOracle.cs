
namespace DetEval.Tests.Masks;

/// <summary>Plain pixel implementations and a literal port of the reference rasteriser, as test oracles.</summary>
internal static class MaskOracle
{
    public static readonly (int H, int W)[] Sizes =
        [(0, 0), (0, 5), (5, 0), (1, 1), (1, 7), (7, 1), (2, 3), (9, 4), (16, 16), (31, 17), (40, 64)];

    /// <summary>A random column-major 0/1 mask mixing noise and rectangles, so runs vary in length.</summary>
    public static byte[] RandomMask(Random random, int h, int w)
    {
        var mask = new byte[h * w];
        int style = random.Next(4);
        if (style == 0)
        {
            return mask; // empty
        }

        double density = random.NextDouble();
        if (style == 1)
        {
            for (int i = 0; i < mask.Length; i++)
            {
                mask[i] = (byte)(random.NextDouble() < density ? 1 : 0);
            }

            return mask;
        }

        int rects = 1 + random.Next(3);
        for (int r = 0; r < rects && h > 0 && w > 0; r++)
        {
            int x0 = random.Next(w), y0 = random.Next(h);
            int x1 = x0 + random.Next(w - x0 + 1), y1 = y0 + random.Next(h - y0 + 1);
            for (int x = x0; x < x1; x++)
            {
                for (int y = y0; y < y1; y++)
                {
                    mask[(x * h) + y] = 1;
                }
            }
        }

        if (style == 3)
        {
            // Non-binary foreground values must count as foreground too.
            for (int i = 0; i < mask.Length; i++)
            {
                if (mask[i] != 0)
                {
                    mask[i] = (byte)(1 + random.Next(255));
                }
            }
        }

        return mask;
    }

    public static byte[] Binarize(byte[] mask)
    {
        var result = new byte[mask.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            result[i] = (byte)(mask[i] != 0 ? 1 : 0);
        }

        return result;
    }

    public static long Area(byte[] mask)
    {
        long a = 0;
        foreach (byte b in mask)
        {
            a += b != 0 ? 1 : 0;
        }

        return a;
    }

    /// <summary>Tight pixel box [minx, miny, maxx - minx + 1, maxy - miny + 1]; empty gives zeros.</summary>
    public static Box PixelBox(byte[] mask, int h, int w)
    {
        int minX = int.MaxValue, minY = int.MaxValue, maxX = -1, maxY = -1;
        for (int x = 0; x < w; x++)
        {
            for (int y = 0; y < h; y++)
            {
                if (mask[(x * h) + y] != 0)
                {
                    minX = Math.Min(minX, x);
                    maxX = Math.Max(maxX, x);
                    minY = Math.Min(minY, y);
                    maxY = Math.Max(maxY, y);
                }
            }
        }

        return maxX < 0 ? default : new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /// <summary>IoU from pixels with the reference's rules (0 when no intersection; crowd union = detection area).</summary>
    public static double PixelIou(byte[] dt, byte[] gt, bool crowd)
    {
        uint i = 0, u = 0, da = 0;
        for (int p = 0; p < dt.Length; p++)
        {
            bool a = dt[p] != 0, b = gt[p] != 0;
            i += a && b ? 1u : 0u;
            u += a || b ? 1u : 0u;
            da += a ? 1u : 0u;
        }

        if (i == 0)
        {
            return 0;
        }

        return (double)i / (double)(crowd ? da : u);
    }

    /// <summary>A literal port of the reference rleToBbox (two divisions per count, uint arithmetic).</summary>
    public static Box LiteralToBbox(uint[] cnts, uint h, uint w)
    {
        int m = cnts.Length / 2 * 2;
        if (m == 0 || h == 0)
        {
            return default;
        }

        uint xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
        for (int j = 0; j < m; j++)
        {
            cc += cnts[j];
            uint t = cc - (uint)(j % 2);
            uint y = t % h, x = (t - y) / h;
            if (j % 2 == 0)
            {
                xp = x;
            }
            else if (xp < x)
            {
                ys = 0;
                ye = h - 1;
            }

            xs = Math.Min(xs, x);
            xe = Math.Max(xe, x);
            ys = Math.Min(ys, y);
            ye = Math.Max(ye, y);
        }

        return new Box(xs, ys, xe - xs + 1, ye - ys + 1);
    }

    /// <summary>Random runs summing to h * w, empty runs included (not canonical), mixing short and column-long runs.</summary>
    public static uint[] RandomCounts(Random random, int h, int w)
    {
        long left = (long)h * w;
        var counts = new List<uint>();
        while (left > 0 || counts.Count < 2)
        {
            long run = random.Next(5) switch
            {
                0 => 0,
                1 => random.Next(3),
                2 => random.Next(Math.Max(1, h)),
                3 => random.Next(Math.Max(1, 3 * h)),
                _ => random.NextInt64(left + 1),
            };
            run = Math.Min(run, left);
            counts.Add((uint)run);
            left -= run;
        }

        if (random.Next(2) == 0)
        {
            counts.Add(0);
        }

        return [.. counts];
    }

    /// <summary>A literal, slow port of the reference rleFrPoly: stores every walk point, as the C code does.</summary>
    public static uint[] LiteralFrPoly(double[] xy, int k, int h, int w)
    {
        const double scale = 5;
        var x = new int[k + 1];
        var y = new int[k + 1];
        for (int j = 0; j < k; j++)
        {
            x[j] = (int)((scale * xy[j * 2]) + .5);
        }

        x[k] = k > 0 ? x[0] : 0;
        for (int j = 0; j < k; j++)
        {
            y[j] = (int)((scale * xy[(j * 2) + 1]) + .5);
        }

        y[k] = k > 0 ? y[0] : 0;
        var u = new List<int>();
        var v = new List<int>();
        for (int j = 0; j < k; j++)
        {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.Abs(xe - xs), dy = Math.Abs(ys - ye);
            bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip)
            {
                (xs, xe) = (xe, xs);
                (ys, ye) = (ye, ys);
            }

            double s = dx >= dy ? (double)(ye - ys) / dx : (double)(xe - xs) / dy;
            if (dx >= dy)
            {
                for (int d = 0; d <= dx; d++)
                {
                    int t = flip ? dx - d : d;
                    u.Add(t + xs);
                    v.Add(double.IsNaN(s) ? int.MinValue : (int)(ys + (s * t) + .5));
                }
            }
            else
            {
                for (int d = 0; d <= dy; d++)
                {
                    int t = flip ? dy - d : d;
                    v.Add(t + ys);
                    u.Add((int)(xs + (s * t) + .5));
                }
            }
        }

        var bx = new List<int>();
        var by = new List<int>();
        for (int j = 1; j < u.Count; j++)
        {
            if (u[j] != u[j - 1])
            {
                double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
                xd = ((xd + .5) / scale) - .5;
                if (Math.Floor(xd) != xd || xd < 0 || xd > w - 1)
                {
                    continue;
                }

                double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
                yd = ((yd + .5) / scale) - .5;
                if (yd < 0)
                {
                    yd = 0;
                }
                else if (yd > h)
                {
                    yd = h;
                }

                yd = Math.Ceiling(yd);
                bx.Add((int)xd);
                by.Add((int)yd);
            }
        }

        var a = new uint[bx.Count + 1];
        for (int j = 0; j < bx.Count; j++)
        {
            a[j] = (uint)((bx[j] * h) + by[j]);
        }

        a[^1] = (uint)(h * w);
        Array.Sort(a);
        uint p = 0;
        for (int j = 0; j < a.Length; j++)
        {
            uint t = a[j];
            a[j] -= p;
            p = t;
        }

        var b = new List<uint>();
        int i = 0;
        b.Add(a[i++]);
        while (i < a.Length)
        {
            if (a[i] > 0)
            {
                b.Add(a[i++]);
            }
            else
            {
                i++;
                if (i < a.Length)
                {
                    b[^1] += a[i++];
                }
            }
        }

        return [.. b];
    }
}
