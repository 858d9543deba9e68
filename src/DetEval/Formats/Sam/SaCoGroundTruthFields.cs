using System.Text.Json;
using DetEval.Formats.Coco;
using DetEval.Formats.Json;

namespace DetEval.Formats.Sam;

/// <summary>
/// SA-Co's fields on top of COCO's, read while <see cref="CocoReader"/> streams a ground-truth file: each pair's
/// <c>text_input</c> (the noun phrase) and <c>is_instance_exhaustive</c> (required: the reference reads it for every
/// pair of every file, and a missing one stops it).
/// </summary>
internal sealed class SaCoGroundTruthFields : GroundTruthExtension
{
    private readonly List<string?> phrases = [];
    private readonly List<bool?> exhaustive = [];

    /// <summary>The pair read at <paramref name="index"/> of <c>images</c> in <paramref name="path"/>, as <paramref name="image"/>.</summary>
    /// <exception cref="DetEvalInputException">The pair has no <c>is_instance_exhaustive</c>.</exception>
    public SaCoPair PairAt(int index, ImageInfo image, string path)
    {
        Grow(index);
        return new(image, phrases[index] ?? "", exhaustive[index]
            ?? throw new DetEvalInputException(path, $"$.images[{index}]", $"pair {image.Id} has no \"is_instance_exhaustive\" (0 or 1), which decides whether it is evaluated"));
    }

    public override bool ReadImageField(ref Utf8JsonReader reader, int index)
    {
        Grow(index);
        if (reader.ValueTextEquals("text_input"u8))
        {
            Once(phrases[index], ".text_input");
            JsonValues.Read(ref reader);
            phrases[index] = JsonValues.ReadString(ref reader, ".text_input");
            return true;
        }

        if (reader.ValueTextEquals("is_instance_exhaustive"u8))
        {
            Once(exhaustive[index], ".is_instance_exhaustive");
            JsonValues.Read(ref reader);
            exhaustive[index] = JsonValues.ReadFlag(ref reader, ".is_instance_exhaustive");
            return true;
        }

        return false;
    }

    public override bool ReadCategoryField(ref Utf8JsonReader reader, int index) => false;

    // A key given twice in one pair is refused, as COCO's own keys are: Python's json keeps the last, any choice is a guess.
    private static void Once(object? value, string field)
    {
        if (value is not null)
        {
            throw new JsonFieldException(field, "the key is given twice in this object; expected it once");
        }
    }

    private void Grow(int index)
    {
        while (phrases.Count <= index)
        {
            phrases.Add(null);
            exhaustive.Add(null);
        }
    }
}
