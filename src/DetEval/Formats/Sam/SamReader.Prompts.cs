using System.Text.Json;
using DetEval.Formats.Json;
using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>Reading prompt-mode predictions.</summary>
public static partial class SamReader
{
    /// <summary>
    /// Reads prompt-mode predictions, DetEval's format (SAM has none):
    /// <c>[{"image_id", "gt_id", "masks": [RLE, …], "predicted_ious": [ … ]}]</c>, one record per prompt.
    /// </summary>
    /// <param name="file">The JSON file.</param>
    /// <exception cref="DetEvalInputException">The file is malformed, a record has no masks, or the two lists differ in length.</exception>
    public static SamPromptSet ReadPrompts(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        // Streamed one record at a time: memory follows the prompts kept, not the file (a truncated multi-gigabyte
        // file is refused before it is parsed, see JsonFileStreamer).
        using var json = new JsonFileStreamer(file);
        if (!json.StartsWithArray())
        {
            throw new DetEvalInputException(file, "$", $"expected an array, got {JsonFileStreamer.DescribeStart(json.PeekByte())}");
        }

        var prompts = new List<SamPrompt>();
        json.StreamValue((ref Utf8JsonReader reader, int index) => prompts.Add(ReadPrompt(ref reader, file, index)), "$");
        json.ExpectEnd();
        return new SamPromptSet(prompts, file);
    }

    /// <summary>Reads one record of a prompts file; <paramref name="reader"/> stands before its first token.</summary>
    private static SamPrompt ReadPrompt(ref Utf8JsonReader reader, string file, int index)
    {
        JsonValues.Read(ref reader);
        var probe = reader;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !probe.TrySkip())
        {
            throw JsonNeedMoreDataException.Instance; // the streamer refills and parses the record again
        }

        using var record = JsonDocument.ParseValue(ref reader);
        JsonElement item = record.RootElement;
        string at = $"$[{index}]";
        Formats.Json.JsonKeys.RequireUnique(item, file, at);
        long imageId = SamJson.Integer(SamJson.Property(item, "image_id", file, at), file, at + ".image_id");
        long gtId = SamJson.Integer(SamJson.Property(item, "gt_id", file, at), file, at + ".gt_id");
        JsonElement maskList = SamJson.Array(SamJson.Property(item, "masks", file, at), file, at + ".masks");
        JsonElement iouList = SamJson.Array(SamJson.Property(item, "predicted_ious", file, at), file, at + ".predicted_ious");
        if (maskList.GetArrayLength() == 0 || maskList.GetArrayLength() != iouList.GetArrayLength())
        {
            throw new DetEvalInputException(file, at, $"{maskList.GetArrayLength()} masks and {iouList.GetArrayLength()} predicted_ious; expected the same number, at least one");
        }

        var masks = new Rle[maskList.GetArrayLength()];
        var ious = new double[masks.Length];
        for (int k = 0; k < masks.Length; k++)
        {
            masks[k] = SamJson.Rle(maskList[k], file, $"{at}.masks[{k}]");
            ious[k] = SamJson.Double(iouList[k], file, $"{at}.predicted_ious[{k}]");
        }

        return new SamPrompt(imageId, gtId, masks, ious, at);
    }
}
