namespace DetEval.Formats.Json;

/// <summary>
/// Copies many small byte strings (compressed RLE counts) into a few large chunks, so that hundreds of
/// thousands of masks are not hundreds of thousands of objects for the garbage collector to move.
/// </summary>
/// <remarks>
/// Given the size of the text the strings are copied from (an upper bound on their total), the first chunk
/// is allocated once at that size: one large-object allocation instead of one every few megabytes, each of
/// which counts towards the budget that triggers full collections. Its pages are never zeroed, so the part
/// left unused costs address space, not memory.
/// </remarks>
internal sealed class ByteArena
{
    /// <summary>The size of the chunks allocated when the capacity is unknown or exhausted.</summary>
    internal const int ChunkSize = 4 << 20;

    private long capacity;
    private byte[] chunk = [];
    private int used;

    /// <summary>An arena that allocates fixed-size chunks.</summary>
    public ByteArena()
    {
    }

    /// <summary>An arena whose first chunk holds <paramref name="capacity"/> bytes (up to the largest array).</summary>
    /// <param name="capacity">The expected total, e.g. the length of the source text; 0 when unknown.</param>
    public ByteArena(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        this.capacity = capacity;
    }

    /// <summary>The number of chunks allocated so far.</summary>
    internal int ChunkCount { get; private set; }

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        if (chunk.Length - used < bytes.Length)
        {
            // The first chunk takes the whole expected capacity; later ones (an underestimate) are fixed-size.
            long size = Math.Max(Math.Min(capacity, Array.MaxLength), Math.Max(ChunkSize, bytes.Length));
            capacity = 0;
            // Every byte handed out is written first, so the chunk need not be zeroed.
            chunk = GC.AllocateUninitializedArray<byte>((int)size);
            used = 0;
            ChunkCount++;
        }

        bytes.CopyTo(chunk.AsSpan(used));
        var slice = new ReadOnlyMemory<byte>(chunk, used, bytes.Length);
        used += bytes.Length;
        return slice;
    }
}
