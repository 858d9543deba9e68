using System.Reflection;
using DetEval.Evaluation.State;

namespace DetEval;

/// <summary>
/// The immutable, mergeable state of an evaluation of some images under one protocol (what every evaluator's
/// <c>Snapshot()</c> returns). It holds the options and the compact per-image records, never boxes or masks, and
/// writes itself in DetEval's one state file format.
/// </summary>
/// <remarks>
/// <para>
/// The file (little-endian): the magic <c>DETEVAL\x1A</c>; the format version (2 bytes); the
/// <see cref="EvaluationProtocol"/> (2 bytes); 4 reserved zero bytes; the options fingerprint and the dataset
/// fingerprint (8 bytes each); the shard index and count (4 bytes each; count 0 when not a shard); the writer's
/// DetEval version (length-prefixed UTF-8); the options section and the payload (each prefixed by its 8-byte length);
/// and a CRC-64 of every byte before it. Reading checks every part: any damage, including any single flipped bit, is
/// refused with a <see cref="DetEvalInputException"/> naming the file and the byte.
/// </para>
/// <para>
/// The options fingerprint is the XxHash64 of the options section, so two states can be pooled only when it is
/// equal; the dataset fingerprint (<see cref="DatasetFingerprint"/>) identifies the ground truth the evaluator was
/// built for (0 when unknown).
/// </para>
/// </remarks>
public abstract class EvaluationState
{
    private byte[]? optionBytes;

    /// <summary>Creates a state for the dataset with <paramref name="datasetFingerprint"/>.</summary>
    /// <param name="datasetFingerprint">See <see cref="DatasetFingerprint"/>.</param>
    private protected EvaluationState(ulong datasetFingerprint)
    {
        DatasetFingerprint = datasetFingerprint;
        WriterVersion = CurrentVersion;
    }

    /// <summary>The protocol.</summary>
    public abstract EvaluationProtocol Protocol { get; }

    /// <summary>The number of images (or, for prompted SAM, prompts) recorded.</summary>
    public abstract int ImageCount { get; }

    /// <summary>
    /// A fingerprint of what the shards of one dataset share (an XxHash64 of the category ids, or of the class
    /// names); 0 for a protocol without categories.
    /// </summary>
    public ulong DatasetFingerprint { get; }

    /// <summary>A fingerprint of the options: states can be merged only when it is equal.</summary>
    public ulong OptionsFingerprint => System.IO.Hashing.XxHash64.HashToUInt64(OptionBytes);

    /// <summary>Where the state was read from (the file or source name given to the reader); empty for a state made in this process.</summary>
    public string Source { get; private set; } = "";

    /// <summary>The DetEval version that wrote the state (this version for a state made in this process).</summary>
    public string WriterVersion { get; private set; }

    /// <summary>The DetEval version of this library, as written into state files.</summary>
    internal static string CurrentVersion { get; } =
        typeof(EvaluationState).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>The shard this state is (index, count), or (0, 0) when it is not a shard of a partitioned run.</summary>
    internal (int Index, int Count) Shard { get; set; }

    private byte[] OptionBytes
    {
        get
        {
            if (optionBytes is null)
            {
                var w = new StateWriter();
                WriteOptions(w);
                optionBytes = w.ToArray();
            }

            return optionBytes;
        }
    }

    /// <summary>Reads a state of any protocol from a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state; check <see cref="Protocol"/> or its type.</returns>
    /// <exception cref="DetEvalInputException">The file is missing, damaged, of another format version or not a state.</exception>
    public static EvaluationState ReadFrom(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return StateFile.Read(path);
    }

    /// <summary>Reads a state of any protocol from a stream, from its current position to its end.</summary>
    /// <param name="stream">The stream (seekable or not); left open.</param>
    /// <param name="source">The name used in error messages (a file name).</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or not a state.</exception>
    public static EvaluationState ReadFrom(Stream stream, string source)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        return StateFile.Read(stream, source);
    }

    /// <summary>Reads a state of any protocol from bytes (e.g. received from another process).</summary>
    /// <param name="bytes">Exactly one state, as written by <see cref="WriteTo"/> or <see cref="ToArray"/>.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged, of another format version or not a state.</exception>
    public static EvaluationState FromBytes(ReadOnlySpan<byte> bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return StateFile.Decode(bytes.ToArray(), source);
    }

    /// <summary>Writes the state in DetEval's state file format.</summary>
    /// <param name="stream">Where to write; left open.</param>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        stream.Write(ToArray());
    }

    /// <summary>The state in DetEval's state file format.</summary>
    /// <returns>The bytes.</returns>
    public byte[] ToArray()
    {
        var payload = new StateWriter();
        WritePayload(payload);
        return StateFile.Encode(this, OptionBytes, payload.ToArray());
    }

    /// <summary>Whether <paramref name="other"/> can be merged into this state: same protocol, options and dataset.</summary>
    /// <param name="other">The other state.</param>
    /// <param name="why">Why not, in words (empty when it can).</param>
    /// <returns>True when the states can be merged.</returns>
    public bool IsCompatibleWith(EvaluationState other, out string why)
    {
        ArgumentNullException.ThrowIfNull(other);
        why = other.Protocol != Protocol ? $"one is a {Protocol} state and the other a {other.Protocol} state"
            : DatasetFingerprint != other.DatasetFingerprint ? DescribeDatasetDifference(other)
            : !OptionBytes.AsSpan().SequenceEqual(other.OptionBytes) ? DescribeOptionDifference(other)
            : "";
        return why.Length == 0;
    }

    /// <summary>Writes the options, canonically: equal options give equal bytes.</summary>
    /// <param name="writer">The options section.</param>
    private protected abstract void WriteOptions(StateWriter writer);

    /// <summary>Writes the per-image records.</summary>
    /// <param name="writer">The payload section.</param>
    private protected abstract void WritePayload(StateWriter writer);

    /// <summary>Says which option differs from <paramref name="other"/>'s (same protocol), e.g. "the IoU thresholds differ".</summary>
    /// <param name="other">A state of the same protocol whose options differ.</param>
    /// <returns>The difference in words.</returns>
    private protected virtual string DescribeOptionDifference(EvaluationState other) => "the options differ";

    /// <summary>Says how the datasets differ (same protocol, other dataset fingerprint), e.g. "the classes differ: ...".</summary>
    /// <param name="other">A state of the same protocol made for another dataset.</param>
    /// <returns>The difference in words.</returns>
    private protected virtual string DescribeDatasetDifference(EvaluationState other) => "they were made for different datasets";

    /// <summary>Reads a state of one protocol (the typed <c>ReadFrom</c> of each state class).</summary>
    /// <typeparam name="TState">The protocol's state type.</typeparam>
    /// <param name="stream">The stream, read from its position to its end.</param>
    /// <param name="source">The name used in error messages.</param>
    /// <returns>The state.</returns>
    /// <exception cref="DetEvalInputException">The bytes are damaged or another protocol's state.</exception>
    private protected static TState ReadAs<TState>(Stream stream, string source)
        where TState : EvaluationState
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        var state = StateFile.Read(stream, source);
        return state as TState ?? throw new DetEvalInputException(source, "byte 10", $"is a {state.Protocol} state, not a {typeof(TState).Name.Replace("EvaluationState", "", StringComparison.Ordinal)} state");
    }

    /// <summary>Sets what the file header said (after a read).</summary>
    internal void SetHeader(string writerVersion, (int Index, int Count) shard, string source)
    {
        WriterVersion = writerVersion;
        Shard = shard;
        Source = source;
    }
}
