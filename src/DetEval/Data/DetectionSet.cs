using DetEval.Data;

namespace DetEval;

/// <summary>
/// Scored detections (results), kept in file order in one array of structs. It is a list, so LINQ groups it by image
/// (<c>detections.GroupBy(d =&gt; d.ImageId)</c>) for a per-image loop.
/// </summary>
public sealed class DetectionSet : IReadOnlyList<Detection>
{
    private readonly Detection[] items;

    /// <summary>Creates a set over <paramref name="detections"/> (not copied).</summary>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="count">How many of the array's entries are used.</param>
    /// <param name="source">Where they were read from.</param>
    public DetectionSet(Detection[] detections, int count, string? source = null)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, detections.Length);
        items = detections;
        Count = count;
        Source = source ?? "";
    }

    /// <summary>Creates a set from a list of detections.</summary>
    public DetectionSet(IEnumerable<Detection> detections, string? source = null)
    {
        items = [.. detections];
        Count = items.Length;
        Source = source ?? "";
    }

    /// <summary>The number of detections.</summary>
    public int Count { get; }

    /// <summary>The file they were read from (empty when built in code).</summary>
    public string Source { get; }

    /// <summary>The detection at <paramref name="index"/> (file order).</summary>
    public ref readonly Detection this[int index] => ref items.AsSpan(0, Count)[index];

    /// <summary>All detections in file order.</summary>
    public ReadOnlySpan<Detection> AsSpan() => items.AsSpan(0, Count);

    /// <inheritdoc/>
    Detection IReadOnlyList<Detection>.this[int index] => this[index];

    /// <summary>Enumerates the detections in file order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<Detection> GetEnumerator()
    {
        for (int i = 0; i < Count; i++)
        {
            yield return items[i];
        }
    }

    /// <inheritdoc/>
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>All detections in file order, as memory (not copied).</summary>
    internal ReadOnlyMemory<Detection> AsMemory() => items.AsMemory(0, Count);
}
