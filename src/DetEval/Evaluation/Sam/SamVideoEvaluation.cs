namespace DetEval;

/// <summary>One-shot SAM 2 video evaluation: <c>new</c> <see cref="SamVideoEvaluator"/> + Update per video + Compute.</summary>
public static class SamVideoEvaluation
{
    /// <summary>Evaluates every video of a ground-truth root against a prediction root (SA-V or DAVIS layout, per video).</summary>
    /// <param name="groundTruth">The ground-truth root.</param>
    /// <param name="predictions">The prediction root.</param>
    /// <param name="options">The settings; null for the reference's defaults.</param>
    /// <returns>The scores.</returns>
    /// <exception cref="DetEvalInputException">What the reference refuses (see <see cref="SamVideoFolders"/> and <see cref="SamVideoEvaluator.Update(SamVideo)"/>).</exception>
    public static SamVideoResult Evaluate(string groundTruth, string predictions, SamVideoOptions? options = null)
    {
        var folders = SamReader.OpenVideoFolders(groundTruth, predictions);
        var evaluator = new SamVideoEvaluator(options);
        evaluator.Update(folders);
        return evaluator.Compute();
    }

    /// <summary>Evaluates videos given in memory.</summary>
    /// <param name="videos">The videos.</param>
    /// <param name="options">The settings; null for the reference's defaults.</param>
    /// <returns>The scores.</returns>
    public static SamVideoResult Evaluate(IEnumerable<SamVideo> videos, SamVideoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(videos);
        var evaluator = new SamVideoEvaluator(options);
        foreach (var video in videos)
        {
            evaluator.Update(video);
        }

        return evaluator.Compute();
    }
}
