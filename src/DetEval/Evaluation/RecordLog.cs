namespace DetEval.Evaluation;

/// <summary>
/// The thread-safe store behind the incremental evaluators: per-image records keyed by image, each image at most
/// once, and the result computed from them, cached until the records change (a version counter, not a count).
/// </summary>
/// <typeparam name="TRecord">A per-image record.</typeparam>
/// <typeparam name="TKey">The image key (an id or a name).</typeparam>
/// <typeparam name="TResult">The computed result.</typeparam>
internal sealed class RecordLog<TRecord, TKey, TResult>
    where TKey : notnull
    where TResult : class
{
    private readonly object gate = new();
    private readonly List<TRecord> records = [];
    private readonly HashSet<TKey> seen;
    private readonly Func<TRecord, TKey> keyOf;
    private TResult? cached;

    // Bumped by every change (add, clear): a result is cached only if no change happened while it was computed, so
    // a Reset followed by as many updates as before can never bring back the previous result.
    private long version;

    public RecordLog(Func<TRecord, TKey> keyOf, IEqualityComparer<TKey>? comparer = null)
    {
        this.keyOf = keyOf;
        seen = new HashSet<TKey>(comparer);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return records.Count;
            }
        }
    }

    /// <summary>Adds every record, or none when an image is already held or given twice.</summary>
    /// <param name="items">The records.</param>
    /// <param name="duplicate">The message for an image held twice.</param>
    /// <exception cref="InvalidOperationException">An image is already held, or given twice.</exception>
    public void AddAll(IReadOnlyList<TRecord> items, Func<TKey, string> duplicate)
    {
        lock (gate)
        {
            var incoming = new HashSet<TKey>(seen.Comparer);
            foreach (var item in items)
            {
                TKey key = keyOf(item);
                if (seen.Contains(key) || !incoming.Add(key))
                {
                    throw new InvalidOperationException(duplicate(key));
                }
            }

            seen.UnionWith(incoming);
            records.AddRange(items);
            version++;
            cached = null;
        }
    }

    /// <summary>A copy of the records.</summary>
    public TRecord[] Snapshot()
    {
        lock (gate)
        {
            return [.. records];
        }
    }

    /// <summary>The result over the records, computed outside the lock and cached until the next change.</summary>
    /// <param name="compute">Computes the result from a copy of the records (which it may reorder).</param>
    public TResult Compute(Func<TRecord[], TResult> compute)
    {
        TRecord[] snapshot;
        long computedAt;
        lock (gate)
        {
            if (cached is not null)
            {
                return cached;
            }

            snapshot = [.. records];
            computedAt = version;
        }

        var result = compute(snapshot);
        lock (gate)
        {
            if (version == computedAt)
            {
                cached = result;
            }
        }

        return result;
    }

    /// <summary>Marks a change made outside the records (a count the result carries), so a cached result is dropped.</summary>
    public void Touch()
    {
        lock (gate)
        {
            version++;
            cached = null;
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            records.Clear();
            seen.Clear();
            version++;
            cached = null;
        }
    }
}
