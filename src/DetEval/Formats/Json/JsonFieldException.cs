namespace DetEval.Formats.Json;

/// <summary>A bad value inside a streamed element; the streamer adds the file, the element's path and its line.</summary>
/// <param name="field">The path of the value below the element, such as <c>.bbox[2]</c>.</param>
/// <param name="message">What is wrong.</param>
internal sealed class JsonFieldException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
