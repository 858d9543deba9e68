using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>How SAM inputs are read and checked: strict (the default) or skipping bad items.</summary>
public sealed class SamInputOptions
{
    /// <summary>
    /// Skip a bad item (a generator folder without <c>metadata.csv</c>, a row whose PNG is missing, a mask of the
    /// wrong size, a prompt whose <c>gt_id</c> does not exist, an unreadable per-image file) instead of throwing.
    /// </summary>
    public bool SkipBad { get; init; }

    /// <summary>Called once per skipped item with the error it would have raised (only when <see cref="SkipBad"/>).</summary>
    public Action<DetEvalInputException>? Skipped { get; init; }

    /// <summary>Limits for PNG masks; <see langword="null"/> for <see cref="PngMaskOptions.Default"/>.</summary>
    public PngMaskOptions? Png { get; init; }

    /// <summary>
    /// Read only the images of this shard (by stem, <see cref="DetEval.Shard.Contains(string)"/>): the other images'
    /// files are not opened, so their masks are never decoded; <see langword="null"/> (the default) reads every image.
    /// </summary>
    public Shard? Shard { get; init; }

    /// <summary>Strict reading: the first bad item throws.</summary>
    public static SamInputOptions Strict { get; } = new();

    /// <summary>Whether the image with this stem is read (it is in <see cref="Shard"/>, or there is no shard).</summary>
    internal bool Wants(string stem) => Shard is not { } shard || shard.Contains(stem);

    /// <summary>Throws <paramref name="error"/>, or reports it as skipped when <see cref="SkipBad"/> is set.</summary>
    internal void Fail(DetEvalInputException error)
    {
        if (!SkipBad)
        {
            throw error;
        }

        Skipped?.Invoke(error);
    }
}
