namespace DetEval;

/// <summary>One mask read by <see cref="MaskFile"/>, with where it came from.</summary>
/// <param name="Source">The file, and the list index or label value, for messages (<c>a.json[2]</c>, <c>m.png value=3</c>).</param>
/// <param name="File">The file the mask names (a to-rle list's <c>file</c>) or was read from; null when not named.</param>
/// <param name="Value">The label value of an instance mask, or the <c>value</c> a to-rle list gives; null otherwise.</param>
/// <param name="Rle">The mask.</param>
public sealed record MaskFileEntry(string Source, string? File, int? Value, Rle Rle);
