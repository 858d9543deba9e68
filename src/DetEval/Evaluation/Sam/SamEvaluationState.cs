using System.Text;
using static DetEval.Evaluation.StateBinary;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The mergeable state of a SAM evaluation of one shard of images: for automatic masks, the class-agnostic engine's
/// <see cref="CocoEvaluationState"/> plus each image's best IoUs and counts; for prompts, each prompt's outcome. No
/// masks are kept. Build it with <see cref="SamAutoEvaluation.Collect"/> or <see cref="SamPromptEvaluation.Collect"/>,
/// combine shards with <see cref="Merge"/>, and evaluate with <see cref="SamAutoEvaluation.Evaluate(SamEvaluationState)"/>
/// or <see cref="SamPromptEvaluation.Evaluate(SamEvaluationState)"/>.
/// </summary>
public sealed class SamEvaluationState
{
    private const uint Magic = 0x41534544; // "DESA"
    private const int Version = 1;

    private SamEvaluationState(bool prompted, SamScore score, CocoEvaluationState? engine, SamImageRecord[] images, SamPromptOutcome[] outcomes, int skipped)
    {
        IsPrompted = prompted;
        Score = score;
        Engine = engine;
        Images = images;
        Outcomes = outcomes;
        Skipped = skipped;
    }

    /// <summary>Whether this is a prompted evaluation (otherwise automatic mask generation).</summary>
    public bool IsPrompted { get; }

    /// <summary>Automatic masks: the score that ranks them.</summary>
    public SamScore Score { get; }

    /// <summary>The number of bad items skipped (reading and evaluation), carried into the report.</summary>
    public int Skipped { get; }

    /// <summary>The number of images (automatic masks) or prompts recorded.</summary>
    public int Count => IsPrompted ? Outcomes.Length : Images.Length;

    internal CocoEvaluationState? Engine { get; }

    internal SamImageRecord[] Images { get; }

    internal SamPromptOutcome[] Outcomes { get; }

    /// <summary>Whether a stream starting with <paramref name="header"/> is a SAM state.</summary>
    /// <param name="header">The first four bytes (or more) of the stream.</param>
    public static bool IsSamState(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic;

    /// <summary>The same state with <paramref name="skipped"/> bad items counted (e.g. those skipped while reading).</summary>
    /// <param name="skipped">The total number of bad items skipped.</param>
    public SamEvaluationState WithSkipped(int skipped) => new(IsPrompted, Score, Engine, Images, Outcomes, skipped);

    /// <summary>
    /// Combines the states of shards split by image. Exact: the result equals evaluating every image at once.
    /// </summary>
    /// <param name="states">The shards' states, all automatic (with the same score) or all prompted.</param>
    /// <exception cref="InvalidOperationException">The states are of different kinds, or an image is in two of them.</exception>
    public static SamEvaluationState Merge(IReadOnlyList<SamEvaluationState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count == 0)
        {
            throw new ArgumentException("no state to merge", nameof(states));
        }

        var first = states[0];
        if (states.Any(s => s.IsPrompted != first.IsPrompted || s.Score != first.Score))
        {
            throw new InvalidOperationException("cannot merge: the states are of different modes or scores");
        }

        int skipped = states.Sum(s => s.Skipped);
        if (first.IsPrompted)
        {
            var owner = new Dictionary<long, int>();
            for (int i = 0; i < states.Count; i++)
            {
                foreach (long image in states[i].Outcomes.Select(o => o.ImageId).Distinct())
                {
                    if (!owner.TryAdd(image, i))
                    {
                        throw new InvalidOperationException($"cannot merge: image {image} is in two states");
                    }
                }
            }

            return new SamEvaluationState(true, first.Score, null, [], [.. states.SelectMany(s => s.Outcomes)], skipped);
        }

        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in states.SelectMany(s => s.Images))
        {
            if (!stems.Add(record.Stem))
            {
                throw new InvalidOperationException($"cannot merge: image '{record.Stem}' is in two states");
            }
        }

        var engine = CocoEvaluator.FromState(first.Engine!);
        foreach (var s in states.Skip(1))
        {
            engine.Merge(s.Engine!);
        }

        return new SamEvaluationState(false, first.Score, engine.Snapshot(), [.. states.SelectMany(s => s.Images)], [], skipped);
    }

    internal static SamEvaluationState ForAuto(SamScore score, CocoEvaluationState engine, SamImageRecord[] images, int skipped) =>
        new(false, score, engine, images, [], skipped);

    internal static SamEvaluationState ForPrompts(SamPromptOutcome[] outcomes, int skipped) =>
        new(true, SamScore.PredictedIou, null, [], outcomes, skipped);

    /// <summary>Writes the state in DetEval's binary form (little-endian, versioned).</summary>
    /// <param name="stream">Where to write; left open.</param>
    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteHeader(w, Magic, Version);
        w.Write(IsPrompted);
        w.Write((byte)Score);
        w.Write(Skipped);
        if (IsPrompted)
        {
            w.Write(Outcomes.Length);
            foreach (var o in Outcomes)
            {
                w.Write(o.ImageId);
                w.Write(o.GtId);
                w.Write(o.TopIndex);
                w.Write(o.TopIou);
                w.Write(o.TopPredictedIou);
                w.Write(o.OracleIou);
            }

            return;
        }

        w.Write(Images.Length);
        foreach (var image in Images)
        {
            w.Write(image.Stem);
            w.Write(image.HasTruth);
            w.Write(image.Paired);
            w.Write(image.PredictedMasks);
            WriteDoubles(w, image.BestIous);
        }

        w.Flush();
        Engine!.WriteTo(stream);
    }

    /// <summary>Reads a state written by <see cref="WriteTo"/>.</summary>
    /// <param name="stream">The binary state.</param>
    /// <param name="source">A name for error messages (a file path).</param>
    /// <exception cref="DetEvalInputException">The stream is not a DetEval SAM state, or is damaged.</exception>
    public static SamEvaluationState ReadFrom(Stream stream, string source = "")
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            ReadHeader(r, Magic, Version, source, "SAM ");

            bool prompted = r.ReadBoolean();
            byte score = r.ReadByte();
            if (!Enum.IsDefined(typeof(SamScore), (int)score))
            {
                throw new FormatException($"score {score} is unknown");
            }

            int skipped = Count(r, int.MaxValue);
            if (prompted)
            {
                var outcomes = new SamPromptOutcome[Count(r, int.MaxValue)];
                for (int i = 0; i < outcomes.Length; i++)
                {
                    outcomes[i] = new SamPromptOutcome(r.ReadInt64(), r.ReadInt64(), r.ReadInt32(), r.ReadDouble(), r.ReadDouble(), r.ReadDouble());
                }

                return ForPrompts(outcomes, skipped);
            }

            var images = new SamImageRecord[Count(r, int.MaxValue)];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = new SamImageRecord(r.ReadString(), r.ReadBoolean(), r.ReadBoolean(), Count(r, int.MaxValue), ReadDoubles(r));
            }

            var engine = CocoEvaluationState.ReadFrom(stream, source);
            return ForAuto((SamScore)score, engine, images, skipped);
        }
        catch (EndOfStreamException e)
        {
            throw new DetEvalInputException(source, $"byte {StateBinary.Position(stream)}", "the SAM state is truncated", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or OutOfMemoryException)
        {
            throw new DetEvalInputException(source, $"byte {StateBinary.Position(stream)}", "the SAM state is damaged: " + e.Message, e);
        }
    }
}
