using DetEval.Data;

namespace DetEval;

/// <summary>
/// An LVIS ground truth: the COCO-shaped dataset (images, categories, annotations) plus what LVIS adds, each
/// category's frequency group and each image's negative and not-exhaustive category lists.
/// </summary>
public sealed class LvisDataset
{
    private readonly LvisImageLabels[] labels;

    /// <summary>Creates an LVIS dataset.</summary>
    /// <param name="dataset">Images, categories and annotations.</param>
    /// <param name="categories">The LVIS categories (with frequency), one per category of <paramref name="dataset"/>.</param>
    /// <param name="labels">Each image's lists, in the order of <see cref="DetectionDataset.Images"/>.</param>
    /// <exception cref="ArgumentException">The counts do not match the dataset's.</exception>
    public LvisDataset(DetectionDataset dataset, IReadOnlyList<LvisCategory> categories, IReadOnlyList<LvisImageLabels> labels)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(labels);
        if (categories.Count != dataset.Categories.Count || labels.Count != dataset.Images.Count)
        {
            throw new ArgumentException($"{categories.Count} LVIS categories and {labels.Count} image label lists for {dataset.Categories.Count} categories and {dataset.Images.Count} images");
        }

        Dataset = dataset;
        Categories = categories;
        this.labels = [.. labels];
    }

    /// <summary>Images, categories and annotations.</summary>
    public DetectionDataset Dataset { get; }

    /// <summary>The categories with their frequency groups, in file order.</summary>
    public IReadOnlyList<LvisCategory> Categories { get; }

    /// <summary>The lists of image <paramref name="imageIndex"/> (an index into <see cref="DetectionDataset.Images"/>).</summary>
    /// <param name="imageIndex">The image's position.</param>
    /// <returns>Its negative and not-exhaustive categories.</returns>
    public LvisImageLabels LabelsAt(int imageIndex) => labels[imageIndex];

    /// <summary>The lists of the image with id <paramref name="imageId"/>.</summary>
    /// <param name="imageId">The image id.</param>
    /// <returns>Its negative and not-exhaustive categories.</returns>
    /// <exception cref="KeyNotFoundException">The image is not in the dataset.</exception>
    public LvisImageLabels LabelsOf(long imageId)
    {
        int i = Dataset.IndexOfImage(imageId);
        return i >= 0 ? labels[i] : throw new KeyNotFoundException($"image {imageId} is not in the dataset");
    }
}
