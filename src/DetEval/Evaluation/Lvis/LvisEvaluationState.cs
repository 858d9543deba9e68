using DetEval.Evaluation.State;
using DetEval.Matching;

namespace DetEval;

/// <summary>
/// An immutable snapshot of an <see cref="LvisEvaluator"/>: its options, its categories and every image's compact
/// match records. Written and read in DetEval's state file format (<see cref="EvaluationState"/>).
/// </summary>
public sealed class LvisEvaluationState : EvaluationState
{
    private readonly LvisCategory[] categories;

    internal LvisEvaluationState(LvisOptions options, LvisCategory[] categories, ImageMatch[] images)
        : base(Fingerprint(categories))
    {
        Options = options;
        this.categories = categories;
        Images = images;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.Lvis;

    /// <inheritdoc/>
    public override int ImageCount => Images.Length;

    /// <summary>The parameters the records were made with.</summary>
    public LvisOptions Options { get; }

    /// <summary>The evaluated categories, sorted by id.</summary>
    public IReadOnlyList<LvisCategory> Categories => categories;

    /// <summary>The number of result records kept (after the cap and the filters), a measure of the state's size.</summary>
    public long DetectionCount => Images.Sum(i => (long)i.Scores.Length);

    internal ImageMatch[] Images { get; }

    /// <summary>Reads the sections of an LVIS state (the one line of <see cref="StateFile"/> for this protocol).</summary>
    internal static LvisEvaluationState Read(ulong datasetFingerprint, StateReader options, StateReader payload)
    {
        var iouType = options.ReadEnum<IouType>("IoU type");
        var thresholds = options.ReadFiniteDoubles("IoU thresholds");
        var recall = options.ReadFiniteDoubles("recall thresholds");
        var areas = new AreaRange[options.ReadCount(20, "area ranges")];
        for (int i = 0; i < areas.Length; i++)
        {
            areas[i] = new AreaRange(options.ReadString("area label", 256), options.ReadFinite("area minimum"), options.ReadFinite("area maximum"));
        }

        int cap = options.ReadInt32();
        var categories = new LvisCategory[options.ReadCount(13, "categories")];
        for (int i = 0; i < categories.Length; i++)
        {
            int at = options.Position;
            long id = options.ReadInt64();
            var frequency = options.ReadEnum<LvisFrequency>("frequency");
            categories[i] = new LvisCategory(id, options.ReadString("category name"), frequency);
            if (i > 0 && id <= categories[i - 1].Id)
            {
                throw options.Error(at, $"category {id} is not after {categories[i - 1].Id} (ids are stored sorted)");
            }
        }

        LvisOptions lvisOptions;
        try
        {
            lvisOptions = new LvisOptions { IouType = iouType, IouThresholds = thresholds, RecallThresholds = recall, AreaRanges = areas, MaxDetectionsPerImage = cap };
        }
        catch (ArgumentException e)
        {
            throw options.Error(0, "invalid options: " + e.Message);
        }

        if (Fingerprint(categories) != datasetFingerprint)
        {
            throw options.Error("the dataset fingerprint does not match the categories");
        }

        var shape = new RecordFormat.Shape(categories.Length, thresholds.Length, areas.Length, cap >= 0 ? cap : int.MaxValue);
        var images = new ImageMatch[payload.ReadCount(12, "images")];
        var seen = new HashSet<long>();
        for (int i = 0; i < images.Length; i++)
        {
            int at = payload.Position;
            images[i] = RecordFormat.Read(payload, shape);
            if (!seen.Add(images[i].ImageId))
            {
                throw payload.Error(at, $"image {images[i].ImageId} is recorded twice");
            }
        }

        return new LvisEvaluationState(lvisOptions, categories, images);
    }

    private protected override void WriteOptions(StateWriter writer)
    {
        writer.WriteEnum(Options.IouType);
        writer.WriteDoubles(Options.IouThresholds);
        writer.WriteDoubles(Options.RecallThresholds);
        writer.WriteInt32(Options.AreaRanges.Count);
        foreach (var a in Options.AreaRanges)
        {
            writer.WriteString(a.Label);
            writer.WriteDouble(a.Min);
            writer.WriteDouble(a.Max);
        }

        writer.WriteInt32(Options.MaxDetectionsPerImage);
        writer.WriteInt32(categories.Length);
        foreach (var c in categories)
        {
            writer.WriteInt64(c.Id);
            writer.WriteEnum(c.Frequency);
            writer.WriteString(c.Name);
        }
    }

    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteInt32(Images.Length);
        foreach (var image in Images)
        {
            RecordFormat.Write(writer, image);
        }
    }

    private protected override string DescribeOptionDifference(EvaluationState other)
    {
        var a = Options;
        var b = ((LvisEvaluationState)other).Options;
        return a.IouType != b.IouType ? "the IoU types differ"
            : !a.IouThresholds.SequenceEqual(b.IouThresholds) ? "the IoU thresholds differ"
            : !a.RecallThresholds.SequenceEqual(b.RecallThresholds) ? "the recall thresholds differ"
            : !a.AreaRanges.SequenceEqual(b.AreaRanges) ? "the area ranges differ"
            : a.MaxDetectionsPerImage != b.MaxDetectionsPerImage ? "the per-image caps differ"
            : "the categories (names or frequency groups) differ";
    }

    /// <summary>The dataset fingerprint: that of the sorted category ids (shards of one dataset share them).</summary>
    private static ulong Fingerprint(LvisCategory[] categories) => StateFile.Fingerprint([.. categories.Select(c => c.Id)]);
}
