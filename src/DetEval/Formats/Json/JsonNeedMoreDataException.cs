namespace DetEval.Formats.Json;

/// <summary>Thrown by element parsers when the buffer ends inside the element; the streamer refills and parses it again.</summary>
internal sealed class JsonNeedMoreDataException : Exception
{
    private JsonNeedMoreDataException()
        : base("the buffer ends inside a JSON value")
    {
    }

    public static JsonNeedMoreDataException Instance { get; } = new();
}
