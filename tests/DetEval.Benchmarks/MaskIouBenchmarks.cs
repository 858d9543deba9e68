using BenchmarkDotNet.Attributes;
using DetEval.Kernels;

namespace DetEval.Benchmarks;

/// <summary>
/// Mask intersection of 64 overlapping pairs: the reference's run walk (<see cref="MaskIou.ComputeRuns(ReadOnlySpan{uint}, ReadOnlySpan{uint}, bool, int, int)"/>)
/// against the <see cref="RunIntersection"/> kernel (scalar specification, dispatch, each width) on foreground intervals.
/// </summary>
/// <remarks>
/// Each pair is a random star-shaped polygon (24 vertices, radius 40 to 160 px) rasterised in a 640 x 480 image and
/// a jittered copy of it (vertices moved by up to 12 px), the kind of pair segm matching meets. <c>Shape</c>
/// <c>ragged</c> makes the radii vary a lot between vertices, so the masks have many short runs.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class MaskIouBenchmarks
{
    private const int Pairs = 64;
    private readonly uint[][] _a = new uint[Pairs][];
    private readonly uint[][] _b = new uint[Pairs][];
    private readonly (int[] S, int[] E, int N)[] _ia = new (int[], int[], int)[Pairs];
    private readonly (int[] S, int[] E, int N)[] _ib = new (int[], int[], int)[Pairs];

    /// <summary>Smooth or ragged outlines.</summary>
    [Params("smooth", "ragged")]
    public string Shape { get; set; } = "smooth";

    /// <summary>Builds the pairs and their intervals.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        double spread = Shape == "ragged" ? 0.6 : 0.15;
        for (int p = 0; p < Pairs; p++)
        {
            double cx = random.Next(160, 480), cy = random.Next(160, 320), r = random.Next(40, 160);
            var xy = new double[48];
            var jittered = new double[48];
            for (int k = 0; k < 24; k++)
            {
                double angle = 2 * Math.PI * k / 24, radius = r * (1 - spread + (2 * spread * random.NextDouble()));
                xy[2 * k] = cx + (radius * Math.Cos(angle));
                xy[(2 * k) + 1] = cy + (radius * Math.Sin(angle));
                jittered[2 * k] = xy[2 * k] + (random.NextDouble() * 24) - 12;
                jittered[(2 * k) + 1] = xy[(2 * k) + 1] + (random.NextDouble() * 24) - 12;
            }

            _a[p] = Rle.FromPolygon(xy, 480, 640).Counts;
            _b[p] = Rle.FromPolygon(jittered, 480, 640).Counts;
            _ia[p] = Intervals(_a[p]);
            _ib[p] = Intervals(_b[p]);
        }
    }

    /// <summary>The reference's run walk on the counts (IoU, which needs the intersection and union).</summary>
    [Benchmark(Baseline = true)]
    public double RunWalk()
    {
        double sum = 0;
        for (int p = 0; p < Pairs; p++)
        {
            sum += MaskIou.ComputeRuns(_a[p], _b[p], false, 480, 640);
        }

        return sum;
    }

    /// <summary>The kernel's scalar specification, on intervals made beforehand.</summary>
    [Benchmark]
    public long Scalar() => Width(RunIntersection.IntersectScalar);

    /// <summary><see cref="RunIntersection.Intersect"/>: the widest accelerated width.</summary>
    [Benchmark]
    public long Intersect() => Width(RunIntersection.Intersect);

    /// <summary>The 128-bit width.</summary>
    [Benchmark]
    public long Intersect128() => Width(RunIntersection.Intersect128);

    /// <summary>The 256-bit width.</summary>
    [Benchmark]
    public long Intersect256() => Width(RunIntersection.Intersect256);

    /// <summary>The 512-bit width.</summary>
    [Benchmark]
    public long Intersect512() => Width(RunIntersection.Intersect512);

    /// <summary>The whole IoU from counts through the kernel, intervals made on the fly (what one pair costs from scratch).</summary>
    [Benchmark]
    public double IouFromCounts()
    {
        double sum = 0;
        for (int p = 0; p < Pairs; p++)
        {
            sum += MaskIou.ComputeIntervals(_a[p], _b[p], false, 480, 640);
        }

        return sum;
    }

    private delegate long Kernel(ReadOnlySpan<int> sa, ReadOnlySpan<int> ea, ReadOnlySpan<int> sb, ReadOnlySpan<int> eb, int nb);

    private long Width(Kernel kernel)
    {
        long sum = 0;
        for (int p = 0; p < Pairs; p++)
        {
            sum += kernel(_ia[p].S.AsSpan(0, _ia[p].N), _ia[p].E.AsSpan(0, _ia[p].N), _ib[p].S, _ib[p].E, _ib[p].N);
        }

        return sum;
    }

    private static (int[] S, int[] E, int N) Intervals(uint[] counts)
    {
        var s = new int[(counts.Length / 2) + RunIntersection.Padding];
        var e = new int[s.Length];
        int n = RunIntersection.ToIntervals(counts, s, e, out _);
        return (s, e, n);
    }
}
