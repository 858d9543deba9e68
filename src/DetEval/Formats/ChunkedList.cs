namespace DetEval.Formats;

/// <summary>
/// An append-only list stored in fixed-size chunks: growing never copies, so a file of many records
/// allocates each record's memory once (a <see cref="List{T}"/> would allocate about three times as
/// much while doubling), and two lists are joined by moving chunks.
/// </summary>
internal sealed class ChunkedList<T>
{
    private readonly List<T[]> chunks = [];
    private readonly List<int> chunkCounts = [];
    private readonly List<int> chunkStarts = [];
    private readonly int chunkSize;

    /// <param name="chunkSize">Items per chunk.</param>
    public ChunkedList(int chunkSize = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        this.chunkSize = chunkSize;
    }

    public int Count { get; private set; }

    public int ChunkCount => chunks.Count;

    /// <summary>The items of chunk <paramref name="chunk"/>.</summary>
    public Span<T> Chunk(int chunk) => chunks[chunk].AsSpan(0, chunkCounts[chunk]);

    /// <summary>The index of the first item of chunk <paramref name="chunk"/>.</summary>
    public int ChunkStart(int chunk) => chunkStarts[chunk];

    public void Add(in T item)
    {
        int last = chunks.Count - 1;
        if (last < 0 || chunkCounts[last] == chunks[last].Length)
        {
            chunks.Add(new T[chunkSize]);
            chunkCounts.Add(0);
            chunkStarts.Add(Count);
            last++;
        }

        chunks[last][chunkCounts[last]++] = item;
        Count++;
    }

    /// <summary>Moves the chunks of <paramref name="other"/> to the end of this list (the last chunk of this list may stay partly filled).</summary>
    public void Append(ChunkedList<T> other)
    {
        for (int c = 0; c < other.chunks.Count; c++)
        {
            chunks.Add(other.chunks[c]);
            chunkCounts.Add(other.chunkCounts[c]);
            chunkStarts.Add(Count);
            Count += other.chunkCounts[c];
        }

        other.chunks.Clear();
        other.chunkCounts.Clear();
        other.chunkStarts.Clear();
        other.Count = 0;
    }
}
