using System.Globalization;

namespace DetEval;

/// <summary>The settings of SAM 2's video evaluator (<c>sav_dataset/sav_evaluator.py</c>); immutable.</summary>
public sealed class SamVideoOptions
{
    /// <summary>The reference's boundary tolerance, 0.008 of the image diagonal.</summary>
    public const double DefaultBoundaryTolerance = 0.008;

    /// <summary>Creates options.</summary>
    /// <param name="skipFirstAndLast">Drop each track's first and last annotated frame (the reference's default, as the SA-V val/test and DAVIS semi-supervised protocols do).</param>
    /// <param name="boundaryTolerance">The F-measure's tolerance as a fraction of the image diagonal: the disk radius is <c>ceil(tolerance · sqrt(H² + W²))</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is not finite and in (0, 1).</exception>
    public SamVideoOptions(bool skipFirstAndLast = true, double boundaryTolerance = DefaultBoundaryTolerance)
    {
        if (!double.IsFinite(boundaryTolerance) || boundaryTolerance <= 0 || boundaryTolerance >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(boundaryTolerance), boundaryTolerance, "The boundary tolerance is a fraction of the image diagonal in (0, 1).");
        }

        SkipFirstAndLast = skipFirstAndLast;
        BoundaryTolerance = boundaryTolerance;
    }

    /// <summary>The reference's defaults: first and last frames skipped, tolerance 0.008.</summary>
    public static SamVideoOptions Default { get; } = new();

    /// <summary>Whether each track's first and last annotated frames are dropped.</summary>
    public bool SkipFirstAndLast { get; }

    /// <summary>The F-measure's tolerance, a fraction of the image diagonal.</summary>
    public double BoundaryTolerance { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"skip first and last: {(SkipFirstAndLast ? "yes" : "no")}, boundary tolerance {BoundaryTolerance:R}");
}
