using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DetEval.Formats.Json;

/// <summary>
/// Parses one array element from <paramref name="reader"/>, which stands just before the element's first
/// token; the parser reads through the element's last token with <see cref="JsonValues.Read"/>, which
/// asks the streamer for more data when the buffer ends inside the element.
/// </summary>
/// <param name="reader">The document's reader.</param>
/// <param name="index">The element's index in its array.</param>
internal delegate void JsonElementParser(ref Utf8JsonReader reader, int index);

/// <summary>
/// A fast path for the common shape of an array's elements: given the bytes right after the previous element (which
/// ended with <c>}</c>), parses <c>, { ... }</c> and returns true with <paramref name="consumed"/> ending just after the
/// closing brace, or returns false having kept nothing (the element then goes to the <see cref="JsonElementParser"/>).
/// It must accept only what the element parser accepts and give the same result.
/// </summary>
/// <param name="bytes">The buffered bytes from the end of the previous element.</param>
/// <param name="consumed">The bytes the element took, through its closing brace.</param>
internal delegate bool JsonFastElement(ReadOnlySpan<byte> bytes, out int consumed);

/// <summary>
/// Streams a JSON file without building a DOM: the top-level value is walked with
/// <see cref="Utf8JsonReader"/> over a refilled buffer, and each element of a chosen array is parsed
/// in place, in one pass; when the buffer ends inside an element the buffer is refilled (grown if one
/// element needs it) and the element parsed again. Values that are not used are skipped token by token. Memory is
/// bounded by the largest single element or token, which may have at most <see cref="MaxValueBytes"/>.
/// </summary>
/// <remarks>
/// The file is opened through <see cref="InputFile"/> (pipes and <c>/dev/stdin</c> read as streams). A regular file
/// larger than the first buffer must end with the bracket that closes the value it opens, checked before anything is
/// parsed, so that a truncated multi-gigabyte file is refused at once. After the document's value only whitespace
/// may follow (<see cref="ExpectEnd"/>).
/// </remarks>
internal sealed class JsonFileStreamer : IDisposable
{
    /// <summary>The largest single array element or token read (or skipped): 256 MiB.</summary>
    public const int MaxValueBytes = 256 << 20;

    private const int InitialBuffer = 1 << 20;
    private const int RefillMargin = 1 << 16;
    private readonly InputStream stream;
    private byte[] buffer = new byte[InitialBuffer];
    private int start;
    private int end;
    private bool eof;
    private JsonReaderState state;
    private long linesBeforeBuffer;
    private long bytesBeforeBuffer;

    public JsonFileStreamer(string path)
        : this(path, 0, [])
    {
    }

    /// <summary>
    /// Streams the file from <paramref name="offset"/>, as if <paramref name="prefix"/> stood before it
    /// (used to parse the second half of a results array as an array of its own).
    /// </summary>
    public JsonFileStreamer(string path, long offset, ReadOnlySpan<byte> prefix)
    {
        Path = path;
        stream = InputFile.Open(path, InputKind.StreamedJson);
        try
        {
            if (offset > 0)
            {
                stream.Seek(offset, SeekOrigin.Begin);
            }

            prefix.CopyTo(buffer);
            end = prefix.Length;
            Fill();
            // Skip a UTF-8 byte order mark.
            if (end - start >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
            {
                start = 3;
            }

            if (offset == 0)
            {
                CheckTail();
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file is a regular file (it has a length, and can be split).</summary>
    public bool IsRegularFile => stream.KnownLength is not null;

    public string Path { get; }

    /// <summary>
    /// When non-negative, <see cref="StreamValue"/> stops streaming elements as soon as an element ends
    /// exactly at this file offset (and then sets <see cref="StoppedAt"/>); an element ending past it
    /// cancels the stop.
    /// </summary>
    public long StopAt { get; set; } = -1;

    /// <summary>Whether streaming stopped at <see cref="StopAt"/>.</summary>
    public bool StoppedAt { get; private set; }

    /// <summary>Whether the document's first token opens an array (it is not consumed).</summary>
    public bool StartsWithArray() => FirstByte() == (byte)'[';

    /// <summary>Whether the document's first token opens an object (it is not consumed).</summary>
    public bool StartsWithObject() => FirstByte() == (byte)'{';

    /// <summary>The document's first byte (see <see cref="PeekByte()"/>); an empty file is an error.</summary>
    private byte FirstByte()
    {
        byte first = PeekByte();
        if (first == 0)
        {
            // Nothing but whitespace (or bytes that are not JSON): the reader says which.
            Next(out _);
            throw new DetEvalInputException(Path, "", "the file holds no JSON value");
        }

        return first;
    }

    /// <summary>
    /// The first byte of the next value, without reading the value ('[' for an array, '{' for an object, '"' for a
    /// string...), or 0 at the end of the file. Only whitespace is skipped, so a wrong-typed value is known before any
    /// of it is buffered.
    /// </summary>
    public byte PeekByte() => PeekByte(out _);

    private byte PeekByte(out int offset)
    {
        while (true)
        {
            offset = buffer.AsSpan(start, end - start).IndexOfAnyExcept(" \t\r\n"u8);
            if (offset >= 0)
            {
                return buffer[start + offset];
            }

            offset = 0;

            if (eof)
            {
                return 0;
            }

            // Whitespace only: drop it (lines are counted by Refill) and read on.
            start = end;
            Refill();
        }
    }

    /// <summary>Describes the value starting with <paramref name="first"/> in words ("an object").</summary>
    public static string DescribeStart(byte first) => first switch
    {
        (byte)'{' => "an object",
        (byte)'[' => "an array",
        (byte)'"' => "a string",
        (byte)'t' or (byte)'f' => "a boolean",
        (byte)'n' => "null",
        (byte)'-' or (>= (byte)'0' and <= (byte)'9') => "a number",
        0 => "the end of the file",
        _ => "text that is not JSON",
    };

    /// <summary>
    /// Checks that nothing but whitespace follows the document's value (a second array, trailing text): the reference
    /// reads only one value, so anything after it is refused rather than ignored.
    /// </summary>
    public void ExpectEnd()
    {
        if (PeekByte(out int offset) != 0)
        {
            throw new DetEvalInputException(Path, Position(offset), "text after the JSON value; expected the end of the file");
        }
    }

    /// <summary>
    /// A regular file larger than the first buffer that opens an array or an object must end with its closing bracket:
    /// a truncated file (or one with text after its value) is refused before gigabytes of it are parsed.
    /// </summary>
    private void CheckTail()
    {
        if (eof || stream.KnownLength is not long length)
        {
            return; // all in the buffer (the parser names the line), or a stream
        }

        byte first = PeekByte();
        if (first is not ((byte)'[' or (byte)'{'))
        {
            return;
        }

        Span<byte> tail = stackalloc byte[256];
        long at = Math.Max(0, length - tail.Length);
        int n = stream.ReadAt(tail[..(int)(length - at)], at);
        var trimmed = tail[..n].TrimEnd(" \t\r\n"u8);
        byte closer = first == (byte)'[' ? (byte)']' : (byte)'}';
        if (trimmed.IsEmpty || trimmed[^1] != closer)
        {
            throw new DetEvalInputException(Path, string.Create(CultureInfo.InvariantCulture, $"byte {at + trimmed.Length}"),
                $"the file does not end with the '{(char)closer}' that closes its {(first == (byte)'[' ? "array" : "object")}: it is truncated, or other text follows the JSON value");
        }
    }

    public void Dispose() => stream.Dispose();

    /// <summary>Reads the next token of the outer document; returns its type, or None at the end.</summary>
    public JsonTokenType Next(out string? propertyName)
    {
        propertyName = null;
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
            bool ok;
            try
            {
                ok = reader.Read();
            }
            catch (JsonException e)
            {
                throw SyntaxError(e, reader.TokenStartIndex);
            }

            if (ok)
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    try
                    {
                        propertyName = reader.GetString();
                    }
                    catch (InvalidOperationException e)
                    {
                        // Robustness: a property name that is not valid UTF-8.
                        throw new DetEvalInputException(Path, $"line {LineAt(start + (int)reader.TokenStartIndex)}", "malformed JSON: " + e.Message, e);
                    }
                }

                Advance(ref reader);
                return reader.TokenType;
            }

            if (eof)
            {
                if (reader.BytesConsumed == 0 && start == 0 && end == 0)
                {
                    throw new DetEvalInputException(Path, "", "the file is empty; expected JSON");
                }

                return JsonTokenType.None;
            }

            Advance(ref reader);
            Refill();
        }
    }

    /// <summary>
    /// Called after <see cref="Next"/> returned a property name (or at the top level): parses each element
    /// of the following array with <paramref name="onElement"/>, or skips the value when it is null.
    /// Returns the number of elements, or -1 when the value was not an array.
    /// </summary>
    public int StreamValue(JsonElementParser? onElement, string path, JsonFastElement? fast = null)
    {
        // A value that is not the array wanted is known from its first byte: refused before any of it is buffered.
        if (onElement is not null && PeekByte(out int offset) is var first && first is (byte)'{' or (byte)'"' or (byte)'t' or (byte)'f' or (byte)'n' or (byte)'-' or (>= (byte)'0' and <= (byte)'9'))
        {
            throw new DetEvalInputException(Path, $"{path} ({Position(offset)})", $"expected an array, got {DescribeStart(first)}");
        }

        // Peek at the value's first token.
        var reader = ReadToken(path, "unexpected end of file; expected a value", out var before);
        if (reader.TokenType == JsonTokenType.StartArray && onElement is not null)
        {
            Advance(ref reader);
            return StreamElements(onElement, path, fast);
        }

        Skip(before, path);
        return -1;
    }

    /// <summary>Reads the next token (refilling as needed) without consuming it; <paramref name="before"/> is the state before it.</summary>
    private Utf8JsonReader ReadToken(string path, string endOfFileProblem, out JsonReaderState before)
    {
        while (true)
        {
            before = state;
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, before);
            bool ok;
            try
            {
                ok = reader.Read();
            }
            catch (JsonException e)
            {
                throw SyntaxError(e, reader.TokenStartIndex);
            }

            if (ok)
            {
                return reader;
            }

            if (eof)
            {
                throw new DetEvalInputException(Path, path, endOfFileProblem);
            }

            Refill();
        }
    }

    private int StreamElements(JsonElementParser onElement, string path, JsonFastElement? fast)
    {
        int index = 0;
        while (true)
        {
            // The fast path, after an element that ended with its closing brace in this buffer: the reader's state
            // after one such element is the state after the next, so a fast element leaves it as it is.
            if (fast is not null && start > 0 && buffer[start - 1] == (byte)'}' && (eof || end - start >= RefillMargin)
                && fast(buffer.AsSpan(start, end - start), out int consumed))
            {
                start += consumed;
            }
            else
            {
                var reader = ReadToken(path, "unexpected end of file inside an array", out var before);
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    Advance(ref reader);
                    return index;
                }

                Parse(before, onElement, path, index);
            }

            index++;
            if (StopAt >= 0)
            {
                long position = bytesBeforeBuffer + start;
                if (position == StopAt)
                {
                    StoppedAt = true;
                    return index;
                }

                if (position > StopAt)
                {
                    StopAt = -1;
                }
            }
        }
    }

    /// <summary>Parses one element in place, refilling and starting again when the buffer ends inside it.</summary>
    private void Parse(JsonReaderState before, JsonElementParser parser, string arrayPath, int index)
    {
        // Keep a margin of data ahead so that an element rarely straddles the end of the buffer
        // (parsing it again after a refill costs an exception).
        if (!eof && end - start < RefillMargin)
        {
            Refill();
        }

        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, before);
            try
            {
                parser(ref reader, index);
            }
            catch (JsonNeedMoreDataException)
            {
                if (eof)
                {
                    throw new DetEvalInputException(Path, $"{arrayPath}[{index}]", "unexpected end of file inside a value");
                }

                Refill();
                continue;
            }
            catch (JsonFieldException e)
            {
                throw new DetEvalInputException(Path, $"{arrayPath}[{index}]{e.Field} (line {LineAt(start + (int)reader.TokenStartIndex)})", e.Message, e);
            }
            catch (JsonException e)
            {
                throw SyntaxError(e, reader.TokenStartIndex);
            }
            catch (InvalidOperationException e)
            {
                throw new DetEvalInputException(Path, $"{arrayPath}[{index}] (line {LineAt(start + (int)reader.TokenStartIndex)})", "wrong value type: " + FirstSentence(e.Message), e);
            }
            catch (FormatException e)
            {
                throw new DetEvalInputException(Path, $"{arrayPath}[{index}] (line {LineAt(start + (int)reader.TokenStartIndex)})", FirstSentence(e.Message), e);
            }

            Advance(ref reader);
            return;
        }
    }

    /// <summary>
    /// Skips one complete value starting at the current position, token by token: only the token being read is
    /// buffered, so an unused value of any size costs constant memory.
    /// </summary>
    private void Skip(JsonReaderState before, string path)
    {
        var from = before;
        int depth = -1;
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, from);
            try
            {
                while (reader.Read())
                {
                    if (depth < 0 && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
                    {
                        Advance(ref reader);
                        return;
                    }

                    if (depth < 0)
                    {
                        depth = reader.CurrentDepth;
                    }
                    else if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == depth)
                    {
                        Advance(ref reader);
                        return;
                    }
                }
            }
            catch (JsonException e)
            {
                throw SyntaxError(e, reader.TokenStartIndex);
            }

            if (eof)
            {
                throw new DetEvalInputException(Path, path, "unexpected end of file inside a value");
            }

            // Drop the tokens read; the rest of the value comes with the next refill.
            Advance(ref reader);
            from = state;
            Refill();
        }
    }

    private void Advance(ref Utf8JsonReader reader)
    {
        state = reader.CurrentState;
        start += (int)reader.BytesConsumed;
    }

    private void Fill()
    {
        while (end < buffer.Length && !eof)
        {
            int n = stream.Read(buffer, end, buffer.Length - end);
            if (n == 0)
            {
                eof = true;
                break;
            }

            end += n;
        }
    }

    private void Refill()
    {
        // Count the lines we drop so that error messages can still name a line.
        linesBeforeBuffer += buffer.AsSpan(0, start).Count((byte)'\n');
        bytesBeforeBuffer += start;
        int remaining = end - start;
        if (start == 0 && remaining == buffer.Length)
        {
            if (buffer.Length >= MaxValueBytes)
            {
                throw new DetEvalInputException(Path, Position(0), string.Create(CultureInfo.InvariantCulture,
                    $"a single JSON value (an array element or a string) is longer than {MaxValueBytes:N0} bytes; DetEval reads JSON one value at a time and refuses larger ones"));
            }

            Array.Resize(ref buffer, buffer.Length * 2);
        }
        else
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, remaining);
        }

        start = 0;
        end = remaining;
        Fill();
    }

    /// <summary>"line L, byte B" of a token starting <paramref name="tokenStart"/> bytes after the current position.</summary>
    private string Position(long tokenStart)
    {
        int at = (int)Math.Clamp(start + tokenStart, 0, end);
        return string.Create(CultureInfo.InvariantCulture, $"line {LineAt(at)}, byte {bytesBeforeBuffer + at}");
    }

    private long LineAt(int bufferOffset) => linesBeforeBuffer + buffer.AsSpan(0, bufferOffset).Count((byte)'\n') + 1;

    private DetEvalInputException SyntaxError(JsonException e, long tokenStart)
    {
        long line = LineAt(Math.Clamp(start + (int)tokenStart, 0, end));
        string what = e.Message;
        int cut = what.IndexOf(" LineNumber", StringComparison.Ordinal);
        if (cut > 0)
        {
            what = what[..cut];
        }

        string problem = what.Contains("does not contain any JSON tokens", StringComparison.Ordinal) ? "the file is empty; expected JSON"
            : eof && (what.Contains("end of the JSON payload", StringComparison.Ordinal) || what.Contains("reached end of data", StringComparison.Ordinal)) ? "unexpected end of file: the JSON is truncated"
            : "malformed JSON: " + what.Trim();
        return new DetEvalInputException(Path, $"line {line}, byte {bytesBeforeBuffer + start + tokenStart}", problem, e);
    }

    private static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).ReplaceLineEndings(" ").Trim();
    }

    /// <summary>Describes a token type in words for error messages.</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
