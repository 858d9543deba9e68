namespace DetEval.Metrics;

/// <summary>A stable sort by descending key: numpy's <c>argsort(-x, kind='mergesort')</c>.</summary>
internal static class StableSort
{
    /// <summary>Returns the positions 0..n-1 ordered by descending <paramref name="keys"/>, ties by position.</summary>
    public static int[] ArgsortDescending(ReadOnlySpan<double> keys)
    {
        int n = keys.Length;
        var order = new int[n];
        var temp = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        // Bottom-up merge sort: each merge takes from the left run on ties, so the sort is stable.
        for (int width = 1; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n);
                int hi = Math.Min(lo + (2 * width), n);
                if (mid >= hi || keys[order[mid - 1]] >= keys[order[mid]])
                {
                    // Already in order: copy through.
                    order.AsSpan(lo, hi - lo).CopyTo(temp.AsSpan(lo));
                    continue;
                }

                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi)
                {
                    temp[o++] = keys[order[j]] > keys[order[i]] ? order[j++] : order[i++];
                }

                while (i < mid)
                {
                    temp[o++] = order[i++];
                }

                while (j < hi)
                {
                    temp[o++] = order[j++];
                }
            }

            (order, temp) = (temp, order);
        }

        return order;
    }
}
