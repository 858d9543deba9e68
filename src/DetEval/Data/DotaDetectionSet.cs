namespace DetEval;

/// <summary>
/// DOTA detections: a <see cref="DetectionSet"/> (boxes are the quads' hulls) in results-file order (class by class,
/// each file in line order) with each detection's quad. A detection's position here is its place in the files, the
/// order tied scores keep.
/// </summary>
public sealed class DotaDetectionSet
{
    /// <summary>Wraps detections and their quads.</summary>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="quads">Per detection: its quad.</param>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public DotaDetectionSet(DetectionSet detections, IReadOnlyList<Quad> quads)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(quads);
        if (quads.Count != detections.Count)
        {
            throw new ArgumentException($"{quads.Count} quads for {detections.Count} detections", nameof(quads));
        }

        Detections = detections;
        Quads = quads;
    }

    /// <summary>The detections in file order.</summary>
    public DetectionSet Detections { get; }

    /// <summary>Each detection's quad, aligned with <see cref="Detections"/>.</summary>
    public IReadOnlyList<Quad> Quads { get; }
}
