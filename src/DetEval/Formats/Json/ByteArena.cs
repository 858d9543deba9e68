namespace DetEval.Formats.Json;

/// <summary>
/// Copies many small byte strings (compressed RLE counts) into a few large chunks, so that hundreds of
/// thousands of masks are not hundreds of thousands of objects for the garbage collector to move.
/// </summary>
internal sealed class ByteArena
{
    private const int ChunkSize = 4 << 20;
    private byte[] chunk = [];
    private int used;

    public ReadOnlyMemory<byte> Copy(ReadOnlySpan<byte> bytes)
    {
        if (chunk.Length - used < bytes.Length)
        {
            // Every byte handed out is written first, so the chunk need not be zeroed.
            chunk = GC.AllocateUninitializedArray<byte>(Math.Max(ChunkSize, bytes.Length));
            used = 0;
        }

        bytes.CopyTo(chunk.AsSpan(used));
        var slice = new ReadOnlyMemory<byte>(chunk, used, bytes.Length);
        used += bytes.Length;
        return slice;
    }
}
