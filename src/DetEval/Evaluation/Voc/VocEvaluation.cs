namespace DetEval;

/// <summary>One-shot Pascal VOC evaluation (the devkit's <c>voc_eval</c>, class by class) on the shared data model.</summary>
/// <remarks>
/// A <see cref="VocEvaluator"/> for the dataset (its categories are the classes, its images the image set), updated
/// with every image and computed. Per class: the detections are stably sorted by descending score (ties keep
/// image-set order, then file order within the image: the reference's stable-sort values) and matched with
/// <see cref="VocMatcher.Match"/>; <c>npos</c> counts the non-difficult objects (all objects when difficult is not
/// ignored); <c>recall = tp / npos</c>, <c>precision = tp / max(tp + fp, eps)</c> on the cumulative counts; the AP
/// comes from <see cref="AveragePrecision"/>. The mAP is the mean over the classes with positives.
/// </remarks>
public static class VocEvaluation
{
    /// <summary>Evaluates detections given as COCO boxes (corners are <c>X, Y, X + Width, Y + Height</c>).</summary>
    /// <param name="dataset">The ground truth; every category is a class.</param>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="options">The protocol's options.</param>
    /// <returns>The per-class results and the mAP.</returns>
    public static VocResult Evaluate(DetectionDataset dataset, DetectionSet detections, VocOptions options) =>
        Evaluate(new VocDataset(dataset), new VocDetectionSet(detections), options);

    /// <summary>Evaluates detections with the raw corners the files gave.</summary>
    /// <param name="dataset">The ground truth; every category is a class.</param>
    /// <param name="detections">The detections in file order.</param>
    /// <param name="options">The protocol's options.</param>
    /// <returns>The per-class results and the mAP.</returns>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset.</exception>
    public static VocResult Evaluate(VocDataset dataset, VocDetectionSet detections, VocOptions options)
    {
        var evaluator = new VocEvaluator(options, dataset);
        evaluator.Update(dataset, detections);
        return evaluator.Compute();
    }
}
