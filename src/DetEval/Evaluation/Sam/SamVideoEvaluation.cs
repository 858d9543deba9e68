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
        UpdateAll(evaluator, folders, folders.Videos);
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

    /// <summary>
    /// Reads and updates <paramref name="videos"/> on every core. When several fail, the error of the first in the
    /// given order is thrown, whatever the timing.
    /// </summary>
    internal static void UpdateAll(SamVideoEvaluator evaluator, SamVideoFolders folders, IReadOnlyList<string> videos, Action<int>? done = null)
    {
        var errors = new Exception?[videos.Count];
        int finished = 0;
        Parallel.For(0, videos.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, loop) =>
        {
            try
            {
                evaluator.Update(folders.Read(videos[i]));
            }
            catch (Exception e) when (e is DetEvalInputException or InvalidOperationException)
            {
                errors[i] = e;
                loop.Break();
            }

            done?.Invoke(Interlocked.Increment(ref finished));
        });

        foreach (var error in errors)
        {
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
    }
}
