using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Incremental evaluation of prompted segmentation: SAM's masks for each prompt against the prompted ground-truth
/// mask. Images are keyed by id; each keeps its prompts' outcomes (no masks).
/// </summary>
/// <remarks>
/// Per prompt and mask k, <c>IoU_k = |M_k ∩ G| / |M_k ∪ G|</c> computed on runs (<see cref="MaskIou"/>, box
/// pre-filter; an empty mask scores 0). Top-1 is the mask with the highest predicted IoU, the first on ties.
/// mIoU = mean IoU(top-1); oracle mIoU = mean max_k IoU_k; iouAtLeast[t] = fraction with IoU(top-1) &gt;= t;
/// calibration: MAE and Pearson r of (predicted IoU(top-1), IoU(top-1)). The outcomes are taken in image-id
/// order, each image's prompts in file order, so the means do not depend on update order or split.
/// </remarks>
public sealed class SamPromptEvaluator : IEvaluator<SamPromptEvaluator, SamPromptEvaluationState, SamPromptResult>
{
    private readonly RecordLog<SamPromptImage, long, SamPromptResult> images = new(static r => r.ImageId);
    private readonly SamInputOptions input;
    private int skipped;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="input">Strict (a bad prompt is an error) or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    public SamPromptEvaluator(SamInputOptions? input = null) => this.input = input ?? SamInputOptions.Strict;

    /// <summary>The number of images recorded so far.</summary>
    public int ImageCount => images.Count;

    /// <summary>The number of bad items skipped so far (with <see cref="SamInputOptions.SkipBad"/>).</summary>
    public int Skipped => Volatile.Read(ref skipped);

    /// <summary>Scores the prompts of one image and records their outcomes.</summary>
    /// <param name="image">The image's ground truth.</param>
    /// <param name="prompts">The image's prompts, in file order.</param>
    /// <param name="source">The prompt file, for error messages.</param>
    /// <exception cref="DetEvalInputException">A prompt names another image or a <c>gt_id</c> that does not exist,
    /// or a mask's size differs from the image's (strict input).</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(SamGroundTruthImage image, IReadOnlyList<SamPrompt> prompts, string source = "")
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(prompts);
        var masks = TruthMasks(image);
        var outcomes = new List<SamPromptOutcome>(prompts.Count);
        foreach (SamPrompt prompt in prompts)
        {
            if (prompt.ImageId != image.Image.Id)
            {
                Skip(new DetEvalInputException(source, prompt.Location + ".image_id", $"the prompt is of image {prompt.ImageId}, not of image {image.Image.Id}"));
                continue;
            }

            if (Score(prompt, image.Image, masks, source) is { } outcome)
            {
                outcomes.Add(outcome);
            }
        }

        images.AddAll([new SamPromptImage(image.Image.Id, [.. outcomes])], static id => $"image {id} was already recorded");
    }

    /// <summary>Scores every prompt of a prompt file against the ground truth (prompts name their images by id).</summary>
    /// <param name="truth">The ground-truth images.</param>
    /// <param name="prompts">The prompt records.</param>
    /// <exception cref="DetEvalInputException">A prompt names an image or <c>gt_id</c> that does not exist, or a
    /// mask's size differs from its image's (strict input).</exception>
    /// <exception cref="InvalidOperationException">An image was recorded before.</exception>
    public void Update(IReadOnlyList<SamGroundTruthImage> truth, SamPromptSet prompts)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prompts);
        var byId = new Dictionary<long, (SamGroundTruthImage Image, Dictionary<long, Rle> Masks, List<SamPromptOutcome> Outcomes)>();
        foreach (SamGroundTruthImage image in truth)
        {
            byId[image.Image.Id] = (image, TruthMasks(image), []);
        }

        // In file order, so that skipped prompts are reported in the order of the file.
        var order = new List<long>();
        var seen = new HashSet<long>();
        foreach (SamPrompt prompt in prompts.Prompts)
        {
            if (!byId.TryGetValue(prompt.ImageId, out var entry))
            {
                Skip(new DetEvalInputException(prompts.Source, prompt.Location + ".image_id", $"image {prompt.ImageId} is not in the ground truth"));
                continue;
            }

            if (seen.Add(prompt.ImageId))
            {
                order.Add(prompt.ImageId);
            }

            if (Score(prompt, entry.Image.Image, entry.Masks, prompts.Source) is { } outcome)
            {
                entry.Outcomes.Add(outcome);
            }
        }

        images.AddAll([.. order.Select(id => new SamPromptImage(id, [.. byId[id].Outcomes]))], static id => $"image {id} was already recorded");
    }

    /// <summary>Counts bad items skipped before the update (for example while reading), for the state and the report.</summary>
    /// <param name="count">How many.</param>
    public void AddSkipped(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref skipped, count);
        images.Touch();
    }

    /// <summary>The metrics over every prompt recorded so far; cached until the next change.</summary>
    /// <returns>The result; its lists are read-only.</returns>
    public SamPromptResult Compute() => images.Compute(records =>
    {
        int skippedNow = Skipped;
        Array.Sort(records, static (x, y) => x.ImageId.CompareTo(y.ImageId));
        SamPromptOutcome[] outcomes = [.. records.SelectMany(r => r.Outcomes)];
        double[] top = [.. outcomes.Select(o => o.TopIou)];
        double[] predicted = [.. outcomes.Select(o => o.TopPredictedIou)];
        double[] oracle = [.. outcomes.Select(o => o.OracleIou)];
        return new SamPromptResult(
            outcomes.Length,
            SamMetrics.Mean(top),
            SamMetrics.Mean(oracle),
            Array.AsReadOnly(SamMetrics.Thresholds.Select(t => SamMetrics.FractionAtLeast(top, t)).ToArray()),
            SamMetrics.MeanAbsoluteError(predicted, top),
            SamMetrics.Pearson(predicted, top),
            Array.AsReadOnly(outcomes),
            skippedNow);
    });

    /// <summary>Forgets every recorded image and the skipped count.</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref skipped, 0);
        images.Clear();
    }

    /// <summary>An immutable snapshot of every image recorded so far.</summary>
    /// <returns>The state.</returns>
    public SamPromptEvaluationState Snapshot() => new(images.Snapshot(), Skipped);

    /// <summary>Adds another evaluator's state (another shard); exact.</summary>
    /// <param name="state">The other state.</param>
    /// <exception cref="InvalidOperationException">An image is in both.</exception>
    public void Merge(SamPromptEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        images.AddAll(state.Images, static id => $"cannot merge: image {id} is in both states");
        Interlocked.Add(ref skipped, state.Skipped);
        images.Touch();
    }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>.</summary>
    /// <param name="state">A state from <see cref="Snapshot"/> or <see cref="SamPromptEvaluationState.ReadFrom(Stream, string)"/>.</param>
    /// <returns>The evaluator.</returns>
    public static SamPromptEvaluator FromState(SamPromptEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new SamPromptEvaluator();
        evaluator.Merge(state);
        return evaluator;
    }

    private static Dictionary<long, Rle> TruthMasks(SamGroundTruthImage image)
    {
        var masks = new Dictionary<long, Rle>();
        foreach (GroundTruth gt in image.Truths)
        {
            masks[gt.Id] = gt.Segmentation!.ToRle(image.Image.Height, image.Image.Width);
        }

        return masks;
    }

    private void Skip(DetEvalInputException error)
    {
        input.Fail(error);
        Interlocked.Increment(ref skipped);
    }

    private SamPromptOutcome? Score(SamPrompt prompt, ImageInfo image, Dictionary<long, Rle> masks, string file)
    {
        if (!masks.TryGetValue(prompt.GtId, out Rle? gt))
        {
            Skip(new DetEvalInputException(file, prompt.Location + ".gt_id", $"gt_id {prompt.GtId} does not exist in image {prompt.ImageId}"));
            return null;
        }

        for (int k = 0; k < prompt.Masks.Count; k++)
        {
            if (prompt.Masks[k].Height != image.Height || prompt.Masks[k].Width != image.Width)
            {
                Skip(new DetEvalInputException(file, $"{prompt.Location}.masks[{k}].size",
                    $"mask size [{prompt.Masks[k].Height}, {prompt.Masks[k].Width}] differs from image {image.Id}'s [{image.Height}, {image.Width}]"));
                return null;
            }
        }

        int top = 0;
        for (int k = 1; k < prompt.PredictedIous.Count; k++)
        {
            // Strictly greater: on ties the first mask stays top-1.
            if (prompt.PredictedIous[k] > prompt.PredictedIous[top])
            {
                top = k;
            }
        }

        double topIou = 0, oracle = 0;
        for (int k = 0; k < prompt.Masks.Count; k++)
        {
            double iou = MaskIou.Compute(prompt.Masks[k], gt, gtCrowd: false);
            oracle = Math.Max(oracle, iou);
            if (k == top)
            {
                topIou = iou;
            }
        }

        return new SamPromptOutcome(prompt.ImageId, prompt.GtId, top, topIou, prompt.PredictedIous[top], oracle);
    }
}
