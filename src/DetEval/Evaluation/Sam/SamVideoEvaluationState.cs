using System.Globalization;
using DetEval.Evaluation.Sam;
using DetEval.Evaluation.State;
using DetEval.Formats;

namespace DetEval;

/// <summary>
/// The mergeable state of a SAM 2 video evaluation: the options and, per video, its objects' counted frames with
/// their J and F (no masks). Shards by video merge exactly.
/// </summary>
/// <remarks>
/// Options section: skip-first-and-last (1 byte), boundary tolerance (double). Payload: the video count, then per
/// video (in name order) its name, layout (1 byte) and objects, each an id, its frame names and the per-frame J and F
/// values (each in [0, 1]).
/// </remarks>
public sealed class SamVideoEvaluationState : EvaluationState
{
    internal SamVideoEvaluationState(SamVideoOptions options, SamVideoRecord[] records, ulong datasetFingerprint)
        : base(datasetFingerprint)
    {
        Options = options;
        var sorted = (SamVideoRecord[])records.Clone();
        Array.Sort(sorted, (a, b) => CodePointOrder.Compare(a.Name, b.Name));
        Records = sorted;
    }

    /// <inheritdoc/>
    public override EvaluationProtocol Protocol => EvaluationProtocol.SamVideo;

    /// <summary>The number of videos recorded.</summary>
    public override int ImageCount => Records.Length;

    /// <summary>The settings the videos were scored with.</summary>
    public SamVideoOptions Options { get; }

    /// <summary>The videos recorded, in name order.</summary>
    public IReadOnlyList<string> Videos => Array.AsReadOnly(Array.ConvertAll(Records, r => r.Name));

    internal SamVideoRecord[] Records { get; }

    internal static SamVideoEvaluationState Read(ulong dataset, StateReader options, StateReader payload)
    {
        bool skip = options.ReadBool();
        int toleranceAt = options.Position;
        double tolerance = options.ReadFinite("boundary tolerance");
        if (tolerance <= 0 || tolerance >= 1)
        {
            throw options.Error(toleranceAt, string.Create(CultureInfo.InvariantCulture, $"boundary tolerance {tolerance} is not in (0, 1)"));
        }

        int count = payload.ReadCount(4, "video");
        var records = new SamVideoRecord[count];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int v = 0; v < count; v++)
        {
            int at = payload.Position;
            string name = payload.ReadString("video name");
            if (!names.Add(name))
            {
                throw payload.Error(at, $"video '{name}' is recorded twice");
            }

            var layout = payload.ReadEnum<SamVideoLayout>("layout");
            int objectCount = payload.ReadCount(4, "object");
            var objects = new SamVideoObjectRecord[objectCount];
            var ids = new HashSet<string>(StringComparer.Ordinal);
            for (int o = 0; o < objectCount; o++)
            {
                int idAt = payload.Position;
                string id = payload.ReadString("object id");
                if (!ids.Add(id))
                {
                    throw payload.Error(idAt, $"object '{id}' of video '{name}' is recorded twice");
                }

                int framesAt = payload.Position;
                int frameCount = payload.ReadCount(4, "frame");
                if (frameCount == 0)
                {
                    throw payload.Error(framesAt, $"object '{id}' of video '{name}' has no counted frame");
                }

                var frames = new string[frameCount];
                for (int i = 0; i < frameCount; i++)
                {
                    frames[i] = payload.ReadString("frame name");
                }

                objects[o] = new SamVideoObjectRecord(id, frames, ReadFractions(payload, frameCount, "J"), ReadFractions(payload, frameCount, "F"));
            }

            records[v] = new SamVideoRecord(name, layout, objects);
        }

        return new SamVideoEvaluationState(new SamVideoOptions(skip, tolerance), records, dataset);
    }

    /// <inheritdoc/>
    private protected override void WriteOptions(StateWriter writer)
    {
        writer.WriteBool(Options.SkipFirstAndLast);
        writer.WriteDouble(Options.BoundaryTolerance);
    }

    /// <inheritdoc/>
    private protected override void WritePayload(StateWriter writer)
    {
        writer.WriteInt32(Records.Length);
        foreach (var record in Records)
        {
            writer.WriteString(record.Name);
            writer.WriteEnum(record.Layout);
            writer.WriteInt32(record.Objects.Length);
            foreach (var obj in record.Objects)
            {
                writer.WriteString(obj.Id);
                writer.WriteInt32(obj.Frames.Length);
                foreach (string frame in obj.Frames)
                {
                    writer.WriteString(frame);
                }

                writer.WriteDoubles(obj.FrameJ);
                writer.WriteDoubles(obj.FrameF);
            }
        }
    }

    /// <inheritdoc/>
    private protected override string DescribeOptionDifference(EvaluationState other) =>
        other is SamVideoEvaluationState o
            ? $"the options differ ({Options} against {o.Options})"
            : "the options differ";

    private static double[] ReadFractions(StateReader payload, int expected, string what)
    {
        int at = payload.Position;
        var values = payload.ReadFiniteDoubles($"frame {what}");
        if (values.Length != expected)
        {
            throw payload.Error(at, $"{values.Length} frame {what} values for {expected} frames");
        }

        foreach (double v in values)
        {
            if (v is < 0 or > 1)
            {
                throw payload.Error(at, string.Create(CultureInfo.InvariantCulture, $"frame {what} value {v} is not in [0, 1]"));
            }
        }

        return values;
    }
}
