namespace DetEval.Matching;

/// <summary>
/// The rectangular linear sum assignment problem: pick min(rows, cols) cells of a cost matrix, at most one per
/// row and per column, with the least total cost. Solved as <c>scipy.optimize.linear_sum_assignment</c>
/// (scipy 1.10.1) solves it, so that among assignments of equal cost the same one is returned.
/// </summary>
/// <remarks>
/// <para>
/// The method is the shortest augmenting path of D. F. Crouse, "On implementing 2D rectangular assignment
/// algorithms" (IEEE TAES 52(4), 2016): rows are added one at a time; for each, a Dijkstra-like search over
/// reduced costs <c>c[i,j] - u[i] - v[j]</c> finds the cheapest path to a free column, the dual variables
/// <c>u</c>, <c>v</c> are updated and the path is flipped.
/// </para>
/// <para>
/// Parity: every choice that decides between equal costs is the reference's. A matrix with more rows than columns
/// is solved transposed. The columns still to visit are kept in a list that starts in reverse order
/// (cols-1 .. 0) and loses a visited column by moving its last entry into the gap. In each step the first
/// column of least reduced cost in that list is taken, or a later one of equal cost if it is free (which ends
/// the path at once). The arithmetic is the reference's, operation for operation, so the reduced costs and
/// therefore the ties are the same doubles. Pairs are returned by ascending row.
/// </para>
/// </remarks>
internal static class LinearSumAssignment
{
    [ThreadStatic]
    private static Buffers? buffers;

    /// <summary>
    /// Solves the assignment of a <paramref name="rows"/> x <paramref name="cols"/> cost matrix (row-major);
    /// writes the pairs, by ascending row, into <paramref name="rowIndices"/> and <paramref name="colIndices"/>.
    /// </summary>
    /// <param name="cost">The costs, <c>cost[row * cols + col]</c>: finite or +infinity.</param>
    /// <param name="rows">The number of rows.</param>
    /// <param name="cols">The number of columns.</param>
    /// <param name="rowIndices">Receives the rows of the pairs (at least min(rows, cols) long).</param>
    /// <param name="colIndices">Receives the columns of the pairs (at least min(rows, cols) long).</param>
    /// <returns>The number of pairs, min(rows, cols).</returns>
    /// <exception cref="ArgumentException">A cost is NaN or -infinity, or no complete assignment has a finite cost.</exception>
    public static int Solve(ReadOnlySpan<double> cost, int rows, int cols, Span<int> rowIndices, Span<int> colIndices)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (cost.Length != rows * cols)
        {
            throw new ArgumentException($"the cost matrix has {cost.Length} entries, not {rows} x {cols}", nameof(cost));
        }

        if (rows == 0 || cols == 0)
        {
            return 0;
        }

        // Parity: a tall matrix is solved transposed (the search needs rows <= cols).
        bool transpose = cols < rows;
        int nr = transpose ? cols : rows;
        int nc = transpose ? rows : cols;

        // One block of each element type per thread, cut into the solver's arrays.
        var b = buffers ??= new Buffers();
        int doubleCount = (nr * nc) + nr + (2 * nc), intCount = (3 * nr) + (3 * nc), flagCount = nr + nc;
        var doubles = (b.Doubles.Length >= doubleCount ? b.Doubles : b.Doubles = new double[doubleCount]).AsSpan(0, doubleCount);
        var ints = (b.Ints.Length >= intCount ? b.Ints : b.Ints = new int[intCount]).AsSpan(0, intCount);
        var flags = (b.Flags.Length >= flagCount ? b.Flags : b.Flags = new bool[flagCount]).AsSpan(0, flagCount);
        var c = doubles[..(nr * nc)];
        var u = doubles.Slice(nr * nc, nr);
        var v = doubles.Slice((nr * nc) + nr, nc);
        var pathCost = doubles.Slice((nr * nc) + nr + nc, nc);
        var colForRow = ints[..nr];
        var order = ints.Slice(nr, nr);
        var keys = ints.Slice(2 * nr, nr);
        var path = ints.Slice(3 * nr, nc);
        var rowForCol = ints.Slice((3 * nr) + nc, nc);
        var remaining = ints.Slice((3 * nr) + (2 * nc), nc);
        var rowVisited = flags[..nr];
        var colVisited = flags.Slice(nr, nc);
        if (transpose)
        {
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < cols; j++)
                {
                    c[(j * rows) + i] = cost[(i * cols) + j];
                }
            }
        }
        else
        {
            cost.CopyTo(c);
        }

        foreach (double x in c)
        {
            if (double.IsNaN(x) || double.IsNegativeInfinity(x))
            {
                throw new ArgumentException("the cost matrix holds NaN or -infinity", nameof(cost));
            }
        }

        u.Clear();
        v.Clear();
        path.Fill(-1);
        colForRow.Fill(-1);
        rowForCol.Fill(-1);

        for (int currentRow = 0; currentRow < nr; currentRow++)
        {
            int sink = AugmentingPath(c, nc, u, v, path, rowForCol, pathCost, currentRow, rowVisited, colVisited, remaining, out double minCost);
            if (sink < 0)
            {
                throw new ArgumentException("the cost matrix is infeasible (no assignment of finite cost)", nameof(cost));
            }

            // Dual update, in the reference's order and form.
            u[currentRow] += minCost;
            for (int i = 0; i < nr; i++)
            {
                if (rowVisited[i] && i != currentRow)
                {
                    u[i] += minCost - pathCost[colForRow[i]];
                }
            }

            for (int j = 0; j < nc; j++)
            {
                if (colVisited[j])
                {
                    v[j] -= minCost - pathCost[j];
                }
            }

            // Flip the path: each column on it takes the row before it.
            int col = sink;
            while (true)
            {
                int row = path[col];
                rowForCol[col] = row;
                (colForRow[row], col) = (col, colForRow[row]);
                if (row == currentRow)
                {
                    break;
                }
            }
        }

        if (!transpose)
        {
            for (int i = 0; i < nr; i++)
            {
                rowIndices[i] = i;
                colIndices[i] = colForRow[i];
            }

            return nr;
        }

        // Transposed: the solved rows are the input's columns; order the pairs by the input's row (all distinct).
        for (int k = 0; k < nr; k++)
        {
            order[k] = k;
        }

        colForRow.CopyTo(keys);
        keys.Sort(order);
        for (int k = 0; k < nr; k++)
        {
            rowIndices[k] = keys[k];
            colIndices[k] = order[k];
        }

        return nr;
    }

    /// <summary>The cheapest path from <paramref name="row"/> to a free column; returns the column, or -1 when there is none.</summary>
    private static int AugmentingPath(
        ReadOnlySpan<double> cost,
        int nc,
        ReadOnlySpan<double> u,
        ReadOnlySpan<double> v,
        Span<int> path,
        ReadOnlySpan<int> rowForCol,
        Span<double> pathCost,
        int row,
        Span<bool> rowVisited,
        Span<bool> colVisited,
        Span<int> remaining,
        out double minCost)
    {
        double reached = 0;
        int left = nc;
        // Parity: the reference fills the list in reverse, so that a constant matrix gives the identity.
        for (int k = 0; k < nc; k++)
        {
            remaining[k] = nc - k - 1;
        }

        rowVisited.Clear();
        colVisited.Clear();
        pathCost.Fill(double.PositiveInfinity);
        int sink = -1;
        while (sink == -1)
        {
            int best = -1;
            double lowest = double.PositiveInfinity;
            rowVisited[row] = true;
            for (int k = 0; k < left; k++)
            {
                int j = remaining[k];
                // Parity: ((reached + c) - u) - v, as the reference writes it.
                double r = reached + cost[(row * nc) + j] - u[row] - v[j];
                if (r < pathCost[j])
                {
                    path[j] = row;
                    pathCost[j] = r;
                }

                // Parity: an equal cost replaces the choice only when its column is free.
                if (pathCost[j] < lowest || (pathCost[j] == lowest && rowForCol[j] == -1))
                {
                    lowest = pathCost[j];
                    best = k;
                }
            }

            reached = lowest;
            if (double.IsPositiveInfinity(reached))
            {
                minCost = reached;
                return -1;
            }

            int col = remaining[best];
            if (rowForCol[col] == -1)
            {
                sink = col;
            }
            else
            {
                row = rowForCol[col];
            }

            colVisited[col] = true;
            remaining[best] = remaining[--left];
        }

        minCost = reached;
        return sink;
    }

    /// <summary>Per-thread work blocks, grown as needed.</summary>
    private sealed class Buffers
    {
        public double[] Doubles { get; set; } = [];

        public int[] Ints { get; set; } = [];

        public bool[] Flags { get; set; } = [];
    }
}
