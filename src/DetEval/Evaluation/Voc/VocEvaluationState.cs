using DetEval.Evaluation.State;
using DetEval.Matching;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="VocEvaluator"/>: the options, the classes, the image set (when the evaluator
/// had one) and every image's compact records (per class: object counts, detection scores and outcomes; no boxes),
/// in DetEval's state format.
/// </summary>
/// <remarks>
/// The dataset fingerprint is taken over the class names in sorted (ordinal) order, so that shards listing the same
/// classes in another order merge; <see cref="VocEvaluator.Merge"/> aligns them by name. Each image record keeps its
/// name, its position in the image set (-1 when unknown) and, per detection, its position in its input.
/// </remarks>
public sealed class VocEvaluationState : EvaluationState
{
    internal VocEvaluationState(VocOptions options, Category[] classes, string[]? imageSet, ImageMatch[] images)
        : base(StateFile.Fingerprint(classes.Select(c => c.Name).Order(StringComparer.Ordinal)))
    {
        Options = options;
        Classes = Array.AsReadOnly(classes);
        ImageSet = imageSet is null ? null : Array.AsReadOnly(imageSet);
        ImageSetFingerprint = imageSet is null ? 0 : StateFile.Fingerprint(imageSet);
        Images = images;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.Voc;

    /// <summary>The options the records were matched with.</summary>
    public VocOptions Options { get; }

    /// <summary>The classes, in report order.</summary>
    public IReadOnlyList<Category> Classes { get; }

    /// <summary>The image set the evaluator ordered ties by, or null (ties by image name).</summary>
    public IReadOnlyList<string>? ImageSet { get; }

    /// <inheritdoc/>
    public override int ImageCount => Images.Length;

    /// <summary>The number of detection records kept, a measure of the state's size.</summary>
    public long DetectionCount => Images.Sum(i => (long)i.Scores.Length);

    internal ulong ImageSetFingerprint { get; }

    internal ImageMatch[] Images { get; }

    /// <summary>Reads a VOC state from a stream, from its current position to its end.</summary>
    /// <param name="stream">The stream (seekable or not); left open.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or another protocol's.</exception>
    public static new VocEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<VocEvaluationState>(stream, source);

    private protected override void WriteOptions(StateWriter writer)
    {
        var o = Options;
        writer.WriteDouble(o.IouThreshold);
        writer.WriteEnum(o.IouComparison);
        writer.WriteEnum(o.PixelConvention);
        writer.WriteEnum(o.AveragePrecisionMethod);
        writer.WriteEnum(o.ElevenPointLevels);
        writer.WriteBool(o.IgnoreDifficult);
        writer.WriteDoubles(o.RecallThresholds);
    }

    private protected override void WritePayload(StateWriter writer) => WriteRecords(writer);

    /// <summary>The payload: classes, image set and records (also the payload of protocols on this engine, such as DOTA).</summary>
    internal void WriteRecords(StateWriter writer)
    {
        writer.WriteInt32(Classes.Count);
        foreach (var c in Classes)
        {
            writer.WriteInt64(c.Id);
            writer.WriteString(c.Name);
        }

        writer.WriteBool(ImageSet is not null);
        if (ImageSet is not null)
        {
            writer.WriteInt32(ImageSet.Count);
            foreach (string name in ImageSet)
            {
                writer.WriteString(name);
            }
        }

        writer.WriteInt32(Images.Length);
        foreach (var image in Images)
        {
            RecordFormat.Write(writer, image, withNameAndIndices: true);
        }
    }

    private protected override string DescribeOptionDifference(EvaluationState other)
    {
        var a = Options;
        var b = ((VocEvaluationState)other).Options;
        return a.IouThreshold != b.IouThreshold ? "the IoU thresholds differ"
            : a.IouComparison != b.IouComparison ? "the IoU comparisons differ"
            : a.PixelConvention != b.PixelConvention ? "the pixel conventions differ"
            : a.AveragePrecisionMethod != b.AveragePrecisionMethod ? "the AP methods differ"
            : a.ElevenPointLevels != b.ElevenPointLevels ? "the 11-point levels differ"
            : a.IgnoreDifficult != b.IgnoreDifficult ? "the difficult rule differs"
            : "the recall thresholds differ";
    }

    private protected override string DescribeDatasetDifference(EvaluationState other) => DescribeClassDifference((VocEvaluationState)other);

    /// <summary>Which class names only one of the two states has.</summary>
    internal string DescribeClassDifference(VocEvaluationState other)
    {
        var mine = Classes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var theirs = other.Classes.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        string onlyMine = string.Join(", ", mine.Except(theirs).Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
        string onlyTheirs = string.Join(", ", theirs.Except(mine).Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
        return $"the classes differ: only in this state: {(onlyMine.Length > 0 ? onlyMine : "none")}; only in the other: {(onlyTheirs.Length > 0 ? onlyTheirs : "none")} (give every shard the same --classes)";
    }

    /// <summary>Reads the sections written by <see cref="WriteOptions"/> and <see cref="WritePayload"/>.</summary>
    internal static VocEvaluationState Read(ulong dataset, StateReader options, StateReader payload) =>
        ReadRecords(dataset, ReadOptions(options), payload);

    /// <summary>Reads the payload written by <see cref="WriteRecords"/>, for records matched under <paramref name="o"/>.</summary>
    internal static VocEvaluationState ReadRecords(ulong dataset, VocOptions o, StateReader payload)
    {
        int at = payload.Position;
        var classes = new Category[payload.ReadCount(12, "classes")];
        var names = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<long>();
        for (int k = 0; k < classes.Length; k++)
        {
            int classAt = payload.Position;
            classes[k] = new Category(payload.ReadInt64(), payload.ReadString("class name"));
            if (!ids.Add(classes[k].Id) || !names.Add(classes[k].Name))
            {
                throw payload.Error(classAt, $"class {classes[k].Id} '{classes[k].Name}' is listed twice");
            }
        }

        if (StateFile.Fingerprint(names.Order(StringComparer.Ordinal)) != dataset)
        {
            throw payload.Error(at, "the class names do not match the dataset fingerprint");
        }

        string[]? imageSet = null;
        Dictionary<string, int>? positions = null;
        if (payload.ReadBool())
        {
            imageSet = new string[payload.ReadCount(4, "image set")];
            positions = new Dictionary<string, int>(imageSet.Length, StringComparer.Ordinal);
            for (int i = 0; i < imageSet.Length; i++)
            {
                int nameAt = payload.Position;
                imageSet[i] = payload.ReadString("image set name");
                if (!positions.TryAdd(imageSet[i], i))
                {
                    throw payload.Error(nameAt, $"image '{imageSet[i]}' is in the image set twice");
                }
            }
        }

        var shape = new RecordFormat.Shape(classes.Length, 1, 1, int.MaxValue);
        var images = new ImageMatch[payload.ReadCount(16, "images")];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < images.Length; i++)
        {
            int imageAt = payload.Position;
            var image = images[i] = RecordFormat.Read(payload, shape, withNameAndIndices: true);
            if (!seen.Add(image.Name!))
            {
                throw payload.Error(imageAt, $"image '{image.Name}' is recorded twice");
            }

            // A position is the image's place in the state's own image set, or -1 (no image set, or not kept).
            bool placed = positions is not null && positions.TryGetValue(image.Name!, out int position) && position == image.ImageId;
            if (image.ImageId != -1 && !placed)
            {
                throw payload.Error(imageAt, $"image '{image.Name}' has position {image.ImageId}, which its image set does not give it");
            }

            for (int c = 0; c < image.CellCount; c++)
            {
                if (image.PositiveCount[c] + (o.IgnoreDifficult ? image.CellCounts[(c * 3) + 1] : 0) != image.CellCounts[c * 3])
                {
                    throw payload.Error(imageAt, $"image '{image.Name}': the positives and difficult objects of class {image.CellCategory[c]} do not add up to its objects");
                }

                if (image.CellCounts[(c * 3) + 2] != image.CellStart[c + 1] - image.CellStart[c])
                {
                    throw payload.Error(imageAt, $"image '{image.Name}': class {image.CellCategory[c]} keeps {image.CellStart[c + 1] - image.CellStart[c]} of {image.CellCounts[(c * 3) + 2]} detections");
                }
            }
        }

        return new VocEvaluationState(o, classes, imageSet, images);
    }

    private static VocOptions ReadOptions(StateReader r)
    {
        int at = r.Position;
        double iou = r.ReadFinite("IoU threshold");
        var comparison = r.ReadEnum<IouComparison>("IoU comparison");
        var convention = r.ReadEnum<PixelConvention>("pixel convention");
        var method = r.ReadEnum<AveragePrecisionMethod>("AP method");
        var levels = r.ReadEnum<ElevenPointLevels>("11-point levels");
        bool ignoreDifficult = r.ReadBool();
        var recall = r.ReadFiniteDoubles("recall thresholds");
        return r.Options(at, () => new VocOptions
        {
            IouThreshold = iou,
            IouComparison = comparison,
            PixelConvention = convention,
            AveragePrecisionMethod = method,
            ElevenPointLevels = levels,
            IgnoreDifficult = ignoreDifficult,
            RecallThresholds = recall,
        });
    }
}
