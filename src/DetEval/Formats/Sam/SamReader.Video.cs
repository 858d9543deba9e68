namespace DetEval;

/// <summary>SAM 2 video ground truth and predictions: SA-V and DAVIS PNG folders.</summary>
public static partial class SamReader
{
    /// <summary>
    /// Lists the videos of a ground-truth root and a prediction root as SAM 2's <c>sav_evaluator.py</c> does; each
    /// video's frames are read later, one at a time, as it is evaluated.
    /// </summary>
    /// <remarks>
    /// The videos are the sub-folders present in both roots (files at the roots are ignored), in code-point order; a
    /// ground-truth video without a prediction folder is skipped and a prediction folder without ground truth ignored
    /// (the reference's default, not strict): see <see cref="SamVideoFolders.GroundTruthOnly"/> and
    /// <see cref="SamVideoFolders.PredictionOnly"/>.
    /// </remarks>
    /// <param name="groundTruth">The ground-truth root (e.g. <c>sav_val/Annotations_6fps</c>).</param>
    /// <param name="predictions">The prediction root, laid out as the ground truth.</param>
    /// <param name="png">PNG limits; null for <see cref="PngMaskOptions.Default"/>.</param>
    /// <returns>The listing.</returns>
    /// <exception cref="DetEvalInputException">A root is missing or not a folder, or no video is in both.</exception>
    public static SamVideoFolders OpenVideoFolders(string groundTruth, string predictions, PngMaskOptions? png = null)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        ArgumentNullException.ThrowIfNull(predictions);
        return SamVideoFolders.Open(groundTruth, predictions, png ?? PngMaskOptions.Default);
    }
}
