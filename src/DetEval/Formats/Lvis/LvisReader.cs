using DetEval.Formats.Lvis;

namespace DetEval;

/// <summary>
/// Reads LVIS ground truth and results (lvis-api's <c>LVIS</c> and <c>LVISResults</c>) with the COCO reader's
/// streaming parser: the same bounded, strict input, plus LVIS's fields.
/// </summary>
public static class LvisReader
{
    /// <summary>
    /// Reads an LVIS ground-truth file: COCO's images, categories and annotations, each image's
    /// <c>neg_category_ids</c> and <c>not_exhaustive_category_ids</c> and each category's <c>frequency</c>.
    /// </summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="readSegmentation">Whether to read the masks (needed for segm).</param>
    /// <returns>The dataset.</returns>
    /// <exception cref="DetEvalInputException">The file is missing, malformed, inconsistent, or lacks an LVIS field.</exception>
    public static LvisDataset ReadGroundTruth(string path, bool readSegmentation = true)
    {
        var fields = new LvisGroundTruthFields();
        var dataset = CocoReader.ReadExtendedGroundTruth(path, readSegmentation, fields);
        var categories = new LvisCategory[dataset.Categories.Count];
        for (int i = 0; i < categories.Length; i++)
        {
            categories[i] = new LvisCategory(dataset.Categories[i].Id, dataset.Categories[i].Name, fields.FrequencyAt(i));
        }

        var labels = new LvisImageLabels[dataset.Images.Count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = fields.LabelsAt(i);
        }

        return new LvisDataset(dataset, categories, labels);
    }

    /// <summary>
    /// Reads an LVIS results file: a JSON array of <c>{image_id, category_id, bbox | segmentation, score}</c>.
    /// </summary>
    /// <remarks>
    /// As <c>LVISResults</c>: box results get <c>area = w*h</c>, mask results the mask's pixel count; the rule for all
    /// is decided by the first result after the per-image cap of <paramref name="options"/> (the best-scoring result
    /// of the first image when that image has more than the cap). The cap itself, and every filter, is applied by
    /// <see cref="LvisEvaluator"/>. An empty list is valid.
    /// </remarks>
    /// <param name="path">The JSON file.</param>
    /// <param name="groundTruth">The ground truth the results refer to.</param>
    /// <param name="options">The evaluation options (for the cap); <see cref="LvisOptions.Lvis"/> when null.</param>
    /// <param name="maxDetections">The most results accepted from the file (memory stays bounded).</param>
    /// <returns>The results in file order.</returns>
    /// <exception cref="DetEvalInputException">The file is missing, malformed or names images the ground truth lacks.</exception>
    public static DetectionSet ReadResults(string path, LvisDataset groundTruth, LvisOptions? options = null, int maxDetections = 50_000_000)
    {
        ArgumentNullException.ThrowIfNull(groundTruth);
        int cap = (options ?? LvisOptions.Lvis()).MaxDetectionsPerImage;
        var readOptions = new CocoResultsOptions { MaxDetections = maxDetections };
        return CocoReader.ReadResults(path, groundTruth.Dataset, readOptions, keys => FirstAfterCap(keys, cap));
    }

    /// <summary>
    /// The result that comes first after <c>limit_dets_per_image</c>: the first result of the file, unless its image
    /// has more than <paramref name="cap"/> results; then that image's best-scoring one (the first of equal scores).
    /// </summary>
    internal static int FirstAfterCap(IReadOnlyList<(long ImageId, double Score)> keys, int cap)
    {
        long image = keys[0].ImageId;
        int count = 0, best = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            if (keys[i].ImageId != image)
            {
                continue;
            }

            count++;
            if (keys[i].Score > keys[best].Score)
            {
                best = i;
            }
        }

        return cap >= 0 && count > cap ? best : 0;
    }
}
