namespace DetEval.Metrics;

/// <summary>A stable sort by descending key: numpy's <c>argsort(-x, kind='mergesort')</c>.</summary>
internal static class StableSort
{
    /// <summary>Returns the positions 0..n-1 ordered by descending <paramref name="keys"/>, ties by position.</summary>
    public static int[] ArgsortDescending(ReadOnlySpan<double> keys)
    {
        var order = new int[keys.Length];
        ArgsortDescending(keys, order, new int[keys.Length]);
        return order;
    }

    /// <summary>
    /// Writes into <paramref name="order"/> the positions 0..n-1 ordered by descending <paramref name="keys"/>, ties
    /// by position; <paramref name="temp"/> (at least as long) is scratch. Inputs without NaN are sorted by insertion
    /// (short ones) or by an introsort of the keys with their positions and then of each tie by position, which give the
    /// same order (a stable sort's order is unique when every pair of keys compares); with NaN, by the merge sort.
    /// </summary>
    public static void ArgsortDescending(ReadOnlySpan<double> keys, Span<int> order, Span<int> temp)
    {
        int n = keys.Length;
        order = order[..n];
        temp = temp[..n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        bool nan = HasNaN(keys);
        if (n <= 16 && !nan)
        {
            for (int i = 1; i < n; i++)
            {
                double key = keys[i];
                int j = i;
                while (j > 0 && keys[order[j - 1]] < key)
                {
                    order[j] = order[j - 1];
                    j--;
                }

                order[j] = i;
            }

            return;
        }

        if (!nan && n >= RadixFrom)
        {
            RadixDescending(keys, order, temp);
            return;
        }

        if (!nan)
        {
            // Without NaN every pair of keys compares, and (key, position) pairs are distinct: sorting the negated keys
            // with their positions (an unstable sort), then each run of equal keys by position, gives the stable order.
            double[] negated = System.Buffers.ArrayPool<double>.Shared.Rent(n);
            var negatedKeys = negated.AsSpan(0, n);
            for (int i = 0; i < n; i++)
            {
                negatedKeys[i] = -keys[i];
            }

            negatedKeys.Sort(order);
            for (int runStart = 0; runStart < n;)
            {
                int runEnd = runStart + 1;
                while (runEnd < n && negatedKeys[runEnd] == negatedKeys[runStart])
                {
                    runEnd++;
                }

                if (runEnd - runStart > 1)
                {
                    order[runStart..runEnd].Sort();
                }

                runStart = runEnd;
            }

            System.Buffers.ArrayPool<double>.Shared.Return(negated);
            return;
        }

        // Bottom-up merge sort: each merge takes from the left run on ties, so the sort is stable.
        var from = order;
        var to = temp;
        for (int width = 1; width < n; width *= 2)
        {
            for (int lo = 0; lo < n; lo += 2 * width)
            {
                int mid = Math.Min(lo + width, n);
                int hi = Math.Min(lo + (2 * width), n);
                if (mid >= hi || keys[from[mid - 1]] >= keys[from[mid]])
                {
                    // Already in order: copy through.
                    from[lo..hi].CopyTo(to[lo..]);
                    continue;
                }

                int i = lo, j = mid, o = lo;
                while (i < mid && j < hi)
                {
                    to[o++] = keys[from[j]] > keys[from[i]] ? from[j++] : from[i++];
                }

                while (i < mid)
                {
                    to[o++] = from[i++];
                }

                while (j < hi)
                {
                    to[o++] = from[j++];
                }
            }

            var swap = from;
            from = to;
            to = swap;
        }

        if (from != order)
        {
            from.CopyTo(order);
        }
    }

    /// <summary>From this many keys on (without NaN), the radix sort: below it, the comparison sort is as fast.</summary>
    internal const int RadixFrom = 256;

    /// <summary>
    /// A least-significant-digit radix sort of the keys, byte by byte, on their bits mapped so that unsigned order is
    /// descending key order (-0.0 taken as 0.0, which compares equal to it). Each pass is stable and positions start in
    /// order, so tied keys keep their positions' order: the stable order, with no comparison. A byte that every key
    /// shares is skipped (scores in [0, 1] share the exponent's high bits).
    /// </summary>
    private static void RadixDescending(ReadOnlySpan<double> keys, Span<int> order, Span<int> temp)
    {
        int n = keys.Length;
        ulong[] bitsArray = System.Buffers.ArrayPool<ulong>.Shared.Rent(2 * n);
        var bits = bitsArray.AsSpan(0, n);
        var otherBits = bitsArray.AsSpan(n, n);
        Span<int> counts = stackalloc int[8 * 256];
        counts.Clear();
        for (int i = 0; i < n; i++)
        {
            double key = keys[i] == 0 ? 0.0 : keys[i];
            ulong b = (ulong)BitConverter.DoubleToInt64Bits(key);
            // Ascending order of doubles as unsigned: flip the sign bit of positives, every bit of negatives; then all
            // bits, for descending.
            ulong ascending = (b & SignBit) == 0 ? b | SignBit : ~b;
            ulong descending = ~ascending;
            bits[i] = descending;
            for (int pass = 0; pass < 8; pass++)
            {
                counts[(pass << 8) + (int)((descending >> (pass * 8)) & 0xFF)]++;
            }
        }

        Span<int> from = order, to = temp;
        for (int pass = 0; pass < 8; pass++)
        {
            var count = counts.Slice(pass << 8, 256);
            int digit = (int)((bits[0] >> (pass * 8)) & 0xFF);
            if (count[digit] == n)
            {
                continue; // every key has this byte: the pass would keep the order
            }

            // Exclusive prefix sums: where each byte value's keys start.
            int sum = 0;
            for (int v = 0; v < 256; v++)
            {
                int c = count[v];
                count[v] = sum;
                sum += c;
            }

            int shift = pass * 8;
            for (int i = 0; i < n; i++)
            {
                ulong key = bits[i];
                int at = count[(int)((key >> shift) & 0xFF)]++;
                otherBits[at] = key;
                to[at] = from[i];
            }

            var swapBits = bits;
            bits = otherBits;
            otherBits = swapBits;
            var swap = from;
            from = to;
            to = swap;
        }

        if (from != order)
        {
            from.CopyTo(order);
        }

        System.Buffers.ArrayPool<ulong>.Shared.Return(bitsArray);
    }

    private const ulong SignBit = 0x8000_0000_0000_0000;

    private static bool HasNaN(ReadOnlySpan<double> keys)
    {
        foreach (double key in keys)
        {
            if (double.IsNaN(key))
            {
                return true;
            }
        }

        return false;
    }
}
