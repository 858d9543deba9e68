using DetEval.Formats.Coco;
using DetEval.Formats;

namespace DetEval;

/// <summary>How a COCO results file is read.</summary>
public sealed record CocoResultsOptions
{
    /// <summary>Where segmentation results take their area from; the reference's rule by default.</summary>
    public ResultAreaSource AreaSource { get; init; } = ResultAreaSource.Reference;

    /// <summary>The most detections accepted from one file; more is an input error (memory stays bounded).</summary>
    public int MaxDetections { get; init; } = 50_000_000;

    /// <summary>
    /// Whether a <c>bbox</c> with a negative width or height is kept as it is (SA-Co predictions: sam3's evaluator
    /// takes such a box, whose IoU with every box is then 0) instead of being refused.
    /// </summary>
    internal bool KeepNegativeBoxSizes { get; init; }

    /// <summary>
    /// Whether the parse leaves the masks unmeasured (a streamed read measures each image's masks when the image is
    /// complete, keeping their runs for matching).
    /// </summary>
    internal bool MeasureLater { get; init; }

    /// <summary>Whether the common shape of result is read by the fast path (tests turn it off to compare).</summary>
    internal bool FastPath { get; init; } = true;
}
