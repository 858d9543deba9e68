using BenchmarkDotNet.Attributes;
using DetEval.Matching;

namespace DetEval.Benchmarks;

/// <summary>
/// The concept evaluator's assignment (<see cref="LinearSumAssignment"/>, scipy's shortest augmenting path) on negated
/// IoU-like matrices: predictions x instances, square and with twice as many predictions as instances.
/// </summary>
/// <remarks>
/// Entries are 0 with probability 0.6 (most pairs do not overlap) and otherwise a 2-decimal IoU, so ties are common,
/// as in crowded SA-Co pairs. The solver is O(n^2 m) for n = min(rows, cols).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class AssignmentBenchmarks
{
    private double[] _cost = [];
    private int[] _rows = [];
    private int[] _cols = [];

    /// <summary>Instances (G).</summary>
    [Params(4, 16, 64, 256)]
    public int Instances { get; set; } = 16;

    /// <summary>Predictions per instance.</summary>
    [Params(1, 2)]
    public int Ratio { get; set; } = 1;

    /// <summary>Builds the matrix.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        int d = Instances * Ratio;
        _cost = new double[d * Instances];
        for (int i = 0; i < _cost.Length; i++)
        {
            _cost[i] = random.NextDouble() < 0.6 ? 0 : -Math.Round(random.NextDouble(), 2);
        }

        _rows = new int[Instances];
        _cols = new int[Instances];
    }

    /// <summary>One assignment of the predictions x instances matrix.</summary>
    [Benchmark]
    public int Solve() => LinearSumAssignment.Solve(_cost, Instances * Ratio, Instances, _rows, _cols);
}
