using DetEval.Data;

namespace DetEval;

/// <summary>Ground truth: images, categories and annotations, as read from one dataset.</summary>
public sealed class DetectionDataset
{
    private readonly Dictionary<long, int> imageIndex;

    /// <summary>Creates a dataset; image ids must be unique.</summary>
    /// <param name="images">The images.</param>
    /// <param name="categories">The categories.</param>
    /// <param name="groundTruths">The annotations, in file order.</param>
    /// <param name="source">Where it was read from, for messages.</param>
    public DetectionDataset(IReadOnlyList<ImageInfo> images, IReadOnlyList<Category> categories, IReadOnlyList<GroundTruth> groundTruths, string? source = null)
    {
        Images = images;
        Categories = categories;
        GroundTruths = groundTruths;
        Source = source ?? "";
        imageIndex = new Dictionary<long, int>(images.Count);
        for (int i = 0; i < images.Count; i++)
        {
            if (!imageIndex.TryAdd(images[i].Id, i))
            {
                throw new DetEvalInputException(Source, $"$.images[{i}]", $"duplicate image id {images[i].Id}");
            }
        }
    }

    /// <summary>The images, in file order.</summary>
    public IReadOnlyList<ImageInfo> Images { get; }

    /// <summary>The categories, in file order.</summary>
    public IReadOnlyList<Category> Categories { get; }

    /// <summary>The ground-truth annotations, in file order.</summary>
    public IReadOnlyList<GroundTruth> GroundTruths { get; }

    /// <summary>The file it was read from (empty when built in code).</summary>
    public string Source { get; }

    /// <summary>Finds an image by id.</summary>
    public bool TryGetImage(long imageId, out ImageInfo image)
    {
        if (imageIndex.TryGetValue(imageId, out int i))
        {
            image = Images[i];
            return true;
        }

        image = null!;
        return false;
    }

    /// <summary>The position of an image in <see cref="Images"/>, or -1.</summary>
    public int IndexOfImage(long imageId) => imageIndex.TryGetValue(imageId, out int i) ? i : -1;

    /// <summary>A lookup for one loop over results that remembers its last answer (see <see cref="ImageCursor"/>).</summary>
    internal ImageCursor Cursor() => new(this);

    /// <summary>
    /// <see cref="IndexOfImage"/> for one reader at a time, remembering the last id it was asked: results list an
    /// image's detections together, so most lookups repeat the one before and skip the hash table.
    /// </summary>
    internal struct ImageCursor(DetectionDataset dataset)
    {
        private long lastId;
        private int lastIndex = -2;

        /// <summary>The image's index, or -1.</summary>
        public int IndexOf(long imageId)
        {
            if (lastIndex == -2 || imageId != lastId)
            {
                (lastId, lastIndex) = (imageId, dataset.IndexOfImage(imageId));
            }

            return lastIndex;
        }

        /// <summary>The image, as <see cref="TryGetImage"/> gives it.</summary>
        public bool TryGet(long imageId, out ImageInfo image)
        {
            int i = IndexOf(imageId);
            image = i >= 0 ? dataset.Images[i] : null!;
            return i >= 0;
        }
    }
}
