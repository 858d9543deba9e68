using DetEval.Evaluation;
using DetEval.Evaluation.Sam;

namespace DetEval;

/// <summary>
/// SAM 2 video object segmentation (J, F, J&amp;F on SA-V and DAVIS layouts), incremental and mergeable by video:
/// <see cref="Update(SamVideo)"/> scores one video frame by frame and keeps only its objects' per-frame J and F.
/// </summary>
/// <remarks>
/// <para>
/// The rules are SAM 2's <c>sav_dataset/utils/sav_benchmark.py</c> (with its defaults): each track's first and last
/// annotated frames are skipped; an object counts from the first evaluated frame where it is non-empty in the ground
/// truth or the prediction, then on every frame (J = F = 1 where both are empty); per frame J = |P ∩ G| / |P ∪ G| and
/// F the boundary F-measure with a disk of radius <c>ceil(0.008 · diagonal)</c>; an object's J and F are the means
/// over its frames; global J and F are the means over every object of every video (see <see cref="SamVideoResult"/>).
/// </para>
/// <para>
/// <see cref="Update(SamVideo)"/> is thread-safe: scoring runs outside the lock and the video's record is appended
/// under a short one. A video is recorded at most once (here or in a merged state).
/// </para>
/// </remarks>
public sealed class SamVideoEvaluator : IEvaluator<SamVideoEvaluator, SamVideoEvaluationState, SamVideoResult>
{
    private readonly RecordLog<SamVideoRecord, string, SamVideoResult> log = new(r => r.Name, StringComparer.Ordinal);

    /// <summary>Creates an evaluator.</summary>
    /// <param name="options">The settings; null for <see cref="SamVideoOptions.Default"/> (the reference's defaults).</param>
    public SamVideoEvaluator(SamVideoOptions? options = null)
    {
        Options = options ?? SamVideoOptions.Default;
    }

    /// <summary>The settings.</summary>
    public SamVideoOptions Options { get; }

    /// <summary>The number of videos recorded so far.</summary>
    public int ImageCount => log.Count;

    /// <inheritdoc/>
    public static SamVideoEvaluator FromState(SamVideoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new SamVideoEvaluator(state.Options);
        evaluator.Merge(state);
        return evaluator;
    }

    /// <summary>Scores one video and records it.</summary>
    /// <param name="video">The video: its name, layout and tracks; frames are loaded as they are scored.</param>
    /// <exception cref="DetEvalInputException">
    /// What the reference refuses: an SA-V object empty in every evaluated ground-truth frame, an SA-V mask with more
    /// than two values (and whatever the frame loader throws: a missing prediction, a size mismatch).
    /// </exception>
    /// <exception cref="InvalidOperationException">The video is already recorded.</exception>
    public void Update(SamVideo video)
    {
        ArgumentNullException.ThrowIfNull(video);
        var record = SamVideoScorer.Score(video, Options);
        log.AddAll([record], Duplicate);
    }

    /// <summary>
    /// Reads and scores videos of <paramref name="folders"/> on every core (a shard: pass its share of the videos).
    /// When several fail, the error of the first in <paramref name="videos"/> order is thrown, whatever the timing.
    /// </summary>
    /// <param name="folders">The ground-truth and prediction roots.</param>
    /// <param name="videos">The videos to score; null for all of <see cref="SamVideoFolders.Videos"/>.</param>
    /// <param name="progress">Told the number of videos done after each one.</param>
    /// <exception cref="DetEvalInputException">What the reference refuses (see <see cref="Update(SamVideo)"/>).</exception>
    /// <exception cref="InvalidOperationException">A video is already recorded.</exception>
    public void Update(SamVideoFolders folders, IReadOnlyList<string>? videos = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(folders);
        videos ??= folders.Videos;
        var errors = new Exception?[videos.Count];
        int finished = 0;
        Parallel.For(0, videos.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, loop) =>
        {
            try
            {
                Update(folders.Read(videos[i]));
            }
            catch (Exception e) when (e is DetEvalInputException or InvalidOperationException)
            {
                // Break: every video before i still runs, so the first error in order is always found.
                errors[i] = e;
                loop.Break();
            }

            progress?.Report(Interlocked.Increment(ref finished));
        });

        foreach (var error in errors)
        {
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }
    }

    /// <inheritdoc/>
    public SamVideoEvaluationState Snapshot() => new(Options, log.Snapshot(), 0);

    /// <inheritdoc/>
    public void Merge(SamVideoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!new SamVideoEvaluationState(Options, [], state.DatasetFingerprint).IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException("Cannot merge the SAM video states: " + why + ".");
        }

        log.AddAll(state.Records, Duplicate);
    }

    /// <inheritdoc/>
    public SamVideoResult Compute() => log.Compute(SamVideoResult.Create);

    /// <inheritdoc/>
    public void Reset() => log.Clear();

    private static string Duplicate(string video) => $"Video '{video}' is recorded twice.";
}
