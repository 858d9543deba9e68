using DetEval.Evaluation;
using DetEval.Evaluation.State;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="SamAutoEvaluator"/>: the ranking score, and per image its stem, whether it
/// has ground truth and predictions, its mask count, each ground-truth mask's best IoU and the class-agnostic
/// engine's match record (no masks), plus the number of bad items skipped; in DetEval's state format.
/// </summary>
/// <remarks>The options section holds the score and the engine's fixed parameters; the protocol has no categories,
/// so the dataset fingerprint is 0.</remarks>
public sealed class SamAutoEvaluationState : EvaluationState
{
    internal SamAutoEvaluationState(SamScore score, SamImageRecord[] images, int skipped)
        : base(0)
    {
        Score = score;
        Images = images;
        Skipped = skipped;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.SamAuto;

    /// <summary>The score that ranked the masks.</summary>
    public SamScore Score { get; }

    /// <inheritdoc/>
    public override int ImageCount => Images.Length;

    /// <summary>The number of bad items skipped (reading and evaluation).</summary>
    public int Skipped { get; }

    internal SamImageRecord[] Images { get; }

    /// <summary>Reads a SAM automatic-mask state from a stream, from its current position to its end.</summary>
    /// <param name="stream">The stream (seekable or not); left open.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or another protocol's.</exception>
    public static new SamAutoEvaluationState ReadFrom(Stream stream, string source = "") => ReadAs<SamAutoEvaluationState>(stream, source);

    private protected override void WriteOptions(StateWriter writer)
    {
        writer.WriteEnum(Score);
        // The engine's parameters are fixed, written so that a future change of them is refused, not mixed.
        var o = SamAutoEvaluation.Options;
        writer.WriteDoubles(o.IouThresholds);
        writer.WriteDoubles(o.RecallThresholds);
        writer.WriteInts([.. o.MaxDetections]);
    }

    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteInt32(Skipped);
        writer.WriteInt32(Images.Length);
        foreach (var image in Images)
        {
            writer.WriteString(image.Stem);
            writer.WriteBool(image.HasTruth);
            writer.WriteBool(image.Paired);
            writer.WriteInt32(image.PredictedMasks);
            writer.WriteDoubles(image.BestIous);
            if (image.HasTruth)
            {
                RecordFormat.Write(writer, image.Match!);
            }
        }
    }

    private protected override string DescribeOptionDifference(EvaluationState other) =>
        Score != ((SamAutoEvaluationState)other).Score ? "the states rank masks by different scores" : "the engine parameters differ";

    /// <summary>Reads the sections written by <see cref="WriteOptions"/> and <see cref="WritePayload"/>.</summary>
    internal static SamAutoEvaluationState Read(StateReader options, StateReader payload)
    {
        var score = options.ReadEnum<SamScore>("score");
        int at = options.Position;
        var o = SamAutoEvaluation.Options;
        if (!options.ReadFiniteDoubles("IoU thresholds").SequenceEqual(o.IouThresholds)
            || !options.ReadFiniteDoubles("recall thresholds").SequenceEqual(o.RecallThresholds)
            || !options.ReadInts("max detections").SequenceEqual(o.MaxDetections))
        {
            throw options.Error(at, "the engine parameters are not this DetEval's");
        }

        int skipped = payload.ReadInt32(0, int.MaxValue, "skipped items");
        var shape = new RecordFormat.Shape(1, o.IouThresholds.Count, o.AreaRanges.Count, o.MaxDetections[^1]);
        var images = new SamImageRecord[payload.ReadCount(15, "images")];
        var stems = new HashSet<string>(StringComparer.Ordinal);
        var ids = new HashSet<long>();
        for (int i = 0; i < images.Length; i++)
        {
            int imageAt = payload.Position;
            string stem = payload.ReadString("stem");
            bool hasTruth = payload.ReadBool();
            bool paired = payload.ReadBool();
            int masks = payload.ReadInt32(0, int.MaxValue, "predicted masks");
            int iouAt = payload.Position;
            double[] best = payload.ReadFiniteDoubles("best IoUs");
            if (best.Any(v => v is < 0 or > 1) || (!hasTruth && (paired || best.Length > 0)))
            {
                throw payload.Error(iouAt, $"image '{stem}': the best IoUs or the pairing are not possible");
            }

            var match = hasTruth ? RecordFormat.Read(payload, shape) : null;
            if (match is not null && (match.CellCount > 0 ? match.CellCounts[0] : 0) != best.Length)
            {
                throw payload.Error(iouAt, $"image '{stem}' has {best.Length} best IoUs for {(match.CellCount > 0 ? match.CellCounts[0] : 0)} ground-truth masks");
            }

            if (!stems.Add(stem) || (match is not null && !ids.Add(match.ImageId)))
            {
                throw payload.Error(imageAt, $"image '{stem}' is recorded twice");
            }

            images[i] = new SamImageRecord(stem, hasTruth, paired, masks, best, match);
        }

        return new SamAutoEvaluationState(score, images, skipped);
    }
}
