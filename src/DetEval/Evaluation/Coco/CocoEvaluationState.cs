using System.Globalization;
using DetEval.Evaluation;
using DetEval.Evaluation.State;
using DetEval.Matching;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="CocoEvaluator"/>: the parameters, the category ids and every image's
/// compact match records (scores and per-threshold match flags; no boxes, no masks), in DetEval's state format.
/// </summary>
/// <remarks>
/// The options section holds the parameters that decide the records (IoU type and thresholds, recall thresholds,
/// max detections, area ranges, the category rules and the summary rule; not the image filter, which only selects
/// images). The dataset fingerprint is taken over the evaluated category ids: shards of one dataset hold different
/// images but the same categories. The payload holds the category names and, per image, its id and per category
/// present: the kept detections' scores, their match flags per IoU threshold and area range, the positives per area
/// range and the counts of ground truths, crowd ground truths and detections.
/// </remarks>
public sealed class CocoEvaluationState : EvaluationState
{
    internal CocoEvaluationState(CocoOptions options, long[] categoryIds, IReadOnlyDictionary<long, string> categoryNames, ImageMatch[] images)
        : base(StateFile.Fingerprint(categoryIds))
    {
        Options = options.ImageIds is null ? options : options with { ImageIds = null };
        CategoryIdArray = categoryIds;
        CategoryIds = Array.AsReadOnly(categoryIds);
        CategoryNames = categoryNames;
        Images = images;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.Coco;

    /// <summary>The parameters the records were matched with (<see cref="CocoOptions.ImageIds"/> is not kept).</summary>
    public CocoOptions Options { get; }

    /// <summary>The evaluated category ids, sorted (<c>[-1]</c> without categories).</summary>
    public IReadOnlyList<long> CategoryIds { get; }

    /// <summary>Category names by id, where known.</summary>
    public IReadOnlyDictionary<long, string> CategoryNames { get; }

    /// <inheritdoc/>
    public override int ImageCount => Images.Length;

    /// <summary>The number of detection records kept (after the per-image cut), a measure of the state's size.</summary>
    public long DetectionCount => Images.Sum(i => (long)i.Scores.Length);

    internal long[] CategoryIdArray { get; }

    internal ImageMatch[] Images { get; }

    /// <summary>Reads a COCO state from a stream, from its current position to its end.</summary>
    /// <param name="stream">The stream (seekable or not); left open.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or another protocol's.</exception>
    public static new CocoEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<CocoEvaluationState>(stream, source);

    private protected override void WriteOptions(StateWriter writer)
    {
        var o = Options;
        writer.WriteEnum(o.IouType);
        writer.WriteDoubles(o.IouThresholds);
        writer.WriteDoubles(o.RecallThresholds);
        writer.WriteInt32(o.MaxDetections.Count);
        foreach (int m in o.MaxDetections)
        {
            writer.WriteInt32(m);
        }

        writer.WriteInt32(o.AreaRanges.Count);
        foreach (var a in o.AreaRanges)
        {
            writer.WriteString(a.Label);
            writer.WriteDouble(a.Min);
            writer.WriteDouble(a.Max);
        }

        writer.WriteBool(o.UseCategories);
        writer.WriteBool(o.HonorIgnoreFlag);
        writer.WriteBool(o.SummaryUsesLastMaxDetections);
        writer.WriteBool(o.CategoryIds is not null);
        if (o.CategoryIds is not null)
        {
            writer.WriteLongs([.. o.CategoryIds]);
        }

        if (o.IouType == IouType.Keypoints)
        {
            // Only keypoint states carry sigmas (the default list, then per category in id order).
            writer.WriteDoubles(o.KeypointSigmas);
            var byCategory = (o.KeypointSigmasByCategory ?? new Dictionary<long, IReadOnlyList<double>>()).OrderBy(e => e.Key).ToArray();
            writer.WriteInt32(byCategory.Length);
            foreach (var (id, sigmas) in byCategory)
            {
                writer.WriteInt64(id);
                writer.WriteDoubles(sigmas);
            }
        }
    }

    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteLongs(CategoryIdArray);
        foreach (long id in CategoryIdArray)
        {
            writer.WriteString(CategoryNames.TryGetValue(id, out string? name) ? name : "");
        }

        writer.WriteInt32(Images.Length);
        foreach (var image in Images)
        {
            RecordFormat.Write(writer, image);
        }
    }

    private protected override string DescribeOptionDifference(EvaluationState other)
    {
        var a = Options;
        var b = ((CocoEvaluationState)other).Options;
        return a.IouType != b.IouType ? "the IoU types differ"
            : !a.IouThresholds.SequenceEqual(b.IouThresholds) ? "the IoU thresholds differ"
            : !a.RecallThresholds.SequenceEqual(b.RecallThresholds) ? "the recall thresholds differ"
            : !a.MaxDetections.SequenceEqual(b.MaxDetections) ? "the max detections differ"
            : !a.AreaRanges.SequenceEqual(b.AreaRanges) ? "the area ranges differ"
            : a.UseCategories != b.UseCategories ? "one uses categories and the other does not"
            : a.HonorIgnoreFlag != b.HonorIgnoreFlag ? "the ignore-flag rule differs"
            : a.SummaryUsesLastMaxDetections != b.SummaryUsesLastMaxDetections ? "the summary rule (maxDets of the AP lines) differs"
            : a.IouType == IouType.Keypoints && !SameSigmas(a, b) ? "the keypoint sigmas differ"
            : "the category filters differ";
    }

    private protected override string DescribeDatasetDifference(EvaluationState other) =>
        $"the category ids differ ({Describe(CategoryIds)} vs {Describe(((CocoEvaluationState)other).CategoryIds)})";

    /// <summary>Reads the sections written by <see cref="WriteOptions"/> and <see cref="WritePayload"/>.</summary>
    internal static CocoEvaluationState Read(ulong dataset, StateReader options, StateReader payload)
    {
        var o = ReadOptions(options);
        int at = payload.Position;
        long[] ids = payload.ReadLongs("categories");
        if (ids.Length == 0 || StateFile.Fingerprint(ids) != dataset)
        {
            throw payload.Error(at, "the category ids do not match the dataset fingerprint");
        }

        if (!o.UseCategories ? ids is not [-1] : o.CategoryIds is not null && !ids.SequenceEqual(o.CategoryIds.Distinct().Order()))
        {
            throw payload.Error(at, "the category ids do not match the options");
        }

        for (int k = 1; k < ids.Length; k++)
        {
            if (ids[k] <= ids[k - 1])
            {
                throw payload.Error(at, "the category ids are not sorted and distinct");
            }
        }

        var names = new Dictionary<long, string>();
        foreach (long id in ids)
        {
            string name = payload.ReadString("category name");
            if (name.Length > 0)
            {
                names[id] = name;
            }
        }

        var shape = new RecordFormat.Shape(ids.Length, o.IouThresholds.Count, o.AreaRanges.Count, o.MaxDetections[^1]);
        var images = new ImageMatch[payload.ReadCount(12, "images")];
        var seen = new HashSet<long>();
        for (int i = 0; i < images.Length; i++)
        {
            int imageAt = payload.Position;
            images[i] = RecordFormat.Read(payload, shape);
            if (!seen.Add(images[i].ImageId))
            {
                throw payload.Error(imageAt, $"image {images[i].ImageId} is recorded twice");
            }
        }

        return new CocoEvaluationState(o, ids, names, images);
    }

    private static CocoOptions ReadOptions(StateReader r)
    {
        int at = r.Position;
        var iouType = r.ReadEnum<IouType>("IoU type");
        var thresholds = r.ReadFiniteDoubles("IoU thresholds");
        var recall = r.ReadFiniteDoubles("recall thresholds");
        var maxDets = r.ReadInts("max detections");
        var areas = new AreaRange[r.ReadCount(20, "area ranges")];
        for (int i = 0; i < areas.Length; i++)
        {
            areas[i] = new AreaRange(r.ReadString("area label"), r.ReadDouble(), r.ReadDouble());
        }

        bool useCategories = r.ReadBool();
        bool honorIgnore = r.ReadBool();
        bool summaryLast = r.ReadBool();
        long[]? filter = r.ReadBool() ? r.ReadLongs("category filter") : null;
        IReadOnlyList<double> sigmas = CocoOptions.CocoKeypointSigmas;
        Dictionary<long, IReadOnlyList<double>>? sigmasByCategory = null;
        if (iouType == IouType.Keypoints)
        {
            sigmas = r.ReadFiniteDoubles("keypoint sigmas");
            int n = r.ReadCount(12, "per-category sigmas");
            for (int i = 0; i < n; i++)
            {
                int idAt = r.Position;
                long id = r.ReadInt64();
                sigmasByCategory ??= [];
                if (!sigmasByCategory.TryAdd(id, r.ReadFiniteDoubles("keypoint sigmas")))
                {
                    throw r.Error(idAt, $"the sigmas of category {id} are given twice");
                }
            }
        }

        return r.Options(at, () => new CocoOptions
        {
            IouType = iouType,
            IouThresholds = thresholds,
            RecallThresholds = recall,
            MaxDetections = maxDets,
            AreaRanges = areas,
            UseCategories = useCategories,
            HonorIgnoreFlag = honorIgnore,
            SummaryUsesLastMaxDetections = summaryLast,
            CategoryIds = filter,
            KeypointSigmas = sigmas,
            KeypointSigmasByCategory = sigmasByCategory,
        });
    }

    private static bool SameSigmas(CocoOptions a, CocoOptions b)
    {
        var x = a.KeypointSigmasByCategory ?? new Dictionary<long, IReadOnlyList<double>>();
        var y = b.KeypointSigmasByCategory ?? new Dictionary<long, IReadOnlyList<double>>();
        return a.KeypointSigmas.SequenceEqual(b.KeypointSigmas) && x.Count == y.Count
            && x.All(e => y.TryGetValue(e.Key, out var other) && e.Value.SequenceEqual(other));
    }

    private static string Describe(IReadOnlyList<long> ids) =>
        ids.Count <= 8 ? string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) : $"{ids.Count} categories";
}
