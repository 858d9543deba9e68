using System.Text.Json;
using DetEval.Matching;

namespace DetEval.Tests.Matching;

/// <summary>
/// The assignment solver against brute force (least total cost, a valid one-to-one assignment) and against the
/// assignments scipy 1.10.1 returned on 2,000 recorded matrices, 856 of which have several assignments of least cost.
/// </summary>
public sealed class LinearSumAssignmentTests
{
    private static readonly double[] FewValues = [0.0, 0.25, 0.5, 0.75, 1.0];

    public static TheoryData<string> Kinds => new() { "few", "binary", "constant", "iou", "uniform", "int" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Solve_ReturnsScipysAssignment_OnEveryRecordedMatrixOfThisKind(string kind)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "lsap", "cases.json")));
        int checkedCases = 0;
        int index = 0;
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            index++;
            if (c.GetProperty("kind").GetString() != kind)
            {
                continue;
            }

            int rows = c.GetProperty("rows").GetInt32();
            int cols = c.GetProperty("cols").GetInt32();
            double[] cost = [.. c.GetProperty("cost").EnumerateArray().Select(x => x.GetDouble())];
            int[] expectedRows = [.. c.GetProperty("row").EnumerateArray().Select(x => x.GetInt32())];
            int[] expectedCols = [.. c.GetProperty("col").EnumerateArray().Select(x => x.GetInt32())];
            var (gotRows, gotCols) = Solve(cost, rows, cols);
            Assert.True(expectedRows.SequenceEqual(gotRows) && expectedCols.SequenceEqual(gotCols),
                $"case {index - 1} ({rows}x{cols}): scipy gave rows [{string.Join(",", expectedRows)}] cols [{string.Join(",", expectedCols)}], got rows [{string.Join(",", gotRows)}] cols [{string.Join(",", gotCols)}]");
            checkedCases++;
        }

        Assert.True(checkedCases > 300, $"only {checkedCases} cases of kind {kind}");
    }

    [Fact]
    public void Solve_FindsTheLeastTotalCost_AsBruteForceDoes_OnRandomMatricesWithManyTies()
    {
        var random = new Random(17);
        int ties = 0;
        for (int trial = 0; trial < 3000; trial++)
        {
            int rows = random.Next(1, 7), cols = random.Next(1, 7);
            bool fewValues = trial % 3 != 0;
            var cost = new double[rows * cols];
            for (int i = 0; i < cost.Length; i++)
            {
                cost[i] = fewValues ? FewValues[random.Next(FewValues.Length)] : random.Next(-4, 5);
            }

            var (gotRows, gotCols) = Solve(cost, rows, cols);
            var (best, count, only) = BruteForce(cost, rows, cols);
            Assert.Equal(Math.Min(rows, cols), gotRows.Length);
            Assert.Equal(gotRows.Length, gotRows.Distinct().Count());
            Assert.Equal(gotCols.Length, gotCols.Distinct().Count());
            Assert.True(gotRows.SequenceEqual(gotRows.Order()), "pairs come by ascending row");
            double total = 0;
            for (int k = 0; k < gotRows.Length; k++)
            {
                total += cost[(gotRows[k] * cols) + gotCols[k]];
            }

            // Quarter and integer values add exactly, so the totals compare exactly.
            Assert.Equal(best, total);
            if (count == 1)
            {
                Assert.Equal(only, Enumerable.Range(0, gotRows.Length).Select(k => (gotRows[k], gotCols[k])).ToArray());
            }
            else
            {
                ties++;
            }
        }

        Assert.True(ties > 1000, $"only {ties} matrices with several optimal assignments");
    }

    [Fact]
    public void Solve_OnAConstantSquareMatrix_ReturnsTheIdentity_AsTheReferenceDoes()
    {
        var (rows, cols) = Solve(new double[16], 4, 4);
        Assert.Equal([0, 1, 2, 3], rows);
        Assert.Equal([0, 1, 2, 3], cols);
    }

    [Fact]
    public void Solve_OfAnEmptyMatrix_ReturnsNoPair()
    {
        Assert.Empty(Solve([], 0, 5).Rows);
        Assert.Empty(Solve([], 3, 0).Rows);
    }

    [Fact]
    public void Solve_RefusesNaNAndMinusInfinity_AndAnInfeasibleMatrix()
    {
        Assert.Throws<ArgumentException>(() => Solve([0, double.NaN], 1, 2));
        Assert.Throws<ArgumentException>(() => Solve([double.NegativeInfinity, 0], 2, 1));
        var e = Assert.Throws<ArgumentException>(() => Solve([double.PositiveInfinity, double.PositiveInfinity, 0, double.PositiveInfinity], 2, 2));
        Assert.Contains("infeasible", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Solve_UsesInfiniteCostsOnlyWhenItMust()
    {
        double inf = double.PositiveInfinity;
        var (rows, cols) = Solve([inf, 1, 2, inf], 2, 2);
        Assert.Equal([0, 1], rows);
        Assert.Equal([1, 0], cols);
    }

    private static (int[] Rows, int[] Cols) Solve(double[] cost, int rows, int cols)
    {
        int n = Math.Min(rows, cols);
        var r = new int[n];
        var c = new int[n];
        int count = LinearSumAssignment.Solve(cost, rows, cols, r, c);
        Assert.Equal(n, count);
        return (r, c);
    }

    /// <summary>The least total cost over every one-to-one assignment of min(rows, cols) pairs, how many reach it, and the pairs when one does.</summary>
    private static (double Best, int Count, (int, int)[] Only) BruteForce(double[] cost, int rows, int cols)
    {
        double best = double.PositiveInfinity;
        int count = 0;
        (int, int)[] only = [];
        bool wide = rows <= cols;
        int small = Math.Min(rows, cols), large = Math.Max(rows, cols);
        foreach (int[] pick in Arrangements(large, small))
        {
            double total = 0;
            for (int k = 0; k < small; k++)
            {
                total += wide ? cost[(k * cols) + pick[k]] : cost[(pick[k] * cols) + k];
            }

            if (total < best)
            {
                (best, count) = (total, 1);
                only = [.. Enumerable.Range(0, small).Select(k => wide ? (k, pick[k]) : (pick[k], k)).OrderBy(p => p.Item1)];
            }
            else if (total == best)
            {
                count++;
            }
        }

        return (best, count, only);
    }

    /// <summary>Every sequence of <paramref name="k"/> distinct values below <paramref name="n"/>.</summary>
    private static IEnumerable<int[]> Arrangements(int n, int k)
    {
        var current = new int[k];
        var used = new bool[n];
        return Walk(0);

        IEnumerable<int[]> Walk(int depth)
        {
            if (depth == k)
            {
                yield return (int[])current.Clone();
                yield break;
            }

            for (int v = 0; v < n; v++)
            {
                if (used[v])
                {
                    continue;
                }

                used[v] = true;
                current[depth] = v;
                foreach (var a in Walk(depth + 1))
                {
                    yield return a;
                }

                used[v] = false;
            }
        }
    }
}
