using DetEval.Matching;

namespace DetEval.Evaluation;

/// <summary>
/// Checks that every evaluated ground truth and detection of a keypoint evaluation has as many keypoints as its
/// category has sigmas. The reference does not check: a mismatch stops it with a numpy broadcast error.
/// </summary>
internal static class KeypointInputs
{
    /// <summary>The first problem of one annotation, or null: (JSON field, what is wrong).</summary>
    public static (string Field, string Problem)? Check(MatchContext context, long categoryId, Keypoints? keypoints, bool isDetection)
    {
        if (context.IndexOf(categoryId) < 0)
        {
            return null;
        }

        int k = context.Options.SigmasFor(categoryId).Count;
        if (keypoints is null)
        {
            // A ground truth without keypoints has none labelled: it is scored by the box-distance rule.
            return isDetection ? ("", $"has no \"keypoints\"; a keypoint evaluation needs {k} keypoints per result") : null;
        }

        if (keypoints.Count != k)
        {
            string source = context.Options.KeypointSigmasByCategory?.ContainsKey(categoryId) == true
                ? $"category {categoryId}'s sigmas"
                : ReferenceEquals(context.Options.KeypointSigmas, CocoOptions.CocoKeypointSigmas) ? "the default COCO person sigmas" : "the given sigmas";
            return (".keypoints", $"has {keypoints.Count} keypoints but {source} are {k} (give one sigma per keypoint, e.g. --kpt-sigmas with {keypoints.Count} values)");
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> for the first bad element of one image's inputs.</summary>
    public static void CheckImage(MatchContext context, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections)
    {
        for (int g = 0; g < truths.Count; g++)
        {
            if (Check(context, truths[g].CategoryId, truths[g].Keypoints, false) is var (field, problem))
            {
                throw new ArgumentException($"truths[{g}]{field} {problem}", nameof(truths));
            }
        }

        for (int d = 0; d < detections.Length; d++)
        {
            if (Check(context, detections[d].CategoryId, detections[d].Keypoints, true) is var (field, problem))
            {
                throw new ArgumentException($"detections[{d}]{field} {problem}", nameof(detections));
            }
        }
    }

    /// <summary>Throws <see cref="DetEvalInputException"/> naming the file and JSON place of the first bad annotation or result.</summary>
    public static void CheckDataset(MatchContext context, DetectionDataset dataset, DetectionSet detections)
    {
        for (int g = 0; g < dataset.GroundTruths.Count; g++)
        {
            var gt = dataset.GroundTruths[g];
            if (context.Includes(gt.ImageId) && Check(context, gt.CategoryId, gt.Keypoints, false) is var (field, problem))
            {
                throw new DetEvalInputException(dataset.Source, $"$.annotations[{g}]{field}", $"annotation {problem}");
            }
        }

        var all = detections.AsSpan();
        for (int d = 0; d < all.Length; d++)
        {
            if (context.Includes(all[d].ImageId) && Check(context, all[d].CategoryId, all[d].Keypoints, true) is var (field, problem))
            {
                throw new DetEvalInputException(detections.Source, $"$[{d}]{field}", $"result {problem}");
            }
        }
    }
}
