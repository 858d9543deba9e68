using System.Runtime.InteropServices;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Incremental evaluation of SAM's automatic mask generator: class-agnostic COCO matching of the generated masks to
/// the ground truth on the shared engine (<see cref="SamAutoEvaluation.Options"/>), plus each ground-truth mask's
/// best IoU with any generated mask of its image. Images are keyed by stem.
/// </summary>
/// <remarks>
/// Thread-safe; the result does not depend on the order of updates or on how images were split: the engine pools
/// images by id (as COCO does), the per-image table lists ground-truth images by stem, then prediction images
/// without ground truth by stem. A ground-truth image without predictions contributes misses; a prediction image
/// without ground truth is excluded from every number and listed.
/// </remarks>
public sealed class SamAutoEvaluator : IEvaluator<SamAutoEvaluator, SamAutoEvaluationState, SamAutoResult>
{
    private readonly RecordLog<SamImageRecord, string, SamAutoResult> images = new(static r => r.Stem, StringComparer.Ordinal);
    private readonly CocoEvaluator engine = new(SamAutoEvaluation.Options, [1L]);
    private readonly SamInputOptions input;
    private int skipped;

    /// <summary>Creates an evaluator ranking masks by <paramref name="score"/>.</summary>
    /// <param name="score">The ranking score.</param>
    /// <param name="input">Strict (a bad mask is an error) or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    public SamAutoEvaluator(SamScore score = SamScore.PredictedIou, SamInputOptions? input = null)
    {
        Score = OptionChecks.Defined(score, nameof(score));
        this.input = input ?? SamInputOptions.Strict;
    }

    /// <summary>The score that ranks the masks.</summary>
    public SamScore Score { get; }

    /// <summary>The number of images (with ground truth or predictions) recorded so far.</summary>
    public int ImageCount => images.Count;

    /// <summary>The number of bad items skipped so far (with <see cref="SamInputOptions.SkipBad"/>), carried into the state and the result.</summary>
    public int Skipped => Volatile.Read(ref skipped);

    /// <summary>
    /// Records one image: its ground truth and the generator's masks for it (either may be missing, not both).
    /// A mask whose size differs from the image's is a bad item.
    /// </summary>
    /// <param name="truth">The image's ground truth, or null for a prediction image without ground truth.</param>
    /// <param name="predictions">The generator's masks for the image, or null when it has none.</param>
    /// <exception cref="ArgumentException">Both are null, or their stems differ.</exception>
    /// <exception cref="DetEvalInputException">A mask's size differs from its image's (strict input).</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(SamGroundTruthImage? truth, SamImagePredictions? predictions)
    {
        if (truth is null && predictions is null)
        {
            throw new ArgumentException("give the image's ground truth, its predictions or both");
        }

        if (truth is not null && predictions is not null && truth.Stem != predictions.Stem)
        {
            throw new ArgumentException($"the ground truth is of image '{truth.Stem}' and the predictions of '{predictions.Stem}'", nameof(predictions));
        }

        images.AddAll([Match(truth, predictions)], static stem => $"image '{stem}' was already recorded");
    }

    /// <summary>
    /// Records every image of a shard: ground-truth images and prediction images are paired by stem (in stem order,
    /// so that skipped items are reported in a fixed order).
    /// </summary>
    /// <param name="truth">The ground-truth images.</param>
    /// <param name="predictions">The generator's output per image.</param>
    /// <exception cref="DetEvalInputException">Two prediction images have the same stem, or a mask's size differs
    /// from its image's (strict input).</exception>
    /// <exception cref="InvalidOperationException">An image was recorded before.</exception>
    public void Update(IReadOnlyList<SamGroundTruthImage> truth, IReadOnlyList<SamImagePredictions> predictions)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        var byStem = new Dictionary<string, SamImagePredictions>(StringComparer.Ordinal);
        foreach (SamImagePredictions p in predictions)
        {
            if (!byStem.TryAdd(p.Stem, p))
            {
                throw new DetEvalInputException(p.Source, "", $"image stem '{p.Stem}' also comes from {byStem[p.Stem].Source}");
            }
        }

        var truthStems = new HashSet<string>(truth.Select(t => t.Stem), StringComparer.Ordinal);
        var records = new List<SamImageRecord>();
        foreach (SamGroundTruthImage image in truth.OrderBy(t => t.Stem, StringComparer.Ordinal))
        {
            records.Add(Match(image, byStem.GetValueOrDefault(image.Stem)));
        }

        foreach (SamImagePredictions p in predictions.OrderBy(p => p.Stem, StringComparer.Ordinal))
        {
            if (!truthStems.Contains(p.Stem))
            {
                records.Add(Match(null, p));
            }
        }

        images.AddAll(records, static stem => $"image '{stem}' was already recorded");
    }

    /// <summary>Counts bad items skipped before the update (for example while reading), for the state and the report.</summary>
    /// <param name="count">How many.</param>
    public void AddSkipped(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref skipped, count);
        images.Touch();
    }

    /// <summary>The metrics over every image recorded so far; cached until the next change.</summary>
    /// <returns>The result; its lists are read-only.</returns>
    public SamAutoResult Compute() => images.Compute(records =>
    {
        int skippedNow = Skipped;
        // Ground-truth images in stem order, then prediction images without ground truth in stem order.
        var truthImages = records.Where(r => r.HasTruth).OrderBy(r => r.Stem, StringComparer.Ordinal).ToArray();
        var unpaired = records.Where(r => !r.HasTruth).OrderBy(r => r.Stem, StringComparer.Ordinal).ToArray();
        var rows = new List<SamImageRow>();
        rows.AddRange(truthImages.Select(r => new SamImageRow(r.Stem, r.BestIous.Length, r.PredictedMasks, SamMetrics.Mean(r.BestIous))));
        rows.AddRange(unpaired.Select(r => new SamImageRow(r.Stem, 0, r.PredictedMasks, double.NaN)));
        CocoResult result = engine.ComputeFrom([.. truthImages.Select(r => r.Match!)]);
        double[] all = [.. truthImages.SelectMany(r => r.BestIous)];
        return new SamAutoResult(
            SamAutoStats.FromResult(result),
            result,
            Score,
            SamMetrics.Mean(all),
            Array.AsReadOnly(SamMetrics.Thresholds.Select(t => SamMetrics.FractionAtLeast(all, t)).ToArray()),
            truthImages.Count(r => r.Paired),
            Array.AsReadOnly(unpaired.Select(r => r.Stem).ToArray()),
            Array.AsReadOnly(truthImages.Where(r => !r.Paired).Select(r => r.Stem).ToArray()),
            rows.AsReadOnly(),
            all.Length,
            truthImages.Sum(r => r.PredictedMasks),
            truthImages.Length,
            unpaired.Sum(r => r.PredictedMasks),
            skippedNow);
    });

    /// <summary>Forgets every recorded image and the skipped count; the score and input rule stay.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref skipped, 0);
        images.Clear();
    }

    /// <summary>An immutable snapshot of every image recorded so far (later updates do not change it).</summary>
    /// <returns>The state.</returns>
    public SamAutoEvaluationState Snapshot() => new(Score, images.Snapshot(), Skipped);

    /// <summary>Adds another evaluator's state (another shard); exact.</summary>
    /// <param name="state">The other state; it must rank masks by the same score.</param>
    /// <exception cref="InvalidOperationException">The scores differ, or an image is in both.</exception>
    public void Merge(SamAutoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!new SamAutoEvaluationState(Score, [], 0).IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        images.AddAll(state.Images, static stem => $"cannot merge: image '{stem}' is in both states");
        Interlocked.Add(ref skipped, state.Skipped);
        images.Touch();
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>.</summary>
    /// <param name="state">A state from <see cref="Snapshot"/> or <see cref="SamAutoEvaluationState.ReadFrom(Stream, string)"/>.</param>
    /// <returns>The evaluator.</returns>
    public static SamAutoEvaluator FromState(SamAutoEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new SamAutoEvaluator(state.Score);
        evaluator.Merge(state);
        return evaluator;
    }

    private SamImageRecord Match(SamGroundTruthImage? image, SamImagePredictions? generated)
    {
        if (image is null)
        {
            return new SamImageRecord(generated!.Stem, false, false, generated.Masks.Count, [], null);
        }

        List<Rle> masks = [];
        var detections = new List<Detection>();
        foreach (SamGeneratedMask m in generated?.Masks ?? [])
        {
            if (m.Mask.Height != image.Image.Height || m.Mask.Width != image.Image.Width)
            {
                input.Fail(new DetEvalInputException(m.Source, m.Location,
                    $"mask size {m.Mask.Width}x{m.Mask.Height} differs from image '{image.Stem}' ({image.Image.Width}x{image.Image.Height}, {image.Source})"));
                Interlocked.Increment(ref skipped);
                continue;
            }

            masks.Add(m.Mask);
            // The detection's area is the mask's pixel count; SAM's bbox is not used.
            detections.Add(new Detection(image.Image.Id, 1, m.Mask.ToBox(), SamAutoEvaluation.ScoreOf(m, Score), m.Mask.Area, Segmentation.FromRle(m.Mask)));
        }

        var match = engine.MatchOrNull(image.Image, image.Truths, CollectionsMarshal.AsSpan(detections))!;
        return new SamImageRecord(image.Stem, true, generated is not null, masks.Count, SamAutoEvaluation.BestIous(image, masks), match);
    }
}
