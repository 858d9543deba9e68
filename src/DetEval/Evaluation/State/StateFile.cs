using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using DetEval.Formats;

namespace DetEval.Evaluation.State;

/// <summary>
/// DetEval's one state file format (see <see cref="EvaluationState"/> for the layout): encoding, and decoding with
/// every check in a fixed order: magic, format version, size, CRC-64, header fields, options fingerprint, then the
/// protocol's own guarded reads of its sections, each read to its last byte.
/// </summary>
internal static class StateFile
{
    public const int FormatVersion = 1;

    /// <summary>The largest state read (the largest array .NET allocates).</summary>
    public const long MaxBytes = 0x7FFFFFC7;

    private const int MaxVersionBytes = 64;

    // "DETEVAL" and 0x1A (Ctrl-Z stops a text dump, as in PNG's signature).
    private static ReadOnlySpan<byte> Magic => "DETEVAL\x1A"u8;

    /// <summary>The magic numbers of the per-protocol formats before this one ("DEVS", "DEVV", "DESA").</summary>
    private static readonly uint[] LegacyMagics = [0x53564544, 0x56564544, 0x41534544];

    /// <summary>Whether <paramref name="header"/> starts like a state file.</summary>
    public static bool LooksLikeState(ReadOnlySpan<byte> header) => header.StartsWith(Magic);

    public static byte[] Encode(EvaluationState state, byte[] options, byte[] payload)
    {
        var w = new StateWriter();
        foreach (byte b in Magic)
        {
            w.WriteByte(b);
        }

        byte[] version = Encoding.UTF8.GetBytes(EvaluationState.CurrentVersion);
        var head = new byte[2 + 2 + 4 + 8 + 8 + 4 + 4];
        BinaryPrimitives.WriteUInt16LittleEndian(head, FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(head.AsSpan(2), (ushort)state.Protocol);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(8), XxHash64.HashToUInt64(options));
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(16), state.DatasetFingerprint);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(24), state.ShardHeader.Index);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(28), state.ShardHeader.Count);
        foreach (byte b in head)
        {
            w.WriteByte(b);
        }

        w.WriteBytes(version);
        w.WriteInt64(options.Length);
        foreach (byte b in options)
        {
            w.WriteByte(b);
        }

        w.WriteInt64(payload.Length);
        var body = w.ToArray();
        var file = new byte[body.Length + payload.Length + 8];
        body.CopyTo(file, 0);
        payload.CopyTo(file, body.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(file.Length - 8), Crc64.HashToUInt64(file.AsSpan(0, file.Length - 8)));
        return file;
    }

    public static EvaluationState Read(string path)
    {
        // Opened through the bounded input reader: a missing file, a folder, a pipe or a device is named as such.
        using var stream = InputFile.Open(path, InputKind.State);
        return Read(stream, path);
    }

    public static EvaluationState Read(Stream stream, string source)
    {
        if (stream.CanSeek && stream.Length - stream.Position > MaxBytes)
        {
            throw new DetEvalInputException(source, "", $"is larger than the {MaxBytes} bytes a state may have");
        }

        // Bounded for streams that cannot tell their length (pipes, /dev/zero): stop at the limit.
        using var copy = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (copy.Length + n > MaxBytes)
            {
                throw new DetEvalInputException(source, "", $"is larger than the {MaxBytes} bytes a state may have");
            }

            copy.Write(chunk, 0, n);
            if (copy.Length >= Magic.Length && !copy.GetBuffer().AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                break; // not a state (/dev/zero, /dev/urandom): Decode names it from these bytes, nothing more is read
            }
        }

        if (copy.Length == 0)
        {
            throw new DetEvalInputException(source, "byte 0", "is empty: no bytes from the stream's position on (after writing a state to a stream, set Position = 0 before reading it back)");
        }

        return Decode(copy.ToArray(), source);
    }

    /// <summary>A dataset fingerprint of ids (COCO category ids): XxHash64 of the little-endian values, never 0.</summary>
    public static ulong Fingerprint(ReadOnlySpan<long> ids)
    {
        var bytes = new byte[ids.Length * 8];
        for (int i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), ids[i]);
        }

        return NonZero(XxHash64.HashToUInt64(bytes));
    }

    /// <summary>A dataset fingerprint of names (VOC class names), in the order given: each name's UTF-8 bytes and a 0.</summary>
    public static ulong Fingerprint(IEnumerable<string> names)
    {
        var hash = new XxHash64();
        foreach (string name in names)
        {
            hash.Append(Encoding.UTF8.GetBytes(name));
            hash.Append([0]);
        }

        return NonZero(hash.GetCurrentHashAsUInt64());
    }

    private static ulong NonZero(ulong hash) => hash == 0 ? 1 : hash;

    public static EvaluationState Decode(byte[] file, string source)
    {
        var all = new StateReader(file, 0, file.Length, source);
        if (!file.AsSpan().StartsWith(Magic))
        {
            bool legacy = file.Length >= 4 && Array.IndexOf(LegacyMagics, BinaryPrimitives.ReadUInt32LittleEndian(file)) >= 0;
            throw all.Error(0, legacy
                ? "is a state file of an older DetEval (before the common state format); write it again with this version"
                : "is not a DetEval state file");
        }

        const int fixedHeader = 8 + 32 + 4;
        if (file.Length < fixedHeader + 8 + 8 + 8)
        {
            throw all.Error(file.Length, "truncated: too short for a state file header");
        }

        int version = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        if (version != FormatVersion)
        {
            throw all.Error(8, $"state format version {version} is not supported (this DetEval reads version {FormatVersion})");
        }

        ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(file.Length - 8));
        if (Crc64.HashToUInt64(file.AsSpan(0, file.Length - 8)) != stored)
        {
            throw all.Error(file.Length - 8, "checksum mismatch: the file is damaged or truncated");
        }

        var r = new StateReader(file, 10, file.Length - 8 - 10, source);
        int protocolAt = r.Position;
        int protocolValue = r.ReadByte() | (r.ReadByte() << 8);
        var protocol = (EvaluationProtocol)protocolValue;
        if (!Enum.IsDefined(protocol))
        {
            throw r.Error(protocolAt, $"protocol {protocolValue} is not known to this DetEval");
        }

        int reservedAt = r.Position;
        if (r.ReadInt32() != 0)
        {
            throw r.Error(reservedAt, "reserved header bytes are not zero");
        }

        ulong optionsFingerprint = (ulong)r.ReadInt64();
        ulong datasetFingerprint = (ulong)r.ReadInt64();
        int shardAt = r.Position;
        int shardIndex = r.ReadInt32();
        int shardCount = r.ReadInt32();
        if (shardCount < 0 || (shardCount == 0 ? shardIndex != 0 : shardIndex < 0 || shardIndex >= shardCount))
        {
            throw r.Error(shardAt, $"shard {shardIndex} of {shardCount} is not a valid shard");
        }

        int versionAt = r.Position;
        string writer = r.ReadString("writer version", MaxVersionBytes);
        if (writer.Length == 0)
        {
            throw r.Error(versionAt, "the writer version is empty");
        }

        var options = Section(r, "options section");
        var payload = Section(r, "payload");
        r.ExpectEnd();
        if (XxHash64.HashToUInt64(file.AsSpan(options.Position, options.Remaining)) != optionsFingerprint)
        {
            throw options.Error("the options fingerprint does not match the options section");
        }

        var state = DecodeProtocol(protocol, datasetFingerprint, options, payload);
        options.ExpectEnd();
        payload.ExpectEnd();
        state.SetHeader(writer, (shardIndex, shardCount), source);
        return state;
    }

    /// <summary>
    /// The one place that knows every protocol's state type: each protocol adds one line here (see
    /// docs/architecture.md, "Adding a protocol").
    /// </summary>
    private static EvaluationState DecodeProtocol(EvaluationProtocol protocol, ulong dataset, StateReader options, StateReader payload) => protocol switch
    {
        EvaluationProtocol.Coco => CocoEvaluationState.Read(dataset, options, payload),
        EvaluationProtocol.Voc => VocEvaluationState.Read(dataset, options, payload),
        EvaluationProtocol.SamAuto => SamAutoEvaluationState.Read(options, payload),
        EvaluationProtocol.SamPrompt => SamPromptEvaluationState.Read(payload),
        EvaluationProtocol.Dota => DotaEvaluationState.Read(dataset, options, payload),
        EvaluationProtocol.SamVideo => SamVideoEvaluationState.Read(dataset, options, payload),
        EvaluationProtocol.Lvis => LvisEvaluationState.Read(dataset, options, payload),
        EvaluationProtocol.Tide => TideEvaluationState.Read(dataset, options, payload),
        EvaluationProtocol.SamConcept => SamConceptEvaluationState.Read(dataset, options, payload),
        _ => throw options.Error($"{protocol} states cannot be read by this DetEval"),
    };

    private static StateReader Section(StateReader r, string what)
    {
        int at = r.Position;
        long length = r.ReadInt64();
        if (length < 0 || length > r.Remaining)
        {
            throw r.Error(at, $"{what} length {length} does not fit the {r.Remaining} bytes left");
        }

        var section = new StateReader(r.Bytes, r.Position, (int)length, r.Source);
        r.Skip((int)length);
        return section;
    }
}
