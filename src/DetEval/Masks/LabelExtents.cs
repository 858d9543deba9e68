namespace DetEval.Masks;

/// <summary>The pixel count and bounding box of one label value in a label map (empty when the count is 0).</summary>
internal readonly record struct LabelExtent(long Count, int MinY, int MaxY, int MinX, int MaxX)
{
    public static LabelExtent Empty { get; } = new(0, int.MaxValue, int.MinValue, int.MaxValue, int.MinValue);

    public bool IsEmpty => Count == 0;

    public LabelExtent Union(LabelExtent other) => new(
        Count + other.Count,
        Math.Min(MinY, other.MinY),
        Math.Max(MaxY, other.MaxY),
        Math.Min(MinX, other.MinX),
        Math.Max(MaxX, other.MaxX));
}

/// <summary>
/// One pass over a label map (row-major values) that gives each value's pixel count and bounding box. It walks the
/// map as runs of equal values (<see cref="MemoryExtensions.IndexOfAnyExcept{T}(ReadOnlySpan{T}, T)"/>, vectorized by
/// the runtime), so its cost is the runs, not the pixels, and the long runs of background cost almost nothing.
/// </summary>
/// <remarks>Reusable: <see cref="Measure"/> forgets the previous map.</remarks>
internal sealed class LabelExtents
{
    private readonly LabelExtent[] extents = new LabelExtent[ushort.MaxValue + 1];
    private readonly List<ushort> present = [];

    /// <summary>The values present, in increasing order (0 included when present).</summary>
    public IReadOnlyList<ushort> Values => present;

    /// <summary>The pixels in the map.</summary>
    public long Pixels { get; private set; }

    public LabelExtent this[ushort value] => extents[value].Count == 0 ? LabelExtent.Empty : extents[value];

    /// <summary>The union of every non-zero value's extent (the foreground of a binary mask).</summary>
    public LabelExtent NonZero()
    {
        var all = LabelExtent.Empty;
        foreach (ushort v in present)
        {
            if (v != 0)
            {
                all = all.Union(extents[v]);
            }
        }

        return all;
    }

    public void Measure(ReadOnlySpan<ushort> labels, int height, int width)
    {
        foreach (ushort v in present)
        {
            extents[v] = default;
        }

        present.Clear();
        Pixels = (long)height * width;
        for (int y = 0; y < height; y++)
        {
            ReadOnlySpan<ushort> row = labels.Slice(y * width, width);
            int x = 0;
            while (x < width)
            {
                ushort value = row[x];
                int length = row[x..].IndexOfAnyExcept(value);
                if (length < 0)
                {
                    length = width - x;
                }

                Add(value, y, x, x + length - 1, length);
                x += length;
            }
        }

        present.Sort();
    }

    private void Add(ushort value, int y, int x0, int x1, int length)
    {
        ref LabelExtent e = ref extents[value];
        if (e.Count == 0)
        {
            present.Add(value);
            e = new LabelExtent(length, y, y, x0, x1);
            return;
        }

        e = new LabelExtent(e.Count + length, Math.Min(e.MinY, y), Math.Max(e.MaxY, y), Math.Min(e.MinX, x0), Math.Max(e.MaxX, x1));
    }
}
