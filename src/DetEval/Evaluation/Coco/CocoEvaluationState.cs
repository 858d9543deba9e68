using DetEval.Matching;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="CocoEvaluator"/>: the parameters, the category ids and
/// every image's compact match records (scores and per-threshold match flags; no boxes, no masks).
/// It serialises to a compact binary form with <see cref="WriteTo"/> / <see cref="ReadFrom"/>.
/// </summary>
public sealed partial class CocoEvaluationState
{
    internal CocoEvaluationState(CocoOptions options, long[] categoryIds, IReadOnlyDictionary<long, string> categoryNames, ImageMatch[] images)
    {
        Options = options;
        CategoryIds = categoryIds;
        CategoryNames = categoryNames;
        Images = images;
    }

    /// <summary>The parameters the records were matched with.</summary>
    public CocoOptions Options { get; }

    /// <summary>The evaluated category ids, sorted (<c>[-1]</c> without categories).</summary>
    public IReadOnlyList<long> CategoryIds { get; }

    /// <summary>Category names by id, where known.</summary>
    public IReadOnlyDictionary<long, string> CategoryNames { get; }

    /// <summary>The number of images recorded.</summary>
    public int ImageCount => Images.Length;

    /// <summary>The number of detection records kept (after the per-image cut), a measure of the state's size.</summary>
    public long DetectionCount => Images.Sum(i => (long)i.Scores.Length);

    internal ImageMatch[] Images { get; }

    /// <summary>Whether records made under <paramref name="other"/> can be pooled with these.</summary>
    internal bool IsCompatibleWith(CocoEvaluationState other, out string why)
    {
        var a = Options;
        var b = other.Options;
        why = a.IouType != b.IouType ? "the IoU types differ"
            : !a.IouThresholds.SequenceEqual(b.IouThresholds) ? "the IoU thresholds differ"
            : !a.RecallThresholds.SequenceEqual(b.RecallThresholds) ? "the recall thresholds differ"
            : !a.MaxDetections.SequenceEqual(b.MaxDetections) ? "the max detections differ"
            : !a.AreaRanges.SequenceEqual(b.AreaRanges) ? "the area ranges differ"
            : a.UseCategories != b.UseCategories ? "one uses categories and the other does not"
            : a.HonorIgnoreFlag != b.HonorIgnoreFlag ? "the ignore-flag rule differs"
            : !CategoryIds.SequenceEqual(other.CategoryIds) ? "the category ids differ"
            : "";
        return why.Length == 0;
    }
}
