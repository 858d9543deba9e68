using System.Text.Json;

namespace DetEval.Formats.Coco;

/// <summary>
/// Reads the fields of a COCO-family ground truth that COCO itself does not know (LVIS's image lists and category
/// frequencies), while <see cref="CocoReader"/> streams the file. The reader is on a property name; a reader that
/// takes the field reads its value and returns true, otherwise the field is skipped.
/// </summary>
internal abstract class GroundTruthExtension
{
    /// <summary>An unknown field of image <paramref name="index"/> (the reader is on its name).</summary>
    public abstract bool ReadImageField(ref Utf8JsonReader reader, int index);

    /// <summary>An unknown field of category <paramref name="index"/> (the reader is on its name).</summary>
    public abstract bool ReadCategoryField(ref Utf8JsonReader reader, int index);

    /// <summary>Image <paramref name="index"/> was read to its end: check that its required fields were there.</summary>
    public virtual void EndImage(int index)
    {
    }

    /// <summary>Category <paramref name="index"/> was read to its end.</summary>
    public virtual void EndCategory(int index)
    {
    }
}
