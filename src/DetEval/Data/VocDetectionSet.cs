using DetEval.Data;

namespace DetEval;

/// <summary>VOC detections: a <see cref="DetectionSet"/> in file order with the raw corners of each detection.</summary>
public sealed class VocDetectionSet
{
    /// <summary>Wraps a detection set; <paramref name="corners"/> default to the corners of each COCO box.</summary>
    /// <param name="detections">The detections in file order (class by class for per-class results files).</param>
    /// <param name="corners">Per detection: its raw corners.</param>
    public VocDetectionSet(DetectionSet detections, IReadOnlyList<BoxCorners>? corners = null)
    {
        ArgumentNullException.ThrowIfNull(detections);
        Detections = detections;
        if (corners is null)
        {
            var all = new BoxCorners[detections.Count];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = BoxCorners.FromBox(detections[i].Box);
            }

            corners = all;
        }

        Corners = corners;
        if (Corners.Count != detections.Count)
        {
            throw new ArgumentException($"{Corners.Count} corners for {detections.Count} detections", nameof(corners));
        }
    }

    /// <summary>The detections in file order.</summary>
    public DetectionSet Detections { get; }

    /// <summary>The raw corners of each detection, aligned with <see cref="Detections"/>.</summary>
    public IReadOnlyList<BoxCorners> Corners { get; }
}
