using System.Globalization;

namespace DetEval.Formats;

/// <summary>
/// A file opened by <see cref="InputFile.Open"/>: reads count the bytes and stop the run, with a
/// <see cref="DetEvalInputException"/> naming the file, once the kind's limit is passed; a text kind refuses a NUL byte
/// where it is read; an I/O error while reading is an input error too.
/// </summary>
internal sealed class InputStream : Stream
{
    private readonly FileStream inner;
    private long lines;

    internal InputStream(FileStream inner, string path, InputKind kind, FileKind fileKind, long? knownLength)
    {
        this.inner = inner;
        Path = path;
        Kind = kind;
        FileKind = fileKind;
        KnownLength = knownLength;
    }

    /// <summary>The path the file was opened by.</summary>
    public string Path { get; }

    /// <summary>What the file is read as.</summary>
    public InputKind Kind { get; }

    /// <summary>What the path is: a regular file, a pipe, a device.</summary>
    public FileKind FileKind { get; }

    /// <summary>The size a regular file reported when opened; null for a stream (a pipe, a device).</summary>
    public long? KnownLength { get; }

    /// <summary>The bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => KnownLength is not null;

    public override bool CanWrite => false;

    public override long Length => KnownLength ?? throw new NotSupportedException($"{Path} is a stream and reports no length");

    public override long Position
    {
        get => BytesRead;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = inner.Read(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputFile.CannotRead(Path, e);
        }

        var got = buffer[..n];
        if (Kind.Text)
        {
            int nul = got.IndexOf((byte)0);
            if (nul >= 0)
            {
                long line = lines + got[..nul].Count((byte)'\n') + 1;
                throw new DetEvalInputException(Path, string.Create(CultureInfo.InvariantCulture, $"line {line}, byte {BytesRead + nul}"),
                    $"a NUL byte: this is not text (expected {Kind.Name}){(FileKind == FileKind.Regular ? "" : $"; it is {FileKinds.Describe(FileKind)}")}");
            }

            lines += got.Count((byte)'\n');
        }

        BytesRead += n;
        if (BytesRead > Kind.MaxBytes)
        {
            throw TooLarge();
        }

        return n;
    }

    /// <summary>Reads bytes at <paramref name="offset"/> of a regular file without moving the position (nor counting them).</summary>
    public int ReadAt(Span<byte> buffer, long offset)
    {
        if (!CanSeek)
        {
            throw new NotSupportedException($"{Path} is a stream and cannot be read at an offset");
        }

        try
        {
            return RandomAccess.Read(inner.SafeFileHandle, buffer, offset);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw InputFile.CannotRead(Path, e);
        }
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        if (!CanSeek)
        {
            throw new NotSupportedException($"{Path} is a stream and cannot seek");
        }

        long position = inner.Seek(offset, origin);
        // Offsets in messages count from the start; newlines before a seek target are not counted (binary readers seek).
        BytesRead = position;
        return position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The error for a file that gave more than its kind's limit while being read.</summary>
    internal DetEvalInputException TooLarge() => new(Path, "", string.Create(CultureInfo.InvariantCulture,
        $"{(FileKind == FileKind.Regular ? "grew while read to" : $"is {FileKinds.Describe(FileKind)} that gave")} more than {Kind.MaxBytes:N0} bytes; {Kind.Name} may have at most {Kind.MaxBytes:N0} bytes"));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
