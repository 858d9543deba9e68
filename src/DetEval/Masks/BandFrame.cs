namespace DetEval.Masks;

/// <summary>
/// Where a boundary band is kept in a <see cref="BandSet"/>: its frame (the columns and 64-row blocks of its mask's box)
/// and the offset of its words, block-major: the word of (block, column) is at
/// <c>Offset + (block - Block0) * Columns + (column - X0)</c>, bit k of it is row <c>64 * block + k</c>.
/// </summary>
/// <param name="X0">The first column of the frame.</param>
/// <param name="Columns">The number of columns (0 for an empty band).</param>
/// <param name="Block0">The first 64-row block.</param>
/// <param name="Blocks">The number of blocks.</param>
/// <param name="Offset">The first word in the set's arena.</param>
/// <param name="Area">The number of pixels in the band.</param>
internal readonly record struct BandFrame(int X0, int Columns, int Block0, int Blocks, int Offset, long Area)
{
    /// <summary>The number of words the band takes.</summary>
    public int Words => Columns * Blocks;
}
