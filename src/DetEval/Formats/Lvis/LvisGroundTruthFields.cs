using System.Text.Json;
using DetEval.Formats.Coco;
using DetEval.Formats.Json;

namespace DetEval.Formats.Lvis;

/// <summary>
/// LVIS's fields on top of COCO's, read while <see cref="CocoReader"/> streams the file: each image's
/// <c>neg_category_ids</c> and <c>not_exhaustive_category_ids</c> (both required, as lvis-api reads them for every
/// image) and each category's <c>frequency</c> (required, r, c or f).
/// </summary>
internal sealed class LvisGroundTruthFields : GroundTruthExtension
{
    private readonly List<long[]?> negative = [];
    private readonly List<long[]?> notExhaustive = [];
    private readonly List<LvisFrequency?> frequency = [];

    public LvisImageLabels LabelsAt(int imageIndex) => new(negative[imageIndex]!, notExhaustive[imageIndex]!);

    public LvisFrequency FrequencyAt(int categoryIndex) => frequency[categoryIndex]!.Value;

    public override bool ReadImageField(ref Utf8JsonReader reader, int index)
    {
        Grow(negative, index);
        Grow(notExhaustive, index);
        if (reader.ValueTextEquals("neg_category_ids"u8))
        {
            Once(negative[index], ".neg_category_ids");
            JsonValues.Read(ref reader);
            negative[index] = ReadIds(ref reader, ".neg_category_ids");
            return true;
        }

        if (reader.ValueTextEquals("not_exhaustive_category_ids"u8))
        {
            Once(notExhaustive[index], ".not_exhaustive_category_ids");
            JsonValues.Read(ref reader);
            notExhaustive[index] = ReadIds(ref reader, ".not_exhaustive_category_ids");
            return true;
        }

        return false;
    }

    public override bool ReadCategoryField(ref Utf8JsonReader reader, int index)
    {
        Grow(frequency, index);
        if (!reader.ValueTextEquals("frequency"u8))
        {
            return false;
        }

        Once(frequency[index], ".frequency");
        JsonValues.Read(ref reader);
        frequency[index] = JsonValues.ReadString(ref reader, ".frequency") switch
        {
            "r" => LvisFrequency.Rare,
            "c" => LvisFrequency.Common,
            "f" => LvisFrequency.Frequent,
            var other => throw new JsonFieldException(".frequency", $"expected \"r\", \"c\" or \"f\", got {(other is null ? "null" : $"\"{other}\"")}"),
        };
        return true;
    }

    public override void EndImage(int index)
    {
        Grow(negative, index);
        Grow(notExhaustive, index);
        if (negative[index] is null || notExhaustive[index] is null)
        {
            string missing = negative[index] is null ? "neg_category_ids" : "not_exhaustive_category_ids";
            throw new JsonFieldException("", $"image has no \"{missing}\"; an LVIS image needs neg_category_ids and not_exhaustive_category_ids (possibly empty)");
        }
    }

    public override void EndCategory(int index)
    {
        Grow(frequency, index);
        if (frequency[index] is null)
        {
            throw new JsonFieldException("", "category has no \"frequency\"; an LVIS category needs one of \"r\", \"c\", \"f\"");
        }
    }

    // A key given twice in one object is refused, as COCO's own keys are: which one was meant is a guess.
    private static void Once(object? value, string field)
    {
        if (value is not null)
        {
            throw new JsonFieldException(field, "the key is given twice in this object; expected it once");
        }
    }

    private static void Grow<T>(List<T?> list, int index)
    {
        while (list.Count <= index)
        {
            list.Add(default);
        }
    }

    private static long[] ReadIds(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonFieldException(field, $"expected an array of category ids, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        var ids = new List<long>();
        while (JsonValues.Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            ids.Add(JsonValues.ReadId(ref reader, $"{field}[{ids.Count}]"));
        }

        return [.. ids];
    }
}
