using System.Text;
using DetEval.Matching;
using static DetEval.Evaluation.StateBinary;
using DetEval.Evaluation;

namespace DetEval;

public sealed partial class CocoEvaluationState
{
    private const uint Magic = 0x53564544; // "DEVS"
    private const int Version = 1;

    /// <summary>Writes the state in DetEval's binary form (little-endian, versioned).</summary>
    /// <param name="stream">Where to write; left open.</param>
    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteHeader(w, Magic, Version);
        var o = Options;
        w.Write((byte)o.IouType);
        WriteDoubles(w, o.IouThresholds);
        WriteDoubles(w, o.RecallThresholds);
        w.Write(o.MaxDetections.Count);
        foreach (int m in o.MaxDetections)
        {
            w.Write(m);
        }

        w.Write(o.AreaRanges.Count);
        foreach (var a in o.AreaRanges)
        {
            w.Write(a.Label);
            w.Write(a.Min);
            w.Write(a.Max);
        }

        w.Write(o.UseCategories);
        w.Write(o.HonorIgnoreFlag);
        w.Write(o.SummaryUsesLastMaxDetections);
        w.Write(CategoryIds.Count);
        foreach (long id in CategoryIds)
        {
            w.Write(id);
            w.Write(CategoryNames.TryGetValue(id, out string? name) ? name : "");
        }

        w.Write(Images.Length);
        foreach (var image in Images)
        {
            w.Write(image.ImageId);
            WriteInts(w, image.CellCategory);
            WriteInts(w, image.CellStart);
            WriteInts(w, image.PositiveCount);
            WriteInts(w, image.CellCounts);
            WriteDoubles(w, image.Scores);

            w.Write(image.Flags.Length);
            w.Write(image.Flags);
        }
    }

    /// <summary>Reads a state written by <see cref="WriteTo"/>.</summary>
    /// <param name="stream">The binary state.</param>
    /// <param name="source">A name for error messages (a file path).</param>
    /// <exception cref="DetEvalInputException">The stream is not a DetEval state, or is damaged.</exception>
    public static CocoEvaluationState ReadFrom(Stream stream, string source = "")
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            ReadHeader(r, Magic, Version, source, "");

            var iouType = (IouType)r.ReadByte();
            var thresholds = ReadDoubles(r, 1 << 20);
            var recall = ReadDoubles(r, 1 << 20);
            var maxDets = new int[Count(r, 1 << 10)];
            for (int i = 0; i < maxDets.Length; i++)
            {
                maxDets[i] = r.ReadInt32();
            }

            var areas = new AreaRange[Count(r, 1 << 10)];
            for (int i = 0; i < areas.Length; i++)
            {
                areas[i] = new AreaRange(r.ReadString(), r.ReadDouble(), r.ReadDouble());
            }

            bool useCats = r.ReadBoolean();
            bool honor = r.ReadBoolean();
            bool summaryLast = r.ReadBoolean();
            var ids = new long[Count(r, 1 << 24)];
            var names = new Dictionary<long, string>();
            for (int i = 0; i < ids.Length; i++)
            {
                ids[i] = r.ReadInt64();
                string name = r.ReadString();
                if (name.Length > 0)
                {
                    names[ids[i]] = name;
                }
            }

            var options = new CocoOptions
            {
                IouType = iouType,
                IouThresholds = thresholds,
                RecallThresholds = recall,
                MaxDetections = maxDets,
                AreaRanges = areas,
                UseCategories = useCats,
                HonorIgnoreFlag = honor,
                SummaryUsesLastMaxDetections = summaryLast,
                CategoryIds = useCats ? ids : null,
            };
            options.Validate();
            int stride = thresholds.Length * areas.Length;
            var images = new ImageMatch[Count(r, int.MaxValue)];
            for (int i = 0; i < images.Length; i++)
            {
                long imageId = r.ReadInt64();
                var cellCategory = ReadInts(r);
                var cellStart = ReadInts(r);
                var positives = ReadInts(r);
                var cellCounts = ReadInts(r);
                var scores = ReadDoubles(r);

                int flagCount = Count(r, int.MaxValue);
                var flags = r.ReadBytes(flagCount);
                int cells = cellCategory.Length;
                if (flags.Length != flagCount || cellStart.Length != cells + 1 || positives.Length != cells * areas.Length
                    || cellCounts.Length != cells * 3 || flagCount != scores.Length * stride || cellStart[cells] != scores.Length
                    || cellCategory.Any(k => k < 0 || k >= ids.Length) || cellStart[0] != 0
                    || Enumerable.Range(0, cells).Any(c => cellStart[c + 1] < cellStart[c]) || flags.Any(f => f > (byte)MatchFlag.Ignored))
                {
                    throw new DetEvalInputException(source, $"image record {i}", "the state is damaged (inconsistent sizes)");
                }

                images[i] = new ImageMatch
                {
                    ImageId = imageId,
                    CellCategory = cellCategory,
                    CellStart = cellStart,
                    Scores = scores,
                    Flags = flags,
                    PositiveCount = positives,
                    CellCounts = cellCounts,
                };
            }

            return new CocoEvaluationState(options, ids, names, images);
        }
        catch (EndOfStreamException e)
        {
            throw new DetEvalInputException(source, $"byte {StateBinary.Position(stream)}", "the state is truncated", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or OutOfMemoryException)
        {
            throw new DetEvalInputException(source, $"byte {StateBinary.Position(stream)}", "the state is damaged: " + e.Message, e);
        }
    }
}
