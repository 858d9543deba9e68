using DetEval.Evaluation.State;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="DotaEvaluator"/>: the options, the classes, the image set (when the
/// evaluator had one) and every image's compact VOC-engine records (per class: object counts, detection scores,
/// outcomes and file positions; no quads), in DetEval's state format.
/// </summary>
/// <remarks>
/// The options section holds the DOTA options (IoU threshold, AP method, IoU mode); the payload is the VOC engine's
/// (classes, image set, records), whose reads check every count, position, score and flag. The dataset fingerprint
/// is taken over the class names in sorted order, as for VOC.
/// </remarks>
public sealed class DotaEvaluationState : EvaluationState
{
    internal DotaEvaluationState(DotaOptions options, VocEvaluationState records)
        : base(records.DatasetFingerprint)
    {
        Options = options;
        Records = records;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.Dota;

    /// <summary>The options the records were matched with.</summary>
    public DotaOptions Options { get; }

    /// <summary>The classes, in report order.</summary>
    public IReadOnlyList<Category> Classes => Records.Classes;

    /// <summary>The image set that orders ties after the file position, or null (by image name).</summary>
    public IReadOnlyList<string>? ImageSet => Records.ImageSet;

    /// <inheritdoc/>
    public override int ImageCount => Records.ImageCount;

    /// <summary>The number of detection records kept, a measure of the state's size.</summary>
    public long DetectionCount => Records.DetectionCount;

    /// <summary>The records, as the VOC engine keeps them.</summary>
    internal VocEvaluationState Records { get; }

    /// <summary>Reads a DOTA state from a stream, from its current position to its end.</summary>
    /// <param name="stream">The stream (seekable or not); left open.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or another protocol's.</exception>
    public static new DotaEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<DotaEvaluationState>(stream, source);

    private protected override void WriteOptions(StateWriter writer)
    {
        writer.WriteDouble(Options.IouThreshold);
        writer.WriteEnum(Options.AveragePrecisionMethod);
        writer.WriteEnum(Options.IouMode);
    }

    private protected override void WritePayload(StateWriter writer) => Records.WriteRecords(writer);

    private protected override string DescribeOptionDifference(EvaluationState other)
    {
        var b = ((DotaEvaluationState)other).Options;
        return Options.IouThreshold != b.IouThreshold ? "the IoU thresholds differ"
            : Options.AveragePrecisionMethod != b.AveragePrecisionMethod ? "the AP methods differ"
            : "the IoU modes differ (devkit vs exact)";
    }

    private protected override string DescribeDatasetDifference(EvaluationState other) =>
        Records.DescribeClassDifference(((DotaEvaluationState)other).Records);

    /// <summary>Reads the sections written by <see cref="WriteOptions"/> and <see cref="WritePayload"/>.</summary>
    internal static DotaEvaluationState Read(ulong dataset, StateReader options, StateReader payload)
    {
        int at = options.Position;
        double iou = options.ReadFinite("IoU threshold");
        var method = options.ReadEnum<AveragePrecisionMethod>("AP method");
        var mode = options.ReadEnum<OrientedIouMode>("IoU mode");
        var o = options.Options(at, () => new DotaOptions { IouThreshold = iou, AveragePrecisionMethod = method, IouMode = mode });
        return new DotaEvaluationState(o, VocEvaluationState.ReadRecords(dataset, o.ToVocOptions(), payload));
    }
}
