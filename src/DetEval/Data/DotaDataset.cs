namespace DetEval;

/// <summary>
/// DOTA ground truth: a <see cref="DetectionDataset"/> (image id = position in the image set, named by
/// <see cref="ImageInfo.FileName"/>; category id = class index + 1; each object's <see cref="GroundTruth.Box"/> is its
/// quad's axis-aligned hull) with each object's quad as the file gave it.
/// </summary>
public sealed class DotaDataset
{
    /// <summary>Wraps a dataset and its objects' quads.</summary>
    /// <param name="dataset">The images, classes and objects.</param>
    /// <param name="quads">Per ground truth (aligned with <see cref="DetectionDataset.GroundTruths"/>): its quad.</param>
    /// <exception cref="ArgumentException">The counts differ.</exception>
    public DotaDataset(DetectionDataset dataset, IReadOnlyList<Quad> quads)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(quads);
        if (quads.Count != dataset.GroundTruths.Count)
        {
            throw new ArgumentException($"{quads.Count} quads for {dataset.GroundTruths.Count} ground truths", nameof(quads));
        }

        Dataset = dataset;
        Quads = quads;
    }

    /// <summary>The images, classes and objects.</summary>
    public DetectionDataset Dataset { get; }

    /// <summary>Each object's quad, aligned with <see cref="DetectionDataset.GroundTruths"/>.</summary>
    public IReadOnlyList<Quad> Quads { get; }
}
