namespace DetEval.Evaluation;

/// <summary>The shared pieces of the binary state formats: length-prefixed arrays with bounded counts.</summary>
internal static class StateBinary
{
    public static void WriteHeader(BinaryWriter w, uint magic, int version)
    {
        w.Write(magic);
        w.Write(version);
    }

    /// <summary>Checks the magic number and the version; <paramref name="kind"/> names the format in errors ("VOC ").</summary>
    public static void ReadHeader(BinaryReader r, uint magic, int version, string source, string kind)
    {
        if (r.ReadUInt32() != magic)
        {
            throw new DetEvalInputException(source, "byte 0", $"not a DetEval {kind}evaluation state");
        }

        int actual = r.ReadInt32();
        if (actual != version)
        {
            throw new DetEvalInputException(source, "byte 4", $"{kind}state version {actual} is not supported (expected {version})");
        }
    }

    /// <summary>Reads a count and checks it is in [0, <paramref name="max"/>].</summary>
    public static int Count(BinaryReader r, int max)
    {
        int n = r.ReadInt32();
        return n < 0 || n > max ? throw new FormatException($"count {n} is out of range") : n;
    }

    public static void WriteInts(BinaryWriter w, int[] values)
    {
        w.Write(values.Length);
        foreach (int v in values)
        {
            w.Write(v);
        }
    }

    public static int[] ReadInts(BinaryReader r)
    {
        var values = new int[Count(r, 1 << 28)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadInt32();
        }

        return values;
    }

    public static void WriteDoubles(BinaryWriter w, IReadOnlyList<double> values)
    {
        w.Write(values.Count);
        foreach (double v in values)
        {
            w.Write(v);
        }
    }

    public static double[] ReadDoubles(BinaryReader r, int max = int.MaxValue)
    {
        var values = new double[Count(r, max)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = r.ReadDouble();
        }

        return values;
    }

    /// <summary>The stream position for error messages (-1 when it cannot seek).</summary>
    public static long Position(Stream s) => s.CanSeek ? s.Position : -1;
}
