using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

/// <summary>
/// The boundary-map kernel: the scalar specification against a literal port of the reference's numpy code, and every
/// vector width bit-equal to it over widths 0..3 x lanes + 1 on random masks and the edge shapes.
/// </summary>
public sealed class BoundaryMapTests
{
    private delegate int Kernel(ReadOnlySpan<byte> mask, Span<byte> boundary, int height, int width);

    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    private static Kernel Width(int bits) => bits switch
    {
        128 => BoundaryMap.Compute128,
        256 => BoundaryMap.Compute256,
        512 => BoundaryMap.Compute512,
        _ => throw new ArgumentOutOfRangeException(nameof(bits)),
    };

    [Fact]
    public void Scalar_EqualsTheReferencesArrayCode_OnRandomMasks()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int h = rng.Next(1, 12), w = rng.Next(1, 12);
            byte[] mask = BinaryPlanes.Random(rng, h, w, rng.NextDouble());
            var boundary = new byte[h * w];
            int count = BoundaryMap.ComputeScalar(mask, boundary, h, w);
            byte[] expected = Seg2Bmap(mask, h, w);
            Assert.Equal(expected, boundary);
            Assert.Equal(expected.Count(b => b != 0), count);
        }
    }

    [Fact]
    public void Scalar_OnePixel_MarksTheTwoByTwoBlockTowardsTheOrigin()
    {
        const int h = 5, w = 6;
        var mask = new byte[h * w];
        mask[(2 * w) + 3] = 1;
        var boundary = new byte[h * w];

        int count = BoundaryMap.ComputeScalar(mask, boundary, h, w);

        Assert.Equal(4, count);
        int[] expected = [(1 * w) + 2, (1 * w) + 3, (2 * w) + 2, (2 * w) + 3];
        Assert.Equal(expected, Enumerable.Range(0, h * w).Where(i => boundary[i] != 0));
    }

    [Fact]
    public void Scalar_FullMask_HasNoBoundary()
    {
        var mask = Enumerable.Repeat((byte)1, 7 * 9).ToArray();
        Assert.Equal(0, BoundaryMap.ComputeScalar(mask, new byte[mask.Length], 7, 9));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_ForEveryWidthUpToThreeVectorsPlusOne(int bits)
    {
        int lanes = bits / 8;
        var kernel = Width(bits);
        var rng = new Random(bits);
        foreach (int h in new[] { 1, 2, 3, 7 })
        {
            for (int w = 0; w <= (3 * lanes) + 1; w++)
            {
                for (int trial = 0; trial < 4; trial++)
                {
                    byte[] mask = trial % 2 == 0 ? BinaryPlanes.Random(rng, h, w, rng.NextDouble()) : BinaryPlanes.Blobs(rng, h, Math.Max(w, 1), 3)[..(h * w)];
                    AssertWidthEqualsScalar(kernel, mask, h, w);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_OnTheEdgeShapes(int bits)
    {
        var kernel = Width(bits);
        foreach (var (h, w) in new[] { (1, 1), (1, 70), (70, 1), (2, 2), (3, 65), (13, 129), (40, 31) })
        {
            foreach (var (_, plane) in BinaryPlanes.EdgeShapes(h, w))
            {
                AssertWidthEqualsScalar(kernel, plane, h, w);
            }
        }
    }

    private static void AssertWidthEqualsScalar(Kernel kernel, byte[] mask, int h, int w)
    {
        var expected = new byte[h * w];
        var actual = new byte[h * w];
        int expectedCount = BoundaryMap.ComputeScalar(mask, expected, h, w);
        Assert.Equal(expectedCount, kernel(mask, actual, h, w));
        Assert.Equal(expected, actual);
        Array.Clear(actual);
        Assert.Equal(expectedCount, BoundaryMap.Compute(mask, actual, h, w));
        Assert.Equal(expected, actual);
    }

    /// <summary>The reference's <c>_seg2bmap</c>, array by array: e, s, se shifted copies, then the overwrites.</summary>
    private static byte[] Seg2Bmap(byte[] seg, int h, int w)
    {
        byte At(byte[] a, int y, int x) => a[(y * w) + x];
        var e = new byte[h * w];
        var s = new byte[h * w];
        var se = new byte[h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                e[(y * w) + x] = x < w - 1 ? At(seg, y, x + 1) : (byte)0;   // e[:, :-1] = seg[:, 1:]
                s[(y * w) + x] = y < h - 1 ? At(seg, y + 1, x) : (byte)0;   // s[:-1, :] = seg[1:, :]
                se[(y * w) + x] = y < h - 1 && x < w - 1 ? At(seg, y + 1, x + 1) : (byte)0;
            }
        }

        var b = new byte[h * w];
        for (int i = 0; i < b.Length; i++)
        {
            b[i] = (byte)((seg[i] ^ e[i]) | (seg[i] ^ s[i]) | (seg[i] ^ se[i]));
        }

        for (int x = 0; x < w; x++)
        {
            b[((h - 1) * w) + x] = (byte)(At(seg, h - 1, x) ^ At(e, h - 1, x));   // b[-1, :] = seg[-1, :] ^ e[-1, :]
        }

        for (int y = 0; y < h; y++)
        {
            b[(y * w) + w - 1] = (byte)(At(seg, y, w - 1) ^ At(s, y, w - 1));     // b[:, -1] = seg[:, -1] ^ s[:, -1]
        }

        b[(h * w) - 1] = 0;                                                        // b[-1, -1] = 0
        return b;
    }
}
