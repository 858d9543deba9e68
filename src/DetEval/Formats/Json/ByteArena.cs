namespace DetEval.Formats.Json;

/// <summary>
/// Copies many small byte strings (compressed RLE counts) into a few large chunks, so that hundreds of
/// thousands of masks are not hundreds of thousands of objects for the garbage collector to move.
/// </summary>
internal sealed class ByteArena
{
    private readonly int chunkSize;
    private byte[] chunk = [];
    private int used;

    /// <summary>An arena handing out chunks of <paramref name="chunkSize"/> bytes (larger for a larger string).</summary>
    /// <param name="chunkSize">4 MiB for a whole file's counts; a streamed read, which hands its chunk out again image
    /// after image, needs far less, and each chunk touched costs its pages' zeroing.</param>
    public ByteArena(int chunkSize = 4 << 20) => this.chunkSize = chunkSize;
    private int lastStart;

    // Segmentations taken back (a streamed read: one per result would be most of what it allocates).
    private readonly Stack<Segmentation> recycled = new();

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        if (chunk.Length - used < bytes.Length)
        {
            // Every byte handed out is written first, so the chunk need not be zeroed.
            chunk = GC.AllocateUninitializedArray<byte>(Math.Max(chunkSize, bytes.Length));
            used = 0;
        }

        bytes.CopyTo(chunk.AsSpan(used));
        lastStart = used;
        var slice = new ReadOnlyMemory<byte>(chunk, used, bytes.Length);
        used += bytes.Length;
        return slice;
    }

    /// <summary>A compressed-RLE segmentation of <paramref name="counts"/> (bytes this arena handed out): a recycled one when there is one.</summary>
    public Segmentation Compressed(ReadOnlyMemory<byte> counts, int height, int width)
    {
        if (recycled.TryPop(out var segmentation))
        {
            segmentation.Reset(counts, height, width);
            return segmentation;
        }

        return Segmentation.FromCompressedUtf8(counts, height, width);
    }

    /// <summary>Takes back a segmentation <see cref="Compressed"/> made, for the next result: nothing may use it any more.</summary>
    public void Recycle(Segmentation segmentation) => recycled.Push(segmentation);

    /// <summary>
    /// The current chunk's free bytes, at least <paramref name="least"/> (a new chunk when fewer are left): bytes
    /// written there are kept by <see cref="Commit"/>, as <see cref="Copy"/> keeps them.
    /// </summary>
    public Span<byte> FreeSpace(int least)
    {
        if (chunk.Length - used < least)
        {
            chunk = GC.AllocateUninitializedArray<byte>(Math.Max(chunkSize, least));
            used = 0;
        }

        return chunk.AsSpan(used);
    }

    /// <summary>Keeps the first <paramref name="length"/> bytes written into <see cref="FreeSpace"/>.</summary>
    public ReadOnlyMemory<byte> Commit(int length)
    {
        var slice = new ReadOnlyMemory<byte>(chunk, used, length);
        lastStart = used;
        used += length;
        return slice;
    }

    /// <summary>Hands out the current chunk again from its start: everything copied so far must be dead.</summary>
    public void Reset() => used = 0;

    /// <summary>
    /// When <paramref name="last"/> is the last copy handed out: moves it to the start of the current chunk, which is
    /// handed out again after it (everything copied before it must be dead), and returns where it now is; otherwise null.
    /// </summary>
    public ReadOnlyMemory<byte>? ResetKeeping(ReadOnlyMemory<byte> last)
    {
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(last, out var segment)
            || !ReferenceEquals(segment.Array, chunk) || segment.Offset != lastStart || lastStart + segment.Count != used)
        {
            return null;
        }

        chunk.AsSpan(lastStart, segment.Count).CopyTo(chunk);
        used = segment.Count;
        lastStart = 0;
        return new ReadOnlyMemory<byte>(chunk, 0, used);
    }

    /// <summary>Leaves the current chunk to what was copied into it: the next copy starts a new chunk.</summary>
    public void Abandon()
    {
        chunk = [];
        used = 0;
    }
}
