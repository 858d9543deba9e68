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
/// Streams a JSON file without building a DOM: the top-level value is walked with
/// <see cref="Utf8JsonReader"/> over a refilled buffer, and each element of a chosen array is parsed
/// in place, in one pass; when the buffer ends inside an element the buffer is refilled (grown if one
/// element needs it) and the element parsed again. Memory is bounded by the largest single element.
/// </summary>
internal sealed class JsonFileStreamer : IDisposable
{
    private const int InitialBuffer = 1 << 20;
    private const int RefillMargin = 1 << 16;
    private readonly Stream stream;
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
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetEvalInputException(path, "", e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : e.Message);
        }

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
    }

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
    public bool StartsWithArray()
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, state);
            try
            {
                if (reader.Read())
                {
                    return reader.TokenType == JsonTokenType.StartArray;
                }
            }
            catch (JsonException e)
            {
                throw SyntaxError(e, reader.TokenStartIndex);
            }

            if (eof)
            {
                throw new DetEvalInputException(Path, "", "the file holds no JSON value");
            }

            Refill();
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
    public int StreamValue(JsonElementParser? onElement, string path)
    {
        // Peek at the value's first token.
        var reader = ReadToken(path, "unexpected end of file; expected a value", out var before);
        if (reader.TokenType == JsonTokenType.StartArray && onElement is not null)
        {
            Advance(ref reader);
            return StreamElements(onElement, path);
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

    private int StreamElements(JsonElementParser onElement, string path)
    {
        int index = 0;
        while (true)
        {
            var reader = ReadToken(path, "unexpected end of file inside an array", out var before);
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                Advance(ref reader);
                return index;
            }

            Parse(before, onElement, path, index);
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

    /// <summary>Skips one complete value starting at the current position, refilling as needed.</summary>
    private void Skip(JsonReaderState before, string path)
    {
        while (true)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), eof, before);
            bool complete;
            try
            {
                complete = reader.Read();
                if (complete && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    complete = reader.TrySkip();
                }
            }
            catch (JsonException e)
            {
                throw SyntaxError(e, reader.TokenStartIndex);
            }

            if (!complete)
            {
                if (eof)
                {
                    throw new DetEvalInputException(Path, path, "unexpected end of file inside a value");
                }

                Refill();
                continue;
            }

            Advance(ref reader);
            return;
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
            Array.Resize(ref buffer, checked(buffer.Length * 2));
        }
        else
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, remaining);
        }

        start = 0;
        end = remaining;
        Fill();
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
