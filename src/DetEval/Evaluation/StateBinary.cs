namespace DetEval.Evaluation;

/// <summary>The shared pieces of the binary state formats: length-prefixed arrays with bounded counts.</summary>
internal static class StateBinary
{
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
