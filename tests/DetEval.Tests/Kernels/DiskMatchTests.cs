using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

/// <summary>
/// The disk-match kernel: the scalar specification against an explicit dilation (dilate B with skimage's disk, AND
/// with A, count), and every vector width bit-equal to it over widths 0..3 x lanes + 1, radii 0..9, random planes and
/// the edge shapes, including planes thinner than the disk.
/// </summary>
public sealed class DiskMatchTests
{
    private delegate long Kernel(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, int height, int width, int radius);

    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    private static Kernel Width(int bits) => bits switch
    {
        128 => DiskMatch.Compute128,
        256 => DiskMatch.Compute256,
        512 => DiskMatch.Compute512,
        _ => throw new ArgumentOutOfRangeException(nameof(bits)),
    };

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 5)]
    [InlineData(2, 13)]
    [InlineData(3, 29)]
    [InlineData(8, 197)]
    public void HalfWidths_GiveSkimagesDisk(int radius, int pixels)
    {
        // skimage.morphology.disk(r).sum(): (2r+1)-square offsets with dy² + dx² <= r².
        int[] half = DiskMatch.HalfWidths(radius);
        Assert.Equal(pixels, half.Select((k, dy) => (dy == 0 ? 1 : 2) * ((2 * k) + 1)).Sum());
    }

    [Fact]
    public void Scalar_EqualsAnExplicitDilation_OnRandomPlanes()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            int h = rng.Next(1, 15), w = rng.Next(1, 15), r = rng.Next(0, 6);
            byte[] a = BinaryPlanes.Random(rng, h, w, rng.NextDouble());
            byte[] b = BinaryPlanes.Random(rng, h, w, rng.NextDouble() * 0.3);
            Assert.Equal(DilateAndCount(a, b, h, w, r), DiskMatch.ComputeScalar(a, b, h, w, r));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_ForEveryWidthUpToThreeVectorsPlusOne(int bits)
    {
        int lanes = bits / 8;
        var kernel = Width(bits);
        var rng = new Random(bits + 1);
        foreach (int h in new[] { 1, 2, 5, 11 })
        {
            for (int w = 0; w <= (3 * lanes) + 1; w++)
            {
                int r = rng.Next(0, 10);
                byte[] a = BinaryPlanes.Random(rng, h, w, rng.NextDouble() * 0.5);
                byte[] b = BinaryPlanes.Random(rng, h, w, rng.NextDouble() * 0.2);
                AssertWidthEqualsScalar(kernel, a, b, h, w, r);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_OnTheEdgeShapes(int bits)
    {
        var kernel = Width(bits);
        foreach (var (h, w) in new[] { (1, 1), (1, 90), (90, 1), (3, 3), (2, 70), (4, 130), (33, 40) })
        {
            var shapes = BinaryPlanes.EdgeShapes(h, w).ToArray();
            foreach (int r in new[] { 0, 1, 2, 5, 9 })
            {
                // Every pair of edge shapes; with r = 5 and 9 most planes are thinner than the disk.
                foreach (var (_, a) in shapes)
                {
                    foreach (var (_, b) in shapes)
                    {
                        AssertWidthEqualsScalar(kernel, a, b, h, w, r);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_OnBoundaryMapsOfBlobs(int bits)
    {
        var kernel = Width(bits);
        var rng = new Random(bits + 2);
        for (int trial = 0; trial < 30; trial++)
        {
            int h = rng.Next(1, 80), w = rng.Next(1, 200), r = rng.Next(1, 12);
            byte[] ma = BinaryPlanes.Blobs(rng, h, w, 3), mb = BinaryPlanes.Blobs(rng, h, w, 3);
            byte[] a = new byte[h * w], b = new byte[h * w];
            BoundaryMap.ComputeScalar(ma, a, h, w);
            BoundaryMap.ComputeScalar(mb, b, h, w);
            AssertWidthEqualsScalar(kernel, a, b, h, w, r);
        }
    }

    private static void AssertWidthEqualsScalar(Kernel kernel, byte[] a, byte[] b, int h, int w, int r)
    {
        long expected = DiskMatch.ComputeScalar(a, b, h, w, r);
        Assert.Equal(expected, kernel(a, b, h, w, r));
        Assert.Equal(expected, DiskMatch.Compute(a, b, h, w, r));
    }

    /// <summary>cv2.dilate(B, disk(r)) with a background border, then sum(A * dilated).</summary>
    private static long DilateAndCount(byte[] a, byte[] b, int h, int w, int r)
    {
        var dilated = new byte[h * w];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                if (b[(y * w) + x] == 0)
                {
                    continue;
                }

                for (int dy = -r; dy <= r; dy++)
                {
                    for (int dx = -r; dx <= r; dx++)
                    {
                        int yy = y + dy, xx = x + dx;
                        if ((dy * dy) + (dx * dx) <= r * r && yy >= 0 && yy < h && xx >= 0 && xx < w)
                        {
                            dilated[(yy * w) + xx] = 1;
                        }
                    }
                }
            }
        }

        return Enumerable.Range(0, h * w).Count(i => a[i] != 0 && dilated[i] != 0);
    }
}
