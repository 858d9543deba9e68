using DetEval.Data;
using DetEval.Formats.Sam;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// Automatic mask generation evaluation: class-agnostic COCO matching of the generated masks to the ground truth
/// on the shared engine, plus each ground-truth mask's best IoU with any generated mask.
/// </summary>
/// <remarks>
/// Images pair by stem. Every ground-truth image takes part (one without predictions contributes misses); a
/// prediction image without ground truth is excluded and listed. The engine runs with
/// <see cref="Options"/>: segm IoU on runs, categories off, maxDets 10/100/1000, COCO area ranges on the ground
/// truth's <c>area</c> and each mask's pixel count; masks rank by the chosen score, stable in generator order.
/// Best IoU: <c>max_d IoU(g, d)</c> over all generated masks of g's image (no maxDets cut; 0 without masks),
/// on runs with the box pre-filter (<see cref="MaskIou"/>), never decoded to pixels.
/// </remarks>
public static class SamAutoEvaluation
{
    /// <summary>The engine parameters: segm, <c>useCats=0</c>, maxDets [10, 100, 1000], COCO thresholds and areas.</summary>
    public static CocoOptions Options { get; } = new()
    {
        IouType = IouType.Segm,
        UseCategories = false,
        MaxDetections = [10, 100, 1000],
        SummaryUsesLastMaxDetections = true,
    };

    /// <summary>Evaluates generated masks against the ground truth.</summary>
    /// <param name="truth">The ground-truth images.</param>
    /// <param name="predictions">The generator's output per image.</param>
    /// <param name="score">The ranking score.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <exception cref="DetEvalInputException">A generated mask's size differs from its image's.</exception>
    public static SamAutoResult Evaluate(
        IReadOnlyList<SamGroundTruthImage> truth,
        IReadOnlyList<SamImagePredictions> predictions,
        SamScore score = SamScore.PredictedIou,
        SamInputOptions? options = null) =>
        Evaluate(Collect(truth, predictions, score, options));

    /// <summary>
    /// Matches generated masks against the ground truth and keeps only what the metrics need (a mergeable state):
    /// the engine's match records, and per image its best IoUs and counts.
    /// </summary>
    /// <param name="truth">The ground-truth images (a shard or all).</param>
    /// <param name="predictions">The generator's output for those images.</param>
    /// <param name="score">The ranking score.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <exception cref="DetEvalInputException">A generated mask's size differs from its image's.</exception>
    public static SamEvaluationState Collect(
        IReadOnlyList<SamGroundTruthImage> truth,
        IReadOnlyList<SamImagePredictions> predictions,
        SamScore score = SamScore.PredictedIou,
        SamInputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predictions);
        options ??= SamInputOptions.Strict;
        var byStem = new Dictionary<string, SamImagePredictions>(StringComparer.Ordinal);
        foreach (SamImagePredictions p in predictions)
        {
            if (!byStem.TryAdd(p.Stem, p))
            {
                throw new DetEvalInputException(p.Source, "", $"image stem '{p.Stem}' also comes from {byStem[p.Stem].Source}");
            }
        }

        var truthStems = new HashSet<string>(truth.Select(t => t.Stem), StringComparer.Ordinal);
        var evaluator = new CocoEvaluator(Options, [1L]);
        var records = new List<SamImageRecord>();
        int skipped = 0;
        foreach (SamGroundTruthImage image in truth.OrderBy(t => t.Stem, StringComparer.Ordinal))
        {
            List<Rle> masks = [];
            var detections = new List<Detection>();
            bool paired = byStem.TryGetValue(image.Stem, out SamImagePredictions? generated);
            foreach (SamGeneratedMask m in generated?.Masks ?? [])
            {
                if (m.Mask.Height != image.Image.Height || m.Mask.Width != image.Image.Width)
                {
                    options.Fail(new DetEvalInputException(m.Source, m.Location,
                        $"mask size {m.Mask.Width}x{m.Mask.Height} differs from image '{image.Stem}' ({image.Image.Width}x{image.Image.Height}, {image.Source})"));
                    skipped++;
                    continue;
                }

                masks.Add(m.Mask);
                // The detection's area is the mask's pixel count; SAM's bbox is not used.
                detections.Add(new Detection(image.Image.Id, 1, m.Mask.ToBox(), ScoreOf(m, score), m.Mask.Area, Segmentation.FromRle(m.Mask)));
            }

            evaluator.Update(image.Image, image.Truths, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(detections));
            records.Add(new SamImageRecord(image.Stem, true, paired, masks.Count, BestIous(image, masks)));
        }

        foreach (SamImagePredictions p in predictions.OrderBy(p => p.Stem, StringComparer.Ordinal))
        {
            if (!truthStems.Contains(p.Stem))
            {
                records.Add(new SamImageRecord(p.Stem, false, false, p.Masks.Count, []));
            }
        }

        return SamEvaluationState.ForAuto(score, evaluator.Snapshot(), [.. records], skipped);
    }

    /// <summary>The metrics of a state from <see cref="Collect"/> (or of merged shards' states).</summary>
    /// <param name="state">An automatic-mask state.</param>
    /// <exception cref="ArgumentException">The state is of prompts.</exception>
    public static SamAutoResult Evaluate(SamEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.IsPrompted)
        {
            throw new ArgumentException("the state is of prompts, not of automatic masks", nameof(state));
        }

        // Ground-truth images in stem order, then prediction images without ground truth in stem order.
        var truthImages = state.Images.Where(r => r.HasTruth).OrderBy(r => r.Stem, StringComparer.Ordinal).ToArray();
        var unpaired = state.Images.Where(r => !r.HasTruth).OrderBy(r => r.Stem, StringComparer.Ordinal).ToArray();
        var rows = new List<SamImageRow>();
        rows.AddRange(truthImages.Select(r => new SamImageRow(r.Stem, r.BestIous.Length, r.PredictedMasks, SamMetrics.Mean(r.BestIous))));
        rows.AddRange(unpaired.Select(r => new SamImageRow(r.Stem, 0, r.PredictedMasks, double.NaN)));
        CocoResult result = CocoEvaluator.FromState(state.Engine!).Compute();
        double[] all = [.. truthImages.SelectMany(r => r.BestIous)];
        return new SamAutoResult(
            SamAutoStats.FromResult(result),
            result,
            state.Score,
            SamMetrics.Mean(all),
            [.. SamMetrics.Thresholds.Select(t => SamMetrics.FractionAtLeast(all, t))],
            truthImages.Count(r => r.Paired),
            [.. unpaired.Select(r => r.Stem)],
            [.. truthImages.Where(r => !r.Paired).Select(r => r.Stem)],
            rows,
            all.Length,
            truthImages.Sum(r => r.PredictedMasks),
            truthImages.Length,
            unpaired.Sum(r => r.PredictedMasks),
            state.Skipped);
    }

    /// <summary>The ranking score of a mask.</summary>
    /// <param name="mask">The mask.</param>
    /// <param name="score">Which score.</param>
    public static double ScoreOf(SamGeneratedMask mask, SamScore score)
    {
        ArgumentNullException.ThrowIfNull(mask);
        return score switch
        {
            SamScore.PredictedIou => mask.PredictedIou,
            SamScore.Stability => mask.StabilityScore,
            SamScore.Product => mask.PredictedIou * mask.StabilityScore,
            _ => throw new ArgumentOutOfRangeException(nameof(score), score, "unknown score"),
        };
    }

    /// <summary>Per ground-truth mask, the best IoU of any of <paramref name="masks"/> (0 when there are none).</summary>
    private static double[] BestIous(SamGroundTruthImage image, List<Rle> masks)
    {
        var best = new double[image.Truths.Count];
        if (masks.Count == 0)
        {
            return best;
        }

        var boxes = new Box[masks.Count];
        for (int d = 0; d < masks.Count; d++)
        {
            boxes[d] = masks[d].ToBox();
        }

        var row = new double[masks.Count];
        for (int g = 0; g < image.Truths.Count; g++)
        {
            Rle gt = image.Truths[g].Segmentation!.ToRle(image.Image.Height, image.Image.Width);
            MaskIou.ComputeRow(gt, gt.ToBox(), gtCrowd: false, masks, boxes, row);
            double max = 0;
            foreach (double iou in row)
            {
                max = Math.Max(max, iou);
            }

            best[g] = max;
        }

        return best;
    }
}
