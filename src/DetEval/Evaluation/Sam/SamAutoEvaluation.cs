using DetEval.Data;
using DetEval.Formats.Sam;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// One-shot automatic mask generation evaluation (see <see cref="SamAutoEvaluator"/> for the incremental form): class-agnostic COCO matching of the generated masks to the ground truth
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

    /// <summary>Evaluates generated masks against the ground truth: a <see cref="SamAutoEvaluator"/> updated with every image, computed.</summary>
    /// <param name="truth">The ground-truth images.</param>
    /// <param name="predictions">The generator's output per image.</param>
    /// <param name="score">The ranking score.</param>
    /// <param name="options">Strict or skipping; <see langword="null"/> for <see cref="SamInputOptions.Strict"/>.</param>
    /// <returns>The metrics.</returns>
    /// <exception cref="DetEvalInputException">A generated mask's size differs from its image's.</exception>
    public static SamAutoResult Evaluate(
        IReadOnlyList<SamGroundTruthImage> truth,
        IReadOnlyList<SamImagePredictions> predictions,
        SamScore score = SamScore.PredictedIou,
        SamInputOptions? options = null)
    {
        var evaluator = new SamAutoEvaluator(score, options);
        evaluator.Update(truth, predictions);
        return evaluator.Compute();
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
    internal static double[] BestIous(SamGroundTruthImage image, List<Rle> masks)
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
