using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using DetEval.Data;

namespace DetEval;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> of a partitioned evaluation: the images whose key hashes to
/// <see cref="Index"/>. Each shard's state is merged with the others' (<c>deteval merge --expect N</c>, or
/// <see cref="IEvaluator{TSelf, TState, TResult}"/>'s <c>FromStates</c>) into the report of the whole.
/// </summary>
/// <remarks>
/// <para>
/// The partition is <c>shard(key) = XxHash64(bytes(key), seed 0) mod N</c>, where <c>bytes(key)</c> is the image id
/// as 8 little-endian bytes of a signed 64-bit integer (COCO, LVIS and the other JSON formats with numeric ids) or the
/// UTF-8 bytes of the image's name (VOC and DOTA image names, SAM image stems, SAM video names). It depends on nothing but the
/// key and N, so it is the same on every run, machine and DetEval version.
/// </para>
/// <para>
/// A hash rather than <c>id mod N</c>: real id sets are sparse or strided (every id even, blocks per source), which
/// <c>id mod N</c> turns into unequal shards; the hash spreads any set evenly and partitions names the same way as ids.
/// In Python: <c>tools/cluster/shard_of.py N ID</c> (no package), or <c>xxhash.xxh64_intdigest(struct.pack('&lt;q', image_id)) % n</c>.
/// </para>
/// </remarks>
public readonly record struct Shard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <param name="index">The shard, 0 to <paramref name="count"/> - 1.</param>
    /// <param name="count">The number of shards, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1 or the index outside 0..count-1.</exception>
    public Shard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    /// <summary>The shard, 0 to <see cref="Count"/> - 1.</summary>
    public int Index { get; }

    /// <summary>The number of shards.</summary>
    public int Count { get; }

    /// <summary>The shard of the image with a numeric id.</summary>
    /// <param name="imageId">The image id.</param>
    /// <param name="count">The number of shards, at least 1.</param>
    /// <returns><c>XxHash64(imageId as 8 little-endian bytes) mod count</c>.</returns>
    public static int Of(long imageId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, imageId);
        return (int)(XxHash64.HashToUInt64(bytes) % (ulong)count);
    }

    /// <summary>The shard of the image (or video) with a name.</summary>
    /// <param name="imageName">The image's name (VOC image name, SAM stem, video folder name).</param>
    /// <param name="count">The number of shards, at least 1.</param>
    /// <returns><c>XxHash64(UTF-8 bytes of the name) mod count</c>.</returns>
    public static int Of(string imageName, int count)
    {
        ArgumentNullException.ThrowIfNull(imageName);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return (int)(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(imageName)) % (ulong)count);
    }

    /// <summary>Whether the image with this id is in the shard.</summary>
    /// <param name="imageId">The image id.</param>
    /// <returns>True when <see cref="Of(long, int)"/> gives <see cref="Index"/>.</returns>
    public bool Contains(long imageId) => Of(imageId, Count) == Index;

    /// <summary>Whether the image (or video) with this name is in the shard.</summary>
    /// <param name="imageName">The name.</param>
    /// <returns>True when <see cref="Of(string, int)"/> gives <see cref="Index"/>.</returns>
    public bool Contains(string imageName) => Of(imageName, Count) == Index;

    /// <summary>The shard's part of a dataset: its images (in their order), their ground truths, every category.</summary>
    /// <param name="dataset">The whole dataset.</param>
    /// <returns>The images whose id is in the shard.</returns>
    public DetectionDataset Select(DetectionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var self = this;
        return new DetectionDataset(
            [.. dataset.Images.Where(i => self.Contains(i.Id))],
            dataset.Categories,
            [.. dataset.GroundTruths.Where(g => self.Contains(g.ImageId))],
            dataset.Source);
    }

    /// <summary>The shard's part of a results set: the detections on its images, in their order.</summary>
    /// <param name="results">The whole results set.</param>
    /// <returns>The detections whose image id is in the shard.</returns>
    public DetectionSet Select(DetectionSet results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var kept = new List<Detection>();
        foreach (ref readonly var d in results.AsSpan())
        {
            if (Contains(d.ImageId))
            {
                kept.Add(d);
            }
        }

        return new DetectionSet(kept, results.Source);
    }

    /// <summary>The shard's part of an LVIS dataset: its images with their label lists, their ground truths.</summary>
    /// <param name="dataset">The whole dataset.</param>
    /// <returns>The images whose id is in the shard.</returns>
    public LvisDataset Select(LvisDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var images = dataset.Dataset.Images;
        var labels = new List<LvisImageLabels>();
        for (int i = 0; i < images.Count; i++)
        {
            if (Contains(images[i].Id))
            {
                labels.Add(dataset.LabelsAt(i));
            }
        }

        return new LvisDataset(Select(dataset.Dataset), dataset.Categories, labels);
    }

    /// <summary>The shard's part of a VOC dataset, by image name (the file name, else the id).</summary>
    /// <param name="dataset">The whole dataset.</param>
    /// <returns>The images whose name is in the shard, with their objects.</returns>
    /// <remarks>Evaluate it with an evaluator made for the whole dataset, so that tied scores keep their image-set order.</remarks>
    public VocDataset Select(VocDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var (data, kept) = SelectByName(dataset.Dataset);
        return new VocDataset(data, [.. kept.Select(g => dataset.Corners[g])]);
    }

    /// <summary>The shard's part of VOC detections: those on the images of <paramref name="shardDataset"/>.</summary>
    /// <param name="detections">The whole detection set.</param>
    /// <param name="shardDataset">The shard's dataset (from <see cref="Select(VocDataset)"/>).</param>
    /// <returns>The detections on the shard's images, in their order.</returns>
    public static VocDetectionSet Select(VocDetectionSet detections, VocDataset shardDataset)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(shardDataset);
        var kept = DetectionsOn(detections.Detections, shardDataset.Dataset);
        return new VocDetectionSet(Pick(detections.Detections, kept), [.. kept.Select(i => detections.Corners[i])]);
    }

    /// <summary>The shard's part of a DOTA dataset, by image name.</summary>
    /// <param name="dataset">The whole dataset.</param>
    /// <returns>The images whose name is in the shard, with their objects and quads.</returns>
    /// <remarks>Evaluate it with an evaluator made for the whole dataset, so that tied scores keep their image-set order.</remarks>
    public DotaDataset Select(DotaDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var (data, kept) = SelectByName(dataset.Dataset);
        return new DotaDataset(data, [.. kept.Select(g => dataset.Quads[g])]);
    }

    /// <summary>The shard's part of DOTA detections: those on the images of <paramref name="shardDataset"/>, keeping
    /// their positions in the whole results files (the order tied scores keep).</summary>
    /// <param name="detections">The whole detection set.</param>
    /// <param name="shardDataset">The shard's dataset (from <see cref="Select(DotaDataset)"/>).</param>
    /// <returns>The detections on the shard's images, in their order.</returns>
    public static DotaDetectionSet Select(DotaDetectionSet detections, DotaDataset shardDataset)
    {
        ArgumentNullException.ThrowIfNull(detections);
        ArgumentNullException.ThrowIfNull(shardDataset);
        var kept = DetectionsOn(detections.Detections, shardDataset.Dataset);
        return new DotaDetectionSet(Pick(detections.Detections, kept), [.. kept.Select(i => detections.Quads[i])], [.. kept.Select(i => detections.Positions[i])]);
    }

    /// <summary>The images whose name (file name, else id) is in the shard, and the indices of their ground truths.</summary>
    private (DetectionDataset Data, List<int> KeptTruths) SelectByName(DetectionDataset data)
    {
        var self = this;
        var keptImages = data.Images.Where(i => self.Contains(VocEvaluator.NameOf(i))).ToList();
        var keptIds = keptImages.Select(i => i.Id).ToHashSet();
        var kept = new List<int>();
        for (int g = 0; g < data.GroundTruths.Count; g++)
        {
            if (keptIds.Contains(data.GroundTruths[g].ImageId))
            {
                kept.Add(g);
            }
        }

        return (new DetectionDataset(keptImages, data.Categories, [.. kept.Select(g => data.GroundTruths[g])], data.Source), kept);
    }

    /// <summary>The indices of the detections on an image of <paramref name="shardData"/>.</summary>
    private static List<int> DetectionsOn(DetectionSet all, DetectionDataset shardData)
    {
        var kept = new List<int>();
        for (int i = 0; i < all.Count; i++)
        {
            if (shardData.IndexOfImage(all[i].ImageId) >= 0)
            {
                kept.Add(i);
            }
        }

        return kept;
    }

    private static DetectionSet Pick(DetectionSet all, List<int> kept) => new(kept.Select(i => all[i]), all.Source);

    /// <summary>The shard as <c>I/N</c>, as <c>--shard</c> takes it.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
