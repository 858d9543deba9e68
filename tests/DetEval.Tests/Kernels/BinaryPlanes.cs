namespace DetEval.Tests.Kernels;

/// <summary>Random and edge-shaped binary planes (row-major 0/1 bytes) for the boundary kernels.</summary>
internal static class BinaryPlanes
{
    public static byte[] Random(Random rng, int height, int width, double density)
    {
        var plane = new byte[height * width];
        for (int i = 0; i < plane.Length; i++)
        {
            plane[i] = rng.NextDouble() < density ? (byte)1 : (byte)0;
        }

        return plane;
    }

    /// <summary>Random axis-aligned rectangles (blob-like masks with long runs).</summary>
    public static byte[] Blobs(Random rng, int height, int width, int count)
    {
        var plane = new byte[height * width];
        for (int n = 0; n < count; n++)
        {
            int y0 = rng.Next(height), x0 = rng.Next(width);
            int y1 = Math.Min(height, y0 + 1 + rng.Next(Math.Max(1, height / 2)));
            int x1 = Math.Min(width, x0 + 1 + rng.Next(Math.Max(1, width / 2)));
            for (int y = y0; y < y1; y++)
            {
                plane.AsSpan((y * width) + x0, x1 - x0).Fill(1);
            }
        }

        return plane;
    }

    /// <summary>
    /// The edge shapes: empty, full, one pixel in each corner and the middle, one-pixel lines (a row, a column, the
    /// first and last row and column), masks touching each border, a checkerboard.
    /// </summary>
    public static IEnumerable<(string Name, byte[] Plane)> EdgeShapes(int height, int width)
    {
        byte[] Make(Func<int, int, bool> on)
        {
            var plane = new byte[height * width];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    plane[(y * width) + x] = on(y, x) ? (byte)1 : (byte)0;
                }
            }

            return plane;
        }

        int my = height / 2, mx = width / 2;
        yield return ("empty", Make((_, _) => false));
        yield return ("full", Make((_, _) => true));
        yield return ("pixel top-left", Make((y, x) => y == 0 && x == 0));
        yield return ("pixel top-right", Make((y, x) => y == 0 && x == width - 1));
        yield return ("pixel bottom-left", Make((y, x) => y == height - 1 && x == 0));
        yield return ("pixel bottom-right", Make((y, x) => y == height - 1 && x == width - 1));
        yield return ("pixel middle", Make((y, x) => y == my && x == mx));
        yield return ("row line", Make((y, _) => y == my));
        yield return ("column line", Make((_, x) => x == mx));
        yield return ("first row", Make((y, _) => y == 0));
        yield return ("last row", Make((y, _) => y == height - 1));
        yield return ("first column", Make((_, x) => x == 0));
        yield return ("last column", Make((_, x) => x == width - 1));
        yield return ("touching top", Make((y, x) => y <= my && x >= width / 4 && x < 3 * width / 4));
        yield return ("touching bottom", Make((y, x) => y >= my && x >= width / 4 && x < 3 * width / 4));
        yield return ("touching left", Make((y, x) => x <= mx && y >= height / 4 && y < 3 * height / 4));
        yield return ("touching right", Make((y, x) => x >= mx && y >= height / 4 && y < 3 * height / 4));
        yield return ("all but the border", Make((y, x) => y > 0 && x > 0 && y < height - 1 && x < width - 1));
        yield return ("checkerboard", Make((y, x) => ((y + x) & 1) == 0));
    }
}
