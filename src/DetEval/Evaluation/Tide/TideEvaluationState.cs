using DetEval.Evaluation.State;
using DetEval.Matching;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="TideEvaluator"/>: the options, the images in pooling order, the category
/// names and every recorded image's compact record (classes, scores, outcomes, error types and fix targets; no
/// boxes, no masks). It writes itself in DetEval's one state file format (<see cref="EvaluationState"/>).
/// </summary>
public sealed class TideEvaluationState : EvaluationState
{
    internal TideEvaluationState(TideOptions options, IReadOnlyList<long> imageIds, IReadOnlyDictionary<long, string> categoryNames, TideImageRecord[] records)
        : base(Fingerprint(imageIds, categoryNames))
    {
        Options = options;
        ImageIds = imageIds;
        CategoryNames = categoryNames;
        Records = records;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.Tide;

    /// <inheritdoc/>
    public override int ImageCount => Records.Length;

    /// <summary>The options the records were made with.</summary>
    public TideOptions Options { get; }

    /// <summary>The evaluator's images in pooling order (the ground truth's <c>images</c> list).</summary>
    public IReadOnlyList<long> ImageIds { get; }

    /// <summary>Category names by id.</summary>
    public IReadOnlyDictionary<long, string> CategoryNames { get; }

    internal TideImageRecord[] Records { get; }

    /// <summary>Reads a TIDE state written by <see cref="EvaluationState.WriteTo"/>.</summary>
    /// <param name="stream">The stream, read from its position to its end.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged or another protocol's state.</exception>
    public static new TideEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<TideEvaluationState>(stream, source);

    /// <summary>The dataset fingerprint: the image count and ids in pooling order, then the category count and ids in ascending order.</summary>
    internal static ulong Fingerprint(IReadOnlyList<long> imageIds, IReadOnlyDictionary<long, string> categoryNames) =>
        StateFile.Fingerprint([imageIds.Count, .. imageIds, categoryNames.Count, .. categoryNames.Keys.Order()]);

    private protected override string DescribeDatasetDifference(EvaluationState other)
    {
        var that = (TideEvaluationState)other;
        return !ImageIds.SequenceEqual(that.ImageIds) ? "they were made for different image lists (ids or order differ)" : "they were made for different category ids";
    }

    private protected override void WriteOptions(StateWriter writer)
    {
        writer.WriteEnum(Options.IouType);
        writer.WriteDouble(Options.PositiveThreshold);
        writer.WriteDouble(Options.BackgroundThreshold);
        writer.WriteInt32(Options.MaxDetections);
    }

    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteLongs([.. ImageIds]);
        var ids = CategoryNames.Keys.Order().ToArray();
        writer.WriteInt32(ids.Length);
        foreach (long id in ids)
        {
            writer.WriteInt64(id);
            writer.WriteString(CategoryNames[id]);
        }

        writer.WriteInt32(Records.Length);
        foreach (var r in Records)
        {
            writer.WriteInt64(r.ImageId);
            writer.WriteLongs(r.TruthClass);
            writer.WriteBytes(r.TruthOutcome);
            writer.WriteLongs(r.DetectionClass);
            writer.WriteDoubles(r.Scores);
            writer.WriteBytes(r.Outcome);
            writer.WriteBytes(r.Error);
            writer.WriteInts(r.FixTarget);
        }
    }

    private protected override string DescribeOptionDifference(EvaluationState other)
    {
        var a = Options;
        var b = ((TideEvaluationState)other).Options;
        return a.IouType != b.IouType ? "the IoU types differ"
            : a.PositiveThreshold != b.PositiveThreshold ? "the positive thresholds differ"
            : a.BackgroundThreshold != b.BackgroundThreshold ? "the background thresholds differ"
            : a.MaxDetections != b.MaxDetections ? "the max detections differ"
            : "the options differ";
    }

    /// <summary>Reads a TIDE state's sections (called by <see cref="StateFile"/>); every field is checked.</summary>
    internal static TideEvaluationState Read(ulong datasetFingerprint, StateReader options, StateReader payload)
    {
        int at = options.Position;
        TideOptions parsed;
        try
        {
            parsed = new TideOptions
            {
                IouType = options.ReadEnum<IouType>("IoU type"),
                PositiveThreshold = options.ReadFinite("positive threshold"),
                BackgroundThreshold = options.ReadFinite("background threshold"),
                MaxDetections = options.ReadInt32(1, int.MaxValue, "max detections"),
            };
            parsed.Validate();
        }
        catch (ArgumentException e)
        {
            throw options.Error(at, e.Message);
        }

        int idsAt = payload.Position;
        var imageIds = payload.ReadLongs("image ids");
        var position = new Dictionary<long, int>(imageIds.Length);
        for (int i = 0; i < imageIds.Length; i++)
        {
            if (!position.TryAdd(imageIds[i], i))
            {
                throw payload.Error(idsAt, $"image id {imageIds[i]} is listed twice");
            }
        }

        int categoryCount = payload.ReadCount(12, "categories");
        var names = new Dictionary<long, string>(categoryCount);
        long previous = long.MinValue;
        for (int c = 0; c < categoryCount; c++)
        {
            int idAt = payload.Position;
            long id = payload.ReadInt64();
            if (c > 0 && id <= previous)
            {
                throw payload.Error(idAt, $"category id {id} is not above the one before ({previous})");
            }

            previous = id;
            names[id] = payload.ReadString("category name");
        }

        if (Fingerprint(imageIds, names) != datasetFingerprint)
        {
            throw payload.Error(idsAt, "the image and category ids do not match the dataset fingerprint");
        }

        int recordCount = payload.ReadCount(8, "image records");
        var records = new TideImageRecord[recordCount];
        var seen = new HashSet<long>(recordCount);
        for (int i = 0; i < recordCount; i++)
        {
            records[i] = ReadRecord(payload, position, seen);
        }

        return new TideEvaluationState(parsed, imageIds, names, records);
    }

    private static TideImageRecord ReadRecord(StateReader r, Dictionary<long, int> position, HashSet<long> seen)
    {
        int at = r.Position;
        long imageId = r.ReadInt64();
        if (!position.ContainsKey(imageId))
        {
            throw r.Error(at, $"image {imageId} is not among the state's images");
        }

        if (!seen.Add(imageId))
        {
            throw r.Error(at, $"image {imageId} is recorded twice");
        }

        var truthClass = r.ReadLongs("ground-truth classes");
        int outcomesAt = r.Position;
        var truthOutcome = r.ReadBytes("ground-truth outcomes");
        var detectionClass = r.ReadLongs("detection classes");
        int scoresAt = r.Position;
        var scores = r.ReadFiniteDoubles("scores");
        var outcome = r.ReadBytes("detection outcomes");
        int errorsAt = r.Position;
        var error = r.ReadBytes("error types");
        int targetsAt = r.Position;
        var fixTarget = r.ReadInts("fix targets");
        int gtCount = truthClass.Length, detCount = detectionClass.Length;
        if (truthOutcome.Length != gtCount || truthOutcome.Any(o => o > (byte)MatchFlag.Ignored))
        {
            throw r.Error(outcomesAt, $"image {imageId}: the ground-truth outcomes do not fit its {gtCount} ground truths");
        }

        if (scores.Length != detCount || outcome.Length != detCount || error.Length != detCount || fixTarget.Length != detCount)
        {
            throw r.Error(scoresAt, $"image {imageId}: the detection fields do not all have its {detCount} detections");
        }

        for (int d = 0; d < detCount; d++)
        {
            bool truePositive = outcome[d] == (byte)MatchFlag.TruePositive;
            if (outcome[d] > (byte)MatchFlag.Ignored || truePositive != (error[d] == TideImageRecord.NoError)
                || (!truePositive && error[d] >= (byte)TideErrorType.Missed))
            {
                throw r.Error(errorsAt, $"image {imageId}: detection {d} has outcome {outcome[d]} and error type {error[d]}, which do not fit");
            }

            bool fixable = error[d] is (byte)TideErrorType.Classification or (byte)TideErrorType.Localization;
            if (fixTarget[d] < -1 || fixTarget[d] >= gtCount || (fixTarget[d] >= 0 && (!fixable || truthOutcome[fixTarget[d]] == (byte)MatchFlag.TruePositive)))
            {
                throw r.Error(targetsAt, $"image {imageId}: detection {d} has an impossible fix target {fixTarget[d]}");
            }
        }

        return new TideImageRecord
        {
            ImageId = imageId,
            TruthClass = truthClass,
            TruthOutcome = truthOutcome,
            DetectionClass = detectionClass,
            Scores = scores,
            Outcome = outcome,
            Error = error,
            FixTarget = fixTarget,
        };
    }
}
