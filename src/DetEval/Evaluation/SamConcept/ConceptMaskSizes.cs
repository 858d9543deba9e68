using DetEval.Data;

namespace DetEval.Evaluation;

/// <summary>
/// The mask-size rule of concept segmentation with mask IoU: every kept prediction of an evaluated pair is compared
/// with the pair's counted instances, so its mask must have their size. The reference gives a prediction and an
/// instance of different sizes IoU -1 (pycocotools' <c>rleIou</c>): never a match, a silent miss, so it is refused
/// here, naming the mask that differs from its pair's image (the prediction, unless only the instance differs).
/// </summary>
/// <remarks>
/// Only what the reference compares is checked: predictions scoring at least the threshold, of the file's categories,
/// against non-crowd instances of the file's categories. Masks that all share a size other than the image's are
/// compared as the reference compares them. A polygon instance, or a prediction without a mask (its box as a polygon),
/// is rasterised at the pair's image size.
/// </remarks>
internal static class ConceptMaskSizes
{
    /// <summary>Checks every prediction of <paramref name="predictions"/> on a pair that <paramref name="evaluated"/> holds.</summary>
    /// <param name="files">The ground-truth files (annotators).</param>
    /// <param name="categoryIds">Each file's sorted category ids.</param>
    /// <param name="predictions">The predictions, in file order (index i is the file's entry i).</param>
    /// <param name="arrayPath">The JSON path of the predictions' array (<c>$</c> or <c>$.annotations</c>).</param>
    /// <param name="scoreThreshold">The score cut: predictions below it are never compared.</param>
    /// <param name="evaluated">Whether a pair is evaluated here.</param>
    /// <exception cref="DetEvalInputException">A prediction and an instance of one pair have masks of different sizes.</exception>
    public static void Check(IReadOnlyList<SaCoDataset> files, IReadOnlyList<long[]> categoryIds, DetectionSet predictions, string arrayPath, double scoreThreshold, Func<long, bool> evaluated)
    {
        var span = predictions.AsSpan();
        for (int i = 0; i < span.Length; i++)
        {
            var d = span[i];
            if (!(d.Score >= scoreThreshold) || !evaluated(d.ImageId))
            {
                continue;
            }

            for (int a = 0; a < files.Count; a++)
            {
                if (Array.BinarySearch(categoryIds[a], d.CategoryId) < 0 || !files[a].TryGetPair(d.ImageId, out var pair))
                {
                    continue;
                }

                var image = pair.Image;
                var predicted = SizeOf(d.Segmentation, image);
                foreach (var truth in files[a].TruthsOf(d.ImageId))
                {
                    if (truth.IsCrowd || Array.BinarySearch(categoryIds[a], truth.CategoryId) < 0)
                    {
                        continue;
                    }

                    var size = SizeOf(truth.Segmentation, image);
                    if (size != predicted)
                    {
                        throw Differs(files[a], truth, size, predictions.Source, $"{arrayPath}[{i}]", predicted, image);
                    }
                }
            }
        }
    }

    private static (int Height, int Width) SizeOf(Segmentation? mask, ImageInfo image) =>
        mask is { Kind: not SegmentationKind.Polygons } ? (mask.Height, mask.Width) : (image.Height, image.Width);

    private static DetEvalInputException Differs(SaCoDataset file, GroundTruth truth, (int Height, int Width) size, string predictionsFile, string at, (int Height, int Width) predicted, ImageInfo image)
    {
        string truthAt = $"$.annotations[{IndexOf(file, truth)}].segmentation.size";
        var own = (image.Height, image.Width);
        if (predicted == own)
        {
            // Only the instance differs from its pair's image: it is the mask in error.
            return new DetEvalInputException(file.Source, truthAt,
                $"mask size [{size.Height}, {size.Width}] differs from pair {image.Id}'s image [{image.Height}, {image.Width}] and from its prediction's ({at} of {predictionsFile}); the reference never matches masks of different sizes (pycocotools' IoU -1), a silent miss");
        }

        return new DetEvalInputException(predictionsFile, at + ".segmentation.size",
            $"mask size [{predicted.Height}, {predicted.Width}] differs from the ground truth's [{size.Height}, {size.Width}] ({truthAt} of {file.Source}) in pair {image.Id}; the reference never matches masks of different sizes (pycocotools' IoU -1), a silent miss");
    }

    /// <summary>The annotation's position in its file (the error path only).</summary>
    private static int IndexOf(SaCoDataset file, GroundTruth truth)
    {
        var all = file.Dataset.GroundTruths;
        for (int i = 0; i < all.Count; i++)
        {
            if (ReferenceEquals(all[i], truth))
            {
                return i;
            }
        }

        return -1;
    }
}
