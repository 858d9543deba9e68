using BenchmarkDotNet.Attributes;
using DetEval.Kernels;

namespace DetEval.Benchmarks;

/// <summary>
/// A full N x N IoU matrix (N ground truths against N detections, one row per ground truth), for the
/// scalar specification, the dispatching <see cref="BoxIou.Compute"/> and each vector width.
/// </summary>
/// <remarks>
/// Boxes are seeded random in a 640 x 480 image, sides 8 to 200 px, every tenth ground truth a crowd
/// region: a dense scene where a good share of pairs overlap, so the scalar loop's branches are not
/// trivially predictable. Widths that are not accelerated on the machine fall back to the scalar loop.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class BoxIouBenchmarks
{
    private BoxColumns _gts = null!;
    private BoxColumns _dets = null!;
    private bool[] _crowd = [];
    private double[] _matrix = [];

    /// <summary>Number of ground truths, and of detections.</summary>
    [Params(10, 100, 300, 1000)]
    public int N { get; set; }

    /// <summary>Builds the boxes and the output matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _gts = BoxColumns.FromBoxes(RandomBoxes(random, N));
        _dets = BoxColumns.FromBoxes(RandomBoxes(random, N));
        _crowd = Enumerable.Range(0, N).Select(gtIndex => gtIndex % 10 == 9).ToArray();
        _matrix = new double[N * N];
    }

    /// <summary>The specification, <see cref="BoxIou.ComputeScalar"/>, row by row.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        for (int gtIndex = 0; gtIndex < N; gtIndex++)
        {
            BoxIou.ComputeScalar(
                _gts.X1[gtIndex], _gts.Y1[gtIndex], _gts.X2[gtIndex], _gts.Y2[gtIndex], _gts.Area[gtIndex], _crowd[gtIndex],
                _dets.X1, _dets.Y1, _dets.X2, _dets.Y2, _dets.Area, _matrix.AsSpan(gtIndex * N, N));
        }
    }

    /// <summary><see cref="BoxIou.Compute"/> (widest accelerated width), row by row.</summary>
    [Benchmark]
    public void Compute()
    {
        for (int gtIndex = 0; gtIndex < N; gtIndex++)
        {
            BoxIou.Compute(
                _gts.X1[gtIndex], _gts.Y1[gtIndex], _gts.X2[gtIndex], _gts.Y2[gtIndex], _gts.Area[gtIndex], _crowd[gtIndex],
                _dets.X1, _dets.Y1, _dets.X2, _dets.Y2, _dets.Area, _matrix.AsSpan(gtIndex * N, N));
        }
    }

    /// <summary><see cref="BoxIou.ComputeMatrix"/>, the whole matrix in one call.</summary>
    [Benchmark]
    public void ComputeMatrix() => BoxIou.ComputeMatrix(_gts, _crowd, _dets, _matrix);

    /// <summary>The Vector128 kernel, row by row.</summary>
    [Benchmark]
    public void Compute128()
    {
        for (int gtIndex = 0; gtIndex < N; gtIndex++)
        {
            BoxIou.Compute128(
                _gts.X1[gtIndex], _gts.Y1[gtIndex], _gts.X2[gtIndex], _gts.Y2[gtIndex], _gts.Area[gtIndex], _crowd[gtIndex],
                _dets.X1, _dets.Y1, _dets.X2, _dets.Y2, _dets.Area, _matrix.AsSpan(gtIndex * N, N));
        }
    }

    /// <summary>The Vector256 kernel, row by row.</summary>
    [Benchmark]
    public void Compute256()
    {
        for (int gtIndex = 0; gtIndex < N; gtIndex++)
        {
            BoxIou.Compute256(
                _gts.X1[gtIndex], _gts.Y1[gtIndex], _gts.X2[gtIndex], _gts.Y2[gtIndex], _gts.Area[gtIndex], _crowd[gtIndex],
                _dets.X1, _dets.Y1, _dets.X2, _dets.Y2, _dets.Area, _matrix.AsSpan(gtIndex * N, N));
        }
    }

    /// <summary>The Vector512 kernel, row by row.</summary>
    [Benchmark]
    public void Compute512()
    {
        for (int gtIndex = 0; gtIndex < N; gtIndex++)
        {
            BoxIou.Compute512(
                _gts.X1[gtIndex], _gts.Y1[gtIndex], _gts.X2[gtIndex], _gts.Y2[gtIndex], _gts.Area[gtIndex], _crowd[gtIndex],
                _dets.X1, _dets.Y1, _dets.X2, _dets.Y2, _dets.Area, _matrix.AsSpan(gtIndex * N, N));
        }
    }

    private static Box[] RandomBoxes(Random random, int count)
    {
        var boxes = new Box[count];
        for (int index = 0; index < count; index++)
        {
            double width = 8 + (random.NextDouble() * 192);
            double height = 8 + (random.NextDouble() * 192);
            boxes[index] = new Box(random.NextDouble() * (640 - width), random.NextDouble() * (480 - height), width, height);
        }

        return boxes;
    }
}
