using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

/// <summary>
/// The run-intersection kernel: the scalar twin against a pixel count, every vector width against the scalar over
/// B lengths 0..3 x lanes + 1 and edge cases, and mask IoU through the kernel against the reference run walk.
/// </summary>
public sealed class RunIntersectionTests
{
    private delegate long Kernel(ReadOnlySpan<int> startsA, ReadOnlySpan<int> endsA, ReadOnlySpan<int> startsB, ReadOnlySpan<int> endsB, int countB);

    public static TheoryData<int> Widths => new() { 128, 256, 512 };

    private static Kernel Width(int width) => width switch
    {
        128 => RunIntersection.Intersect128,
        256 => RunIntersection.Intersect256,
        512 => RunIntersection.Intersect512,
        _ => throw new ArgumentOutOfRangeException(nameof(width)),
    };

    [Fact]
    public void Scalar_EqualsThePixelCount_OnRandomMasks()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            int total = rng.Next(0, 400);
            bool[] a = RandomPixels(rng, total), b = RandomPixels(rng, total);
            var (sa, ea, na) = Intervals(Counts(a));
            var (sb, eb, nb) = Intervals(Counts(b));
            long expected = a.Zip(b).Count(p => p.First && p.Second);
            Assert.Equal(expected, RunIntersection.IntersectScalar(sa.AsSpan(0, na), ea.AsSpan(0, na), sb, eb, nb));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_ForEveryLengthUpToThreeVectorsPlusOne(int width)
    {
        int lanes = width / 32;
        var kernel = Width(width);
        var rng = new Random(width);
        for (int countB = 0; countB <= (3 * lanes) + 1; countB++)
        {
            for (int trial = 0; trial < 40; trial++)
            {
                var (sb, eb) = RandomIntervals(rng, countB, maxGap: 6, maxRun: 5);
                int countA = rng.Next(0, (3 * lanes) + 2);
                // A is sometimes made of long runs (each meets many of B's) and sometimes of short ones.
                var (sa, ea) = RandomIntervals(rng, countA, maxGap: rng.Next(1, 30), maxRun: rng.Next(1, 60));
                long expected = RunIntersection.IntersectScalar(sa.AsSpan(0, countA), ea.AsSpan(0, countA), sb, eb, countB);
                Assert.Equal(expected, kernel(sa.AsSpan(0, countA), ea.AsSpan(0, countA), sb, eb, countB));
                Assert.Equal(expected, RunIntersection.Intersect(sa.AsSpan(0, countA), ea.AsSpan(0, countA), sb, eb, countB));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void EveryWidth_EqualsScalar_OnEdgeCases(int width)
    {
        var kernel = Width(width);
        int big = int.MaxValue - 1;
        (int[] S, int[] E)[] cases =
        [
            ([], []),                                   // empty
            ([0], [1]),                                 // one pixel at 0
            ([5], [10]),                                // one interval
            ([0, 10, 20], [10, 20, 30]),                // touching intervals
            ([0], [big]),                               // one huge interval, near 2^31
            ([big - 1], [big]),                         // the last position
            ([.. Enumerable.Range(0, 50).Select(k => k * 2)], [.. Enumerable.Range(0, 50).Select(k => (k * 2) + 1)]), // alternate pixels
        ];
        foreach (var a in cases)
        {
            foreach (var b in cases)
            {
                var (sb, eb) = Padded(b.S, b.E);
                long expected = RunIntersection.IntersectScalar(a.S, a.E, sb, eb, b.S.Length);
                Assert.Equal(expected, kernel(a.S, a.E, sb, eb, b.S.Length));
            }
        }

        var (s, e) = Padded([0], [big]);
        Assert.Equal(big, kernel([0], [big], s, e, 1));
    }

    [Fact]
    public void Intersect_RefusesUnpaddedArrays()
    {
        var e = Assert.Throws<ArgumentException>(() => RunIntersection.Intersect([0], [1], new int[3], new int[3], 1));
        Assert.Contains("sentinels", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToIntervals_SkipsEmptyRuns_PadsWithSentinels_AndRefusesHugeTotals()
    {
        var starts = new int[3 + RunIntersection.Padding];
        var ends = new int[3 + RunIntersection.Padding];
        int n = RunIntersection.ToIntervals([2u, 3, 0, 0, 4, 1], starts, ends, out ulong total);
        Assert.Equal(2, n);
        Assert.Equal([2, 9], starts[..2]);
        Assert.Equal([5, 10], ends[..2]);
        Assert.Equal(10UL, total);
        Assert.All(starts[2..(2 + RunIntersection.Padding)], s => Assert.Equal(int.MaxValue, s));
        Assert.Equal(-1, RunIntersection.ToIntervals([uint.MaxValue, 1], starts, ends, out _));
    }

    [Fact]
    public void ToIntervals_EqualsTheScalarSpecification_OnRandomCounts()
    {
        // Short and long runs, an empty foreground run now and then, counts past 2^27 and totals past 2^31: every case
        // the 512-bit blocks leave to the specification, and lengths that end inside a block.
        var rng = new Random(41);
        int taken = 0;
        for (int trial = 0; trial < 4000; trial++)
        {
            int length = rng.Next(0, 120);
            var counts = new uint[length];
            for (int k = 0; k < length; k++)
            {
                counts[k] = rng.Next(150) switch
                {
                    0 => 0,
                    1 => (uint)rng.NextInt64(1L << 26, 1L << 28),
                    2 when trial % 7 == 0 => (uint)rng.NextInt64(1L << 30, 1L << 32),
                    _ => (uint)rng.Next(1, 700),
                };
            }

            var starts = new int[(length / 2) + RunIntersection.Padding];
            var ends = new int[starts.Length];
            var expectedStarts = new int[starts.Length];
            var expectedEnds = new int[starts.Length];
            int n = RunIntersection.ToIntervals(counts, starts, ends, out ulong total);
            int expected = RunIntersection.ToIntervalsScalar(counts, expectedStarts, expectedEnds, 0, 0, 0, out ulong expectedTotal);
            Assert.Equal(expected, n);
            Assert.Equal(expectedTotal, total);
            if (n >= 0)
            {
                Assert.Equal(expectedStarts[..(n + RunIntersection.Padding)], starts[..(n + RunIntersection.Padding)]);
                Assert.Equal(expectedEnds[..(n + RunIntersection.Padding)], ends[..(n + RunIntersection.Padding)]);
                taken += System.Runtime.Intrinsics.X86.Avx512F.IsSupported && length >= 16 && RunIntersection.ToIntervals512(counts, new int[starts.Length], new int[starts.Length], out _) >= 0 ? 1 : 0;
            }
        }

        // Where AVX-512 is present, most conversions went through the blocks.
        Assert.True(!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || taken > 1000, $"only {taken} conversions took the 512-bit blocks");
    }

    [Fact]
    public void MaskIou_ThroughTheKernel_EqualsTheRunWalk_OnRandomMasks()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 2000; trial++)
        {
            int h = rng.Next(1, 20), w = rng.Next(1, 20);
            var dt = new Rle(h, w, Counts(RandomPixels(rng, h * w)));
            var gt = new Rle(h, w, Counts(RandomPixels(rng, h * w)));
            bool crowd = rng.Next(4) == 0;
            if (dt.Counts.Length < 2 || gt.Counts.Length < 2)
            {
                continue;
            }

            double expected = MaskIou.ComputeRuns(dt.Counts, gt.Counts, crowd, h, w);
            double actual = MaskIou.ComputeIntervals(dt.Counts, gt.Counts, crowd, h, w);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));
        }
    }

    private static bool[] RandomPixels(Random rng, int total)
    {
        // Runs of random lengths, so masks have both long and short runs.
        var pixels = new bool[total];
        bool on = rng.Next(2) == 0;
        for (int p = 0; p < total;)
        {
            int run = rng.Next(1, 12);
            for (int k = 0; k < run && p < total; k++, p++)
            {
                pixels[p] = on;
            }

            on = !on;
        }

        return pixels;
    }

    private static uint[] Counts(bool[] pixels)
    {
        var counts = new List<uint>();
        bool value = false;
        uint run = 0;
        foreach (bool p in pixels)
        {
            if (p != value)
            {
                counts.Add(run);
                run = 0;
                value = p;
            }

            run++;
        }

        counts.Add(run);
        return [.. counts];
    }

    private static (int[] Starts, int[] Ends, int Count) Intervals(uint[] counts)
    {
        var starts = new int[(counts.Length / 2) + RunIntersection.Padding];
        var ends = new int[starts.Length];
        int n = RunIntersection.ToIntervals(counts, starts, ends, out _);
        return (starts, ends, n);
    }

    private static (int[] Starts, int[] Ends) RandomIntervals(Random rng, int count, int maxGap, int maxRun)
    {
        var starts = new int[count + RunIntersection.Padding];
        var ends = new int[count + RunIntersection.Padding];
        int position = rng.Next(0, maxGap + 1);
        for (int k = 0; k < count; k++)
        {
            starts[k] = position;
            ends[k] = position + rng.Next(1, maxRun + 1);
            position = ends[k] + rng.Next(0, maxGap + 1);
        }

        starts.AsSpan(count).Fill(int.MaxValue);
        ends.AsSpan(count).Fill(int.MaxValue);
        return (starts, ends);
    }

    private static (int[] Starts, int[] Ends) Padded(int[] s, int[] e) =>
        ([.. s, .. Enumerable.Repeat(int.MaxValue, RunIntersection.Padding)], [.. e, .. Enumerable.Repeat(int.MaxValue, RunIntersection.Padding)]);
}
