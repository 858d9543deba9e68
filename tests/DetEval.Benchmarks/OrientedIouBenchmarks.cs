using BenchmarkDotNet.Attributes;
using DetEval.Geometry;
using DetEval.Kernels;

namespace DetEval.Benchmarks;

/// <summary>
/// Oriented IoU of an N x N block (N ground-truth quads against N detection quads, one row per ground truth): the
/// scalar specification (<see cref="OrientedIou.ComputeScalar"/>, scalar pre-filter then polyiou), the dispatching
/// <see cref="OrientedIou.Compute"/> (vector pre-filter) and each width, plus single pairs of the devkit's polyiou and of
/// the exact mode's interval bounds. Pairs per second = N * N / time.
/// </summary>
/// <remarks>
/// Two seeded scenes of rotated rectangles (sides 8 to 120 px, any angle, one-decimal corners): <c>Sparse</c>, a
/// 4000 x 4000 DOTA image where few hulls touch, so the pre-filter decides most pairs; <c>Dense</c>, a 300 x 300
/// crop where most hulls overlap, so polyiou dominates.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class OrientedIouBenchmarks
{
    private Quad[] _gts = [];
    private QuadColumns _dets = null!;
    private double[] _matrix = [];

    /// <summary>Number of ground truths, and of detections.</summary>
    [Params(10, 100, 300)]
    public int N { get; set; }

    /// <summary>The scene.</summary>
    [Params("Sparse", "Dense")]
    public string Scene { get; set; } = "Sparse";

    /// <summary>Builds the quads and the output block.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(19);
        double extent = Scene == "Sparse" ? 4000 : 300;
        _gts = RandomQuads(random, N, extent);
        _dets = QuadColumns.From(RandomQuads(random, N, extent));
        _matrix = new double[N * N];
    }

    /// <summary>The specification, row by row.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        for (int g = 0; g < N; g++)
        {
            OrientedIou.ComputeScalar(_gts[g], _dets, _matrix.AsSpan(g * N, N));
        }
    }

    /// <summary>The widest accelerated pre-filter, row by row.</summary>
    [Benchmark]
    public void Compute()
    {
        for (int g = 0; g < N; g++)
        {
            OrientedIou.Compute(_gts[g], _dets, _matrix.AsSpan(g * N, N));
        }
    }

    /// <summary>The Vector128 pre-filter.</summary>
    [Benchmark]
    public void Compute128() => At(128);

    /// <summary>The Vector256 pre-filter.</summary>
    [Benchmark]
    public void Compute256() => At(256);

    /// <summary>The Vector512 pre-filter.</summary>
    [Benchmark]
    public void Compute512() => At(512);

    /// <summary>polyiou on every pair, without the pre-filter (the devkit's cost per candidate).</summary>
    [Benchmark]
    public double DevkitEveryPair()
    {
        double sum = 0;
        var quads = _dets.Quads;
        for (int g = 0; g < N; g++)
        {
            for (int d = 0; d < N; d++)
            {
                sum += OrientedIou.Devkit(_gts[g], quads[d]);
            }
        }

        return sum;
    }

    /// <summary>The exact mode's interval bounds on every pair (what it computes per candidate before any refinement).</summary>
    [Benchmark]
    public double ExactBoundsEveryPair()
    {
        double sum = 0;
        var quads = _dets.Quads;
        for (int g = 0; g < N; g++)
        {
            for (int d = 0; d < N; d++)
            {
                if (ExactQuadIou.TryBounds(_gts[g], quads[d], out double lo, out _))
                {
                    sum += lo;
                }
            }
        }

        return sum;
    }

    private void At(int width)
    {
        for (int g = 0; g < N; g++)
        {
            OrientedIou.ComputeAt(width, _gts[g], _dets, _matrix.AsSpan(g * N, N));
        }
    }

    private static Quad[] RandomQuads(Random random, int count, double extent)
    {
        var quads = new Quad[count];
        for (int i = 0; i < count; i++)
        {
            double w = 8 + (random.NextDouble() * 112), h = 8 + (random.NextDouble() * 112), a = random.NextDouble() * Math.PI;
            double cx = random.NextDouble() * extent, cy = random.NextDouble() * extent, c = Math.Cos(a), s = Math.Sin(a);
            double X(double u, double v) => Math.Round(cx + (u * c) - (v * s), 1);
            double Y(double u, double v) => Math.Round(cy + (u * s) + (v * c), 1);
            quads[i] = new Quad(X(-w / 2, -h / 2), Y(-w / 2, -h / 2), X(w / 2, -h / 2), Y(w / 2, -h / 2), X(w / 2, h / 2), Y(w / 2, h / 2), X(-w / 2, h / 2), Y(-w / 2, h / 2));
        }

        return quads;
    }
}
