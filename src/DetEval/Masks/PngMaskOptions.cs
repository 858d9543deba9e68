namespace DetEval;

/// <summary>Limits applied when reading PNG masks.</summary>
public sealed class PngMaskOptions
{
    /// <summary>The default pixel limit, 100 million pixels.</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>Images with more pixels (width * height, read from the header before decoding) are refused.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>
    /// Upper bound for one decoder allocation in megabytes, passed to ImageSharp's
    /// <c>MemoryAllocatorOptions.AllocationLimitMegabytes</c>; <see langword="null"/> derives it from
    /// <see cref="MaxPixels"/> at 8 bytes per pixel (the widest pixel format read) plus 64 MB.
    /// </summary>
    public int? AllocationLimitMegabytes { get; init; }

    /// <summary>The default options.</summary>
    public static PngMaskOptions Default { get; } = new();
}
