using DetEval.Data;
using DetEval.Formats.Sam;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>Prompted segmentation evaluation: SAM's masks for each prompt against the prompted ground-truth mask.</summary>
/// <remarks>
/// Per prompt and mask k, <c>IoU_k = |M_k ∩ G| / |M_k ∪ G|</c> computed on runs (<see cref="MaskIou"/>, box
/// pre-filter; an empty mask scores 0). Top-1 is the mask with the highest predicted IoU, the first on ties.
/// mIoU = mean IoU(top-1); oracle mIoU = mean max_k IoU_k; iouAtLeast[t] = fraction with IoU(top-1) &gt;= t;
/// calibration: MAE and Pearson r of (predicted IoU(top-1), IoU(top-1)).
/// </remarks>
public static class SamPromptEvaluation
{
    /// <summary>Evaluates prompts against the ground truth.</summary>
    /// <param name="truth">The ground-truth images (prompts name them by image id).</param>
    /// <param name="prompts">The prompt records.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <exception cref="DetEvalInputException">A prompt names an image or <c>gt_id</c> that does not exist, or a
    /// mask's size differs from its image's.</exception>
    public static SamPromptResult Evaluate(IReadOnlyList<SamGroundTruthImage> truth, SamPromptSet prompts, SamInputOptions? options = null) =>
        Evaluate(Collect(truth, prompts, options));

    /// <summary>Scores every prompt and keeps only the outcomes (a mergeable state; no masks).</summary>
    /// <param name="truth">The ground-truth images (prompts name them by image id).</param>
    /// <param name="prompts">The prompt records.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <exception cref="DetEvalInputException">A prompt names an image or <c>gt_id</c> that does not exist, or a
    /// mask's size differs from its image's.</exception>
    public static SamEvaluationState Collect(IReadOnlyList<SamGroundTruthImage> truth, SamPromptSet prompts, SamInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prompts);
        options ??= SamInputOptions.Strict;
        var masks = new Dictionary<(long ImageId, long GtId), Rle>();
        var images = new Dictionary<long, ImageInfo>();
        foreach (SamGroundTruthImage image in truth)
        {
            images[image.Image.Id] = image.Image;
            foreach (GroundTruth gt in image.Truths)
            {
                masks[(image.Image.Id, gt.Id)] = gt.Segmentation!.ToRle(image.Image.Height, image.Image.Width);
            }
        }

        string file = prompts.Source;
        var outcomes = new List<SamPromptOutcome>(prompts.Prompts.Count);
        int skipped = 0;
        foreach (SamPrompt prompt in prompts.Prompts)
        {
            if (!images.TryGetValue(prompt.ImageId, out ImageInfo? image))
            {
                options.Fail(new DetEvalInputException(file, prompt.Location + ".image_id", $"image {prompt.ImageId} is not in the ground truth"));
                skipped++;
                continue;
            }

            if (!masks.TryGetValue((prompt.ImageId, prompt.GtId), out Rle? gt))
            {
                options.Fail(new DetEvalInputException(file, prompt.Location + ".gt_id", $"gt_id {prompt.GtId} does not exist in image {prompt.ImageId}"));
                skipped++;
                continue;
            }

            int bad = FindWrongSize(prompt.Masks, image);
            if (bad >= 0)
            {
                options.Fail(new DetEvalInputException(file, $"{prompt.Location}.masks[{bad}].size",
                    $"mask size [{prompt.Masks[bad].Height}, {prompt.Masks[bad].Width}] differs from image {image.Id}'s [{image.Height}, {image.Width}]"));
                skipped++;
                continue;
            }

            outcomes.Add(Score(prompt, gt));
        }

        return SamEvaluationState.ForPrompts([.. outcomes], skipped);
    }

    /// <summary>
    /// The metrics of a state from <see cref="Collect"/> (or of merged shards' states). The outcomes are taken in
    /// image-id order, each image's prompts in file order, so the means do not depend on how images were split.
    /// </summary>
    /// <param name="state">A prompted state.</param>
    /// <exception cref="ArgumentException">The state is of automatic masks.</exception>
    public static SamPromptResult Evaluate(SamEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.IsPrompted)
        {
            throw new ArgumentException("the state is of automatic masks, not of prompts", nameof(state));
        }

        SamPromptOutcome[] outcomes = [.. state.Outcomes.OrderBy(o => o.ImageId)];
        double[] top = [.. outcomes.Select(o => o.TopIou)];
        double[] predicted = [.. outcomes.Select(o => o.TopPredictedIou)];
        double[] oracle = [.. outcomes.Select(o => o.OracleIou)];
        return new SamPromptResult(
            outcomes.Length,
            SamMetrics.Mean(top),
            SamMetrics.Mean(oracle),
            [.. SamMetrics.Thresholds.Select(t => SamMetrics.FractionAtLeast(top, t))],
            SamMetrics.MeanAbsoluteError(predicted, top),
            SamMetrics.Pearson(predicted, top),
            outcomes,
            state.Skipped);
    }

    private static int FindWrongSize(IReadOnlyList<Rle> masks, ImageInfo image)
    {
        for (int k = 0; k < masks.Count; k++)
        {
            if (masks[k].Height != image.Height || masks[k].Width != image.Width)
            {
                return k;
            }
        }

        return -1;
    }

    private static SamPromptOutcome Score(SamPrompt prompt, Rle gt)
    {
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
