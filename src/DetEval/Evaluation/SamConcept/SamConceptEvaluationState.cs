using DetEval.Evaluation;
using DetEval.Evaluation.State;

namespace DetEval;

/// <summary>
/// The immutable, mergeable state of a SAM 3 concept-segmentation evaluation (protocol
/// <see cref="EvaluationProtocol.SamConcept"/>): the options and, per recorded pair, the kept annotator, the counts
/// and the true positives per IoU threshold, with the pair's phrase and picture for reports. No masks or boxes.
/// </summary>
/// <remarks>
/// <para>
/// Options section: the IoU type (1 byte), the score threshold and the IoU thresholds (doubles). Payload: a fingerprint
/// of the evaluated pair ids in order, the number of evaluated pairs of the ground truth, the number of annotators, then
/// the records in the evaluated pairs' order (position, pair id, annotator, D, G, one TP count per threshold, phrase,
/// file name). Reading checks every count against its bounds (TP within min(D, G) and not rising with the threshold,
/// each pair once).
/// </para>
/// <para>
/// The dataset fingerprint covers what every shard shares (the number of ground-truth files and each one's category
/// ids). Unlike other protocols' shards, concept shards read the same ground-truth files and split the pairs
/// (<see cref="SamConceptEvaluator.Update(DetectionSet, int, int)"/>): the reference accumulates the pairs in the
/// first file's order, which only the whole pair list fixes, so states of other pair lists are refused on merge.
/// </para>
/// </remarks>
public sealed class SamConceptEvaluationState : EvaluationState
{
    internal SamConceptEvaluationState(SamConceptOptions options, ulong datasetFingerprint, ulong pairListFingerprint, int evaluatedPairCount, int annotatorCount, ConceptPairRecord[] records)
        : base(datasetFingerprint)
    {
        Options = options;
        PairListFingerprint = pairListFingerprint;
        EvaluatedPairCount = evaluatedPairCount;
        AnnotatorCount = annotatorCount;
        Records = records;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.SamConcept;

    /// <summary>The number of pairs recorded.</summary>
    public override int ImageCount => Records.Length;

    /// <summary>The options the pairs were matched with.</summary>
    public SamConceptOptions Options { get; }

    /// <summary>The number of pairs the ground truth has to evaluate (over every shard).</summary>
    public int EvaluatedPairCount { get; }

    /// <summary>The number of ground-truth files (annotators).</summary>
    public int AnnotatorCount { get; }

    /// <summary>A fingerprint of the evaluated pair ids in order: states can be merged only when it is equal (the pairs are accumulated in that order).</summary>
    internal ulong PairListFingerprint { get; }

    internal ConceptPairRecord[] Records { get; }

    /// <summary>Reads a concept state from a stream (from its position to its end); another protocol's state is refused.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged or another protocol's state.</exception>
    public static new SamConceptEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<SamConceptEvaluationState>(stream, source);

    /// <summary>Reads the sections written by <see cref="WriteOptions"/> and <see cref="WritePayload"/>.</summary>
    internal static SamConceptEvaluationState Read(ulong datasetFingerprint, StateReader options, StateReader payload)
    {
        int at = options.Position;
        var iouType = options.ReadEnum<IouType>("IoU type");
        if (iouType is not (IouType.Segm or IouType.Bbox))
        {
            throw options.Error(at, $"IoU type {iouType} is not one of segm, bbox");
        }

        var read = new SamConceptOptions { IouType = iouType, ScoreThreshold = options.ReadFinite("score threshold") };
        at = options.Position;
        if (!options.ReadFiniteDoubles("IoU thresholds").SequenceEqual(read.IouThresholds))
        {
            throw options.Error(at, "the IoU thresholds are not the reference's np.linspace(.5, .95, 10)");
        }

        ulong pairList = (ulong)payload.ReadInt64();
        int evaluated = payload.ReadInt32(0, int.MaxValue, "evaluated pair count");
        int annotators = payload.ReadInt32(1, ushort.MaxValue, "annotator count");
        int thresholds = read.IouThresholds.Count;
        int count = payload.ReadCount(32 + (4 * thresholds), "pair records");
        var records = new ConceptPairRecord[count];
        var seenIds = new HashSet<long>();
        int last = -1;
        for (int i = 0; i < count; i++)
        {
            at = payload.Position;
            int ordinal = payload.ReadInt32(0, Math.Max(evaluated - 1, 0), "pair position");
            if (evaluated == 0 || ordinal <= last)
            {
                throw payload.Error(at, $"pair position {ordinal} does not follow {last} (records are stored once each, in order)");
            }

            last = ordinal;
            int idAt = payload.Position;
            long id = payload.ReadInt64();
            if (!seenIds.Add(id))
            {
                throw payload.Error(idAt, $"pair {id} is stored twice");
            }

            int annotator = payload.ReadInt32(0, annotators - 1, "annotator");
            int predictions = payload.ReadInt32(0, int.MaxValue, "prediction count");
            int truths = payload.ReadInt32(0, int.MaxValue, "instance count");
            var tp = new int[thresholds];
            int bound = Math.Min(predictions, truths);
            for (int t = 0; t < thresholds; t++)
            {
                tp[t] = payload.ReadInt32(0, t == 0 ? bound : tp[t - 1], "true positives");
            }

            records[i] = new ConceptPairRecord(ordinal, id, annotator, predictions, truths, tp, payload.ReadString("phrase"), payload.ReadString("file name"));
        }

        return new SamConceptEvaluationState(read, datasetFingerprint, pairList, evaluated, annotators, records);
    }

    /// <inheritdoc/>
    private protected override void WriteOptions(StateWriter writer)
    {
        writer.WriteEnum(Options.IouType);
        writer.WriteDouble(Options.ScoreThreshold);
        writer.WriteDoubles(Options.IouThresholds);
    }

    /// <inheritdoc/>
    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteInt64((long)PairListFingerprint);
        writer.WriteInt32(EvaluatedPairCount);
        writer.WriteInt32(AnnotatorCount);
        writer.WriteInt32(Records.Length);
        foreach (var r in Records)
        {
            writer.WriteInt32(r.Ordinal);
            writer.WriteInt64(r.PairId);
            writer.WriteInt32(r.Annotator);
            writer.WriteInt32(r.Predictions);
            writer.WriteInt32(r.Truths);
            foreach (int tp in r.TruePositives)
            {
                writer.WriteInt32(tp);
            }

            writer.WriteString(r.Phrase);
            writer.WriteString(r.FileName);
        }
    }

    /// <inheritdoc/>
    private protected override string DescribeDatasetDifference(EvaluationState other) =>
        other is SamConceptEvaluationState o && o.AnnotatorCount != AnnotatorCount
            ? $"one was made with {AnnotatorCount} ground-truth files and the other with {o.AnnotatorCount}"
            : "the ground-truth files have other category ids";

    /// <inheritdoc/>
    private protected override string DescribeOptionDifference(EvaluationState other) =>
        other is SamConceptEvaluationState o && o.Options.IouType != Options.IouType ? "the IoU types differ"
        : other is SamConceptEvaluationState p && !p.Options.ScoreThreshold.Equals(Options.ScoreThreshold) ? "the score thresholds differ"
        : "the options differ";
}
