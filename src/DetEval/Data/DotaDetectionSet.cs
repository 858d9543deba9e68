namespace DetEval;

/// <summary>
/// DOTA detections: a <see cref="DetectionSet"/> (boxes are the quads' hulls) in results-file order (class by class,
/// each file in line order) with each detection's quad and its position in the files, the order tied scores keep.
/// </summary>
public sealed class DotaDetectionSet
{
    /// <summary>Wraps detections and their quads.</summary>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="quads">Per detection: its quad.</param>
    /// <param name="positions">Per detection: its position in the results files (ascending; default: its index
    /// here). Files read for a part of their images keep the positions of the whole files.</param>
    /// <exception cref="ArgumentException">The counts differ, or a position is negative.</exception>
    public DotaDetectionSet(DetectionSet detections, IReadOnlyList<Quad> quads, IReadOnlyList<int>? positions = null)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(quads);
        if (quads.Count != detections.Count)
        {
            throw new ArgumentException($"{quads.Count} quads for {detections.Count} detections", nameof(quads));
        }

        if (positions is not null && (positions.Count != detections.Count || positions.Any(p => p < 0)))
        {
            throw new ArgumentException($"expected {detections.Count} non-negative positions, got {positions.Count}", nameof(positions));
        }

        Detections = detections;
        Quads = quads;
        Positions = positions ?? [.. Enumerable.Range(0, detections.Count)];
    }

    /// <summary>The detections in file order.</summary>
    public DetectionSet Detections { get; }

    /// <summary>Each detection's quad, aligned with <see cref="Detections"/>.</summary>
    public IReadOnlyList<Quad> Quads { get; }

    /// <summary>Each detection's position in the results files, aligned with <see cref="Detections"/>; tied scores keep this order.</summary>
    public IReadOnlyList<int> Positions { get; }
}
