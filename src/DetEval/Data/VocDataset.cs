using DetEval.Data;

namespace DetEval;

/// <summary>
/// VOC ground truth: a <see cref="DetectionDataset"/> (image id = index in the image set, category id = class
/// index + 1) with the raw corners of each ground truth as the file gave them.
/// </summary>
public sealed class VocDataset
{
    /// <summary>Wraps a dataset; <paramref name="corners"/> default to the corners of each COCO box.</summary>
    /// <param name="dataset">The images, classes and objects.</param>
    /// <param name="corners">Per ground truth (aligned with <see cref="DetectionDataset.GroundTruths"/>): its raw corners.</param>
    public VocDataset(DetectionDataset dataset, IReadOnlyList<BoxCorners>? corners = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Dataset = dataset;
        Corners = corners ?? [.. dataset.GroundTruths.Select(g => BoxCorners.FromBox(g.Box))];
        if (Corners.Count != dataset.GroundTruths.Count)
        {
            throw new ArgumentException($"{Corners.Count} corners for {dataset.GroundTruths.Count} ground truths", nameof(corners));
        }
    }

    /// <summary>The images, classes and objects.</summary>
    public DetectionDataset Dataset { get; }

    /// <summary>The raw corners of each ground truth, aligned with <see cref="DetectionDataset.GroundTruths"/>.</summary>
    public IReadOnlyList<BoxCorners> Corners { get; }

    /// <summary>The class names in category order.</summary>
    public IReadOnlyList<string> ClassNames => [.. Dataset.Categories.Select(c => c.Name)];
}
