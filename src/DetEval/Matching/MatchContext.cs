using DetEval.Evaluation;

namespace DetEval.Matching;

/// <summary>What matching needs from the options, resolved once: category indices, sizes, the IoU source.</summary>
internal sealed class MatchContext
{
    public MatchContext(CocoOptions options, IEnumerable<long> categoryIds, CellIou iou)
    {
        Options = options;
        CategoryIds = options.UseCategories
            ? [.. (options.CategoryIds ?? categoryIds.ToList()).Distinct().Order()]
            : [-1];
        CategoryIndex = new Dictionary<long, int>(CategoryIds.Length);
        for (int k = 0; k < CategoryIds.Length; k++)
        {
            CategoryIndex[CategoryIds[k]] = k;
        }

        ImageFilter = options.ImageIds is null ? null : [.. options.ImageIds];
        Iou = iou;
        MaxDetections = options.MaxDetections[^1];
        Thresholds = [.. options.IouThresholds.Select(static t => Math.Min(t, 1 - 1e-10))];
        AreaRanges = [.. options.AreaRanges];
    }

    /// <summary>The IoU thresholds as the matcher compares with them: capped at 1 - 1e-10 (the reference's
    /// <c>min([t, 1 - 1e-10])</c>), in an array for the hot loop.</summary>
    public double[] Thresholds { get; }

    /// <summary>The area ranges, in an array for the hot loop.</summary>
    public AreaRange[] AreaRanges { get; }

    public CocoOptions Options { get; }

    /// <summary>Category ids in evaluation order (sorted; <c>[-1]</c> when categories are not used).</summary>
    public long[] CategoryIds { get; }

    public Dictionary<long, int> CategoryIndex { get; }

    public HashSet<long>? ImageFilter { get; }

    public CellIou Iou { get; }

    /// <summary>Detections kept per cell: the last max-detections value, as the reference's <c>maxDets[-1]</c>.</summary>
    public int MaxDetections { get; }

    public int ThresholdCount => Options.IouThresholds.Count;

    public int AreaCount => Options.AreaRanges.Count;

    public bool Includes(long imageId) => ImageFilter is null || ImageFilter.Contains(imageId);

    /// <summary>The category index of an annotation, or -1 when it is not evaluated.</summary>
    public int IndexOf(long categoryId)
    {
        if (!Options.UseCategories)
        {
            return 0;
        }

        return CategoryIndex.TryGetValue(categoryId, out int k) ? k : -1;
    }
}
