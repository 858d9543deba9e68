using System.Buffers;

namespace DetEval.Formats;

/// <summary>
/// A whole file read into a buffer rented from <see cref="ArrayPool{T}.Shared"/>: readers of many files reuse a few
/// buffers instead of touching fresh memory for each file (on a cold process every new page is a page fault).
/// </summary>
internal static class PooledFile
{
    /// <summary>
    /// Reads <paramref name="path"/>; the bytes are <c>buffer[..length]</c>. Give the buffer back with
    /// <see cref="Return"/>. Throws what <see cref="File.ReadAllBytes"/> throws.
    /// </summary>
    public static (byte[] Buffer, int Length) Read(string path)
    {
        using var handle = File.OpenHandle(path);
        long size = RandomAccess.GetLength(handle);
        if (size > Array.MaxLength - 1)
        {
            throw new IOException($"{path} is too large to read ({size} bytes)");
        }

        // As File.ReadAllBytes: the size's bytes (one read, no second call to see the end), or up to the end of a
        // file that reports no size.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max((int)size, 4096));
        int length = 0;
        try
        {
            int read;
            while ((size == 0 || length < size) && (read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
                if (length == buffer.Length && size == 0)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(checked(buffer.Length * 2));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return (buffer, length);
    }

    /// <summary>Gives a buffer of <see cref="Read"/> back to the pool.</summary>
    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);
}
