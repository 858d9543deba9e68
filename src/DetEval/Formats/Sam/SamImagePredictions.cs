using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>The automatic mask generator's output for one image: a PNG folder or one RLE JSON file.</summary>
/// <param name="Stem">The image's file-name stem (the folder name or the JSON file name without extension).</param>
/// <param name="Masks">The masks in the generator's order (row order, which is id order, not score order).</param>
/// <param name="Source">The folder or file read.</param>
public sealed record SamImagePredictions(string Stem, IReadOnlyList<SamGeneratedMask> Masks, string Source);
