using System.Text;
using DetEval.Data;
using DetEval.Matching;
using static DetEval.Evaluation.StateBinary;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// An immutable snapshot of a <see cref="VocEvaluator"/>: the options, the classes and every image's compact
/// records (per class: object counts, detection scores and outcomes; no boxes). It serialises to a compact
/// binary form with <see cref="WriteTo"/> / <see cref="ReadFrom"/>.
/// </summary>
public sealed class VocEvaluationState
{
    /// <summary>The first four bytes of a VOC state ("DEVV", little-endian).</summary>
    private const uint Magic = 0x56564544;
    private const int Version = 1;

    internal VocEvaluationState(VocOptions options, Category[] classes, VocImageRecord[] images)
    {
        Options = options;
        Classes = classes;
        Images = images;
    }

    /// <summary>The options the records were matched with.</summary>
    public VocOptions Options { get; }

    /// <summary>The classes, in report order.</summary>
    public IReadOnlyList<Category> Classes { get; }

    /// <summary>The number of images recorded.</summary>
    public int ImageCount => Images.Length;

    /// <summary>The number of detection records kept, a measure of the state's size.</summary>
    public long DetectionCount => Images.Sum(i => (long)i.Scores.Length);

    internal VocImageRecord[] Images { get; }

    /// <summary>Whether a stream starting with <paramref name="header"/> is a VOC state (and not, say, a COCO one).</summary>
    /// <param name="header">The first four bytes (or more) of the stream.</param>
    public static bool IsVocState(ReadOnlySpan<byte> header) =>
        header.Length >= 4 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header) == Magic;

    /// <summary>Writes the state in DetEval's binary form (little-endian, versioned).</summary>
    /// <param name="stream">Where to write; left open.</param>
    public void WriteTo(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        WriteHeader(w, Magic, Version);
        var o = Options;
        w.Write(o.IouThreshold);
        w.Write((byte)o.IouComparison);
        w.Write((byte)o.PixelConvention);
        w.Write((byte)o.AveragePrecisionMethod);
        w.Write((byte)o.ElevenPointLevels);
        w.Write(o.IgnoreDifficult);
        WriteDoubles(w, o.RecallThresholds);

        w.Write(Classes.Count);
        foreach (var c in Classes)
        {
            w.Write(c.Id);
            w.Write(c.Name);
        }

        w.Write(Images.Length);
        foreach (var image in Images)
        {
            w.Write(image.Name);
            WriteInts(w, image.CellClass);
            WriteInts(w, image.CellStart);
            WriteInts(w, image.Positives);
            WriteInts(w, image.Difficult);
            WriteDoubles(w, image.Scores);

            w.Write(image.Flags);
        }
    }

    /// <summary>Reads a state written by <see cref="WriteTo"/>.</summary>
    /// <param name="stream">The binary state.</param>
    /// <param name="source">A name for error messages (a file path).</param>
    /// <exception cref="DetEvalInputException">The stream is not a DetEval VOC state, or is damaged.</exception>
    public static VocEvaluationState ReadFrom(Stream stream, string source = "")
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            ReadHeader(r, Magic, Version, source, "VOC ");

            double iou = r.ReadDouble();
            var comparison = Enum<IouComparison>(r.ReadByte());
            var convention = Enum<PixelConvention>(r.ReadByte());
            var method = Enum<AveragePrecisionMethod>(r.ReadByte());
            var levels = Enum<ElevenPointLevels>(r.ReadByte());
            bool ignoreDifficult = r.ReadBoolean();
            var recall = ReadDoubles(r, 1 << 20);

            var options = new VocOptions
            {
                IouThreshold = iou,
                IouComparison = comparison,
                PixelConvention = convention,
                AveragePrecisionMethod = method,
                ElevenPointLevels = levels,
                IgnoreDifficult = ignoreDifficult,
                RecallThresholds = recall,
            };
            var classes = new Category[Count(r, 1 << 20)];
            for (int k = 0; k < classes.Length; k++)
            {
                classes[k] = new Category(r.ReadInt64(), r.ReadString());
            }

            var images = new VocImageRecord[Count(r, int.MaxValue)];
            for (int i = 0; i < images.Length; i++)
            {
                string name = r.ReadString();
                var cellClass = ReadInts(r);
                var cellStart = ReadInts(r);
                var positives = ReadInts(r);
                var difficult = ReadInts(r);
                var scores = ReadDoubles(r);

                var flags = r.ReadBytes(scores.Length);
                if (flags.Length != scores.Length)
                {
                    throw new EndOfStreamException();
                }

                int cells = cellClass.Length;
                if (flags.Length != scores.Length || cellStart.Length != cells + 1 || positives.Length != cells
                    || difficult.Length != cells || cellStart[0] != 0 || cellStart[cells] != scores.Length
                    || cellClass.Any(k => k < 0 || k >= classes.Length) || flags.Any(f => f > (byte)MatchFlag.Ignored)
                    || Enumerable.Range(0, cells).Any(c => cellStart[c + 1] < cellStart[c] || positives[c] < 0 || difficult[c] < 0))
                {
                    throw new DetEvalInputException(source, $"image record {i}", "the VOC state is damaged (inconsistent sizes)");
                }

                images[i] = new VocImageRecord
                {
                    Name = name,
                    CellClass = cellClass,
                    CellStart = cellStart,
                    Positives = positives,
                    Difficult = difficult,
                    Scores = scores,
                    Flags = flags,
                };
            }

            return new VocEvaluationState(options, classes, images);
        }
        catch (EndOfStreamException e)
        {
            throw new DetEvalInputException(source, $"byte {StateBinary.Position(stream)}", "the VOC state is truncated", e);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or OutOfMemoryException)
        {
            throw new DetEvalInputException(source, $"byte {StateBinary.Position(stream)}", "the VOC state is damaged: " + e.Message, e);
        }
    }

    /// <summary>Whether records made under <paramref name="options"/> for <paramref name="classes"/> can be pooled with these.</summary>
    internal bool IsCompatibleWith(VocOptions options, IReadOnlyList<Category> classes, out string why)
    {
        var a = Options;
        why = a.IouThreshold != options.IouThreshold ? "the IoU thresholds differ"
            : a.IouComparison != options.IouComparison ? "the IoU comparisons differ"
            : a.PixelConvention != options.PixelConvention ? "the pixel conventions differ"
            : a.AveragePrecisionMethod != options.AveragePrecisionMethod ? "the AP methods differ"
            : a.ElevenPointLevels != options.ElevenPointLevels ? "the 11-point levels differ"
            : a.IgnoreDifficult != options.IgnoreDifficult ? "the difficult rule differs"
            : !a.RecallThresholds.SequenceEqual(options.RecallThresholds) ? "the recall thresholds differ"
            : !Classes.Select(c => (c.Id, c.Name)).SequenceEqual(classes.Select(c => (c.Id, c.Name))) ? $"the classes differ ({Describe(Classes)} vs {Describe(classes)}); give every shard the same --classes"
            : "";
        return why.Length == 0;
    }

    private static string Describe(IReadOnlyList<Category> classes) =>
        classes.Count <= 6 ? string.Join(",", classes.Select(c => c.Name)) : $"{classes.Count} classes";

    private static T Enum<T>(byte value)
        where T : struct, Enum =>
        System.Enum.IsDefined(typeof(T), (int)value) ? (T)(object)(int)value : throw new FormatException($"{typeof(T).Name} {value} is unknown");
}
