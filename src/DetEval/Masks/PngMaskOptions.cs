namespace DetEval;

/// <summary>Limits applied when reading PNG masks.</summary>
public sealed class PngMaskOptions
{
    /// <summary>The default pixel limit, 100 million pixels.</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>Images with more pixels (width * height, read from the header before decoding) are refused.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>The default options.</summary>
    public static PngMaskOptions Default { get; } = new();
}
