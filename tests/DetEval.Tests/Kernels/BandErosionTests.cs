using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

/// <summary>
/// The band-erosion kernel: the scalar specification against a pixel-by-pixel erosion, and every vector width equal
/// to the scalar bit for bit over row lengths 0..3 x lanes + 1, every radius that matters, random and edge words.
/// </summary>
public sealed class BandErosionTests
{
    private delegate void Kernel(ReadOnlySpan<ulong> mask, Span<ulong> vertical, int radius, Span<ulong> band);

    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    private static Kernel Width(int width) => width switch
    {
        128 => BandErosion.Compute128,
        256 => BandErosion.Compute256,
        512 => BandErosion.Compute512,
        _ => throw new ArgumentOutOfRangeException(nameof(width)),
    };

    [Fact]
    public void Scalar_EqualsAPixelByPixelWindow_OnRandomRows()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(0, 40), radius = rng.Next(0, 8);
            var (mask, vertical) = RandomRow(rng, n);
            var band = new ulong[n];
            BandErosion.ComputeScalar(mask, vertical, radius, band);
            for (int c = 0; c < n; c++)
            {
                for (int bit = 0; bit < 64; bit++)
                {
                    bool eroded = c - radius >= 0 && c + radius < n;
                    for (int k = -radius; k <= radius && eroded; k++)
                    {
                        eroded = ((vertical[c + k] >> bit) & 1) == 1;
                    }

                    bool expected = ((mask[c] >> bit) & 1) == 1 && !eroded;
                    Assert.Equal(expected, ((band[c] >> bit) & 1) == 1);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_ForEveryLengthUpToThreeVectorsPlusOne(int width)
    {
        int lanes = width / 64;
        var kernel = Width(width);
        var rng = new Random(width);
        for (int n = 0; n <= (3 * lanes) + 1; n++)
        {
            for (int radius = 0; radius <= n + 2; radius++)
            {
                for (int trial = 0; trial < 20; trial++)
                {
                    var (mask, vertical) = RandomRow(rng, n);
                    AssertEqualsScalar(kernel, mask, vertical, radius);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_OnLongRowsAndWideRadii(int width)
    {
        var kernel = Width(width);
        var rng = new Random(width + 1);
        foreach (int n in new[] { 33, 64, 100, 257, 640 })
        {
            foreach (int radius in new[] { 1, 2, 3, 4, 7, 8, 12, 16, 31, 32, 33, 100, 319, 320, 1000 })
            {
                var (mask, vertical) = RandomRow(rng, n);
                AssertEqualsScalar(kernel, mask, vertical, radius);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_OnEdgeRows(int width)
    {
        var kernel = Width(width);
        foreach (int n in new[] { 0, 1, 2, 3, 5, 8, 9, 17, 40 })
        {
            ulong[][] rows =
            [
                Enumerable.Repeat(ulong.MaxValue, n).ToArray(),               // full
                new ulong[n],                                                   // empty
                [.. Enumerable.Range(0, n).Select(c => c == n / 2 ? ulong.MaxValue : 0UL)], // one column
                [.. Enumerable.Range(0, n).Select(c => 1UL << (c % 64))],       // one pixel per column, a diagonal
                [.. Enumerable.Range(0, n).Select(c => c % 2 == 0 ? 0x5555_5555_5555_5555UL : 0xAAAA_AAAA_AAAA_AAAAUL)], // checkerboard
                [.. Enumerable.Range(0, n).Select(c => c == 0 || c == n - 1 ? ulong.MaxValue : 0x8000_0000_0000_0001UL)], // touching every side
            ];
            foreach (var row in rows)
            {
                for (int radius = 0; radius <= n + 1; radius++)
                {
                    AssertEqualsScalar(kernel, row, row, radius);
                    AssertEqualsScalar(kernel, Enumerable.Repeat(ulong.MaxValue, n).ToArray(), row, radius);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_WritesTheBandOverTheMask_WhenGivenTheSameArray(int width)
    {
        var kernel = Width(width);
        var rng = new Random(17);
        for (int trial = 0; trial < 200; trial++)
        {
            int n = rng.Next(0, 50), radius = rng.Next(0, 10);
            var (mask, vertical) = RandomRow(rng, n);
            var expected = new ulong[n];
            BandErosion.ComputeScalar(mask, vertical, radius, expected);
            var inPlace = (ulong[])mask.Clone();
            kernel(inPlace, (ulong[])vertical.Clone(), radius, inPlace);
            Assert.Equal(expected, inPlace);
        }
    }

    [Fact]
    public void Compute_DispatchesToAWidthEqualToScalar_AndChecksItsArguments()
    {
        var rng = new Random(23);
        for (int trial = 0; trial < 200; trial++)
        {
            var (mask, vertical) = RandomRow(rng, rng.Next(0, 70));
            AssertEqualsScalar(BandErosion.Compute, mask, vertical, rng.Next(0, 20));
        }

        Assert.Throws<ArgumentException>(() => BandErosion.Compute(new ulong[3], new ulong[2], 1, new ulong[3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BandErosion.Compute(new ulong[3], new ulong[3], -1, new ulong[3]));
    }

    private static void AssertEqualsScalar(Kernel kernel, ulong[] mask, ulong[] vertical, int radius)
    {
        var expected = new ulong[mask.Length];
        BandErosion.ComputeScalar(mask, vertical, radius, expected);
        var actual = new ulong[mask.Length];
        var work = (ulong[])vertical.Clone();
        kernel(mask, work, radius, actual);
        Assert.Equal(expected, actual);
    }

    /// <summary>A random mask row and a vertical erosion of it (a subset), dense or sparse.</summary>
    private static (ulong[] Mask, ulong[] Vertical) RandomRow(Random rng, int n)
    {
        var mask = new ulong[n];
        var vertical = new ulong[n];
        int style = rng.Next(3);
        for (int c = 0; c < n; c++)
        {
            ulong word = (ulong)rng.NextInt64() ^ ((ulong)rng.Next() << 63);
            mask[c] = style switch
            {
                0 => word,
                1 => word | (ulong)rng.NextInt64() | (ulong)rng.NextInt64(), // dense
                _ => rng.Next(3) == 0 ? ulong.MaxValue : word,            // runs of full columns
            };
            vertical[c] = mask[c] & ((ulong)rng.NextInt64() | (ulong)rng.NextInt64() | (rng.Next(2) == 0 ? ulong.MaxValue : 0));
        }

        return (mask, vertical);
    }
}
