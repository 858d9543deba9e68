using System.Buffers;
using System.Globalization;
using System.Text;

namespace DetEval.Formats;

/// <summary>
/// The one way to open an input file: every reader of every format opens its files here. A file is opened as what
/// it is (a regular file, a pipe, <c>/dev/stdin</c>, a device) and read up to its <see cref="InputKind"/>'s limit,
/// checked against the size it reports before reading and enforced while reading; text kinds refuse a NUL byte as
/// soon as it is read. Every failure is one <see cref="DetEvalInputException"/> naming the file: missing, a folder,
/// a socket, unreadable, too large, or not text.
/// </summary>
internal static class InputFile
{
    /// <summary>
    /// Opens <paramref name="path"/> for reading as a <paramref name="kind"/>. The stream refuses to read past the
    /// kind's limit; it can seek only when the file is regular (<see cref="InputStream.Length"/> is then known).
    /// </summary>
    public static InputStream Open(string path, InputKind kind)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(kind);
        var fileKind = FileKinds.Of(path);
        switch (fileKind)
        {
            case FileKind.Missing:
                throw new DetEvalInputException(path, "", "file not found");
            case FileKind.Directory:
                throw new DetEvalInputException(path, "", "is a folder, expected a file");
            case FileKind.Socket:
                throw new DetEvalInputException(path, "", "is a socket, expected a file");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CannotRead(path, e);
        }

        long? length = null;
        if (fileKind == FileKind.Regular)
        {
            try
            {
                length = stream.Length;
            }
            catch (Exception e) when (e is IOException or NotSupportedException)
            {
                // /dev/stdin redirected from a file reports as one; a pipe there does not: read it as a stream.
            }
        }

        if (length > kind.MaxBytes)
        {
            stream.Dispose();
            throw new DetEvalInputException(path, "", string.Create(CultureInfo.InvariantCulture,
                $"is {length:N0} bytes; {kind.Name} may have at most {kind.MaxBytes:N0} bytes"));
        }

        return new InputStream(stream, path, kind, fileKind, length);
    }

    /// <summary>Reads all of <paramref name="path"/> (see <see cref="Open"/>).</summary>
    public static byte[] ReadAllBytes(string path, InputKind kind)
    {
        using var stream = Open(path, kind);
        if (stream.KnownLength is long known and < int.MaxValue)
        {
            // A regular file: read into an array of its size, then one more read to see the end.
            var bytes = new byte[known];
            int length = 0, read;
            while (length < bytes.Length && (read = stream.Read(bytes, length, bytes.Length - length)) > 0)
            {
                length += read;
            }

            Span<byte> probe = stackalloc byte[1];
            if (length == bytes.Length && stream.Read(probe) == 0)
            {
                return bytes;
            }

            // It shrank or grew since the stat: go on as for a stream, with what was read so far.
            var (grown, total) = ReadPooled(stream, bytes.AsSpan(0, length), length == bytes.Length ? probe : default);
            return Take(grown, total);
        }

        var (buffer, count) = ReadPooled(stream, default, default);
        return Take(buffer, count);

        static byte[] Take(byte[] buffer, int count)
        {
            try
            {
                return buffer.AsSpan(0, count).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads all of <paramref name="path"/> into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (readers of many
    /// small files reuse a few buffers); the bytes are <c>Buffer[..Length]</c>. Give the buffer back with
    /// <see cref="ReturnPooled"/>.
    /// </summary>
    public static (byte[] Buffer, int Length) ReadPooled(string path, InputKind kind)
    {
        using var stream = Open(path, kind);
        return ReadPooled(stream, default, default);
    }

    /// <summary>The rest of <paramref name="stream"/> after <paramref name="head"/> and <paramref name="more"/> (bytes
    /// already read from it), in a rented buffer.</summary>
    private static (byte[] Buffer, int Length) ReadPooled(InputStream stream, ReadOnlySpan<byte> head, ReadOnlySpan<byte> more)
    {
        // A regular file: its size's bytes in one read, then one more read to see the end. A stream: grown as it comes.
        long expected = Math.Max(stream.KnownLength ?? 0, head.Length + more.Length);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expected + 1, 4096, Array.MaxLength));
        head.CopyTo(buffer);
        more.CopyTo(buffer.AsSpan(head.Length));
        int length = head.Length + more.Length;
        try
        {
            int read;
            while ((read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    if (buffer.Length == Array.MaxLength)
                    {
                        throw stream.TooLarge();
                    }

                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
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

    /// <summary>Gives a buffer of <see cref="ReadPooled(string, InputKind)"/> back to the pool.</summary>
    public static void ReturnPooled(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    /// <summary>
    /// The lines of a UTF-8 text file (a byte order mark skipped; lines end at <c>\n</c>, <c>\r\n</c> or <c>\r</c>, as
    /// <see cref="File.ReadLines(string)"/> splits them). The file is opened now; a line longer than
    /// <see cref="InputKind.MaxLineBytes"/> or not valid UTF-8 is refused naming its line.
    /// </summary>
    public static IEnumerable<string> ReadLines(string path, InputKind kind)
    {
        var stream = Open(path, kind);
        return Lines(stream);
    }

    /// <summary>Checks that <paramref name="path"/> is a folder; <paramref name="what"/> names it in the error ("ground-truth folder").</summary>
    public static void RequireFolder(string path, string what)
    {
        switch (FileKinds.Of(path))
        {
            case FileKind.Directory:
                return;
            case FileKind.Missing:
                throw new DetEvalInputException(path, "", $"{what} not found");
            case var other:
                throw new DetEvalInputException(path, "", $"is {FileKinds.Describe(other)}, expected a folder ({what})");
        }
    }

    /// <summary>The error for a file that could not be opened or read, naming what went wrong without the path twice.</summary>
    internal static DetEvalInputException CannotRead(string path, Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => new DetEvalInputException(path, "", "file not found", e),
        UnauthorizedAccessException when FileKinds.Of(path) == FileKind.Directory => new DetEvalInputException(path, "", "is a folder, expected a file", e),
        UnauthorizedAccessException => new DetEvalInputException(path, "", "cannot be read: permission denied", e),
        _ => new DetEvalInputException(path, "", "cannot be read: " + WithoutPath(e.Message, path), e),
    };

    /// <summary>An I/O message without the path .NET appends (<c>No such device or address : 'FILE'</c>).</summary>
    private static string WithoutPath(string message, string path)
    {
        string text = message.ReplaceLineEndings(" ").Trim();
        foreach (string quoted in (string[])[$" : '{path}'", $" '{path}'", $" : '{Path.GetFullPath(path)}'", $" '{Path.GetFullPath(path)}'"])
        {
            text = text.Replace(quoted, "", StringComparison.Ordinal);
        }

        return text.TrimEnd('.', ' ');
    }

    private static IEnumerable<string> Lines(InputStream stream)
    {
        using (stream)
        {
            var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            byte[] buffer = new byte[1 << 16];
            int start = 0, end = 0;
            long lineNumber = 0;
            bool first = true, eof = false, skipLineFeed = false;
            while (true)
            {
                // Find the end of the next line in buffer[start..end], refilling (and growing up to the line limit).
                int scanned = 0;
                int cut;
                while (true)
                {
                    if (skipLineFeed && start < end)
                    {
                        if (buffer[start] == '\n')
                        {
                            start++;
                        }

                        skipLineFeed = false;
                    }

                    cut = buffer.AsSpan(start + scanned, end - start - scanned).IndexOfAny((byte)'\n', (byte)'\r');
                    if (cut >= 0)
                    {
                        cut += start + scanned;
                        break;
                    }

                    scanned = end - start;
                    if (eof)
                    {
                        break;
                    }

                    if (scanned > InputKind.MaxLineBytes)
                    {
                        throw new DetEvalInputException(stream.Path, Line(lineNumber + 1), string.Create(CultureInfo.InvariantCulture,
                            $"the line is longer than {InputKind.MaxLineBytes:N0} bytes; expected {stream.Kind.Name} of short lines"));
                    }

                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                        end -= start;
                        start = 0;
                    }

                    if (end == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    int n = stream.Read(buffer, end, buffer.Length - end);
                    if (n == 0)
                    {
                        eof = true;
                    }

                    end += n;
                    if (first && end - start >= 3 && buffer.AsSpan(start, 3).SequenceEqual("\uFEFF"u8))
                    {
                        start += 3;
                        first = false;
                    }
                    else if (first && (end - start >= 3 || eof))
                    {
                        first = false;
                    }
                }

                int lineEnd = cut >= 0 ? cut : end;
                if (cut < 0 && lineEnd == start)
                {
                    yield break; // the end of the file, after a line break or in an empty file
                }

                lineNumber++;
                if (lineEnd - start > InputKind.MaxLineBytes)
                {
                    throw new DetEvalInputException(stream.Path, Line(lineNumber), string.Create(CultureInfo.InvariantCulture,
                        $"the line is longer than {InputKind.MaxLineBytes:N0} bytes; expected {stream.Kind.Name} of short lines"));
                }

                string line;
                try
                {
                    line = decoder.GetString(buffer, start, lineEnd - start);
                }
                catch (DecoderFallbackException e)
                {
                    throw new DetEvalInputException(stream.Path, Line(lineNumber), "not valid UTF-8 text", e);
                }

                if (cut >= 0)
                {
                    start = cut + 1;
                    skipLineFeed = buffer[cut] == '\r';
                }
                else
                {
                    start = end;
                }

                yield return line;
            }
        }
    }

    private static string Line(long number) => string.Create(CultureInfo.InvariantCulture, $"line {number}");
}
