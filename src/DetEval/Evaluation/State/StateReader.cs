using System.Buffers.Binary;
using System.Text;

namespace DetEval.Evaluation.State;

/// <summary>
/// Guarded reads of a state section: every read is bounds-checked, every count is bounded by the bytes left, every
/// enum is checked against its defined values, and every failure is a <see cref="DetEvalInputException"/> naming the
/// source and the absolute byte offset.
/// </summary>
internal sealed class StateReader
{
    private readonly byte[] bytes;
    private readonly int end;
    private int position;

    public StateReader(byte[] bytes, int start, int length, string source)
    {
        this.bytes = bytes;
        position = start;
        end = start + length;
        Source = source;
    }

    public string Source { get; }

    public int Position => position;

    public int Remaining => end - position;

    /// <summary>The underlying bytes (sections of one file share them).</summary>
    public byte[] Bytes => bytes;

    public void Skip(int n) => Take(n);

    public DetEvalInputException Error(string problem) => Error(position, problem);

    public DetEvalInputException Error(int offset, string problem) => new(Source, $"byte {offset}", problem);

    public byte ReadByte() => Take(1)[0];

    public bool ReadBool()
    {
        int at = position;
        byte b = ReadByte();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw Error(at, $"expected a flag (0 or 1), found {b}"),
        };
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>A double that must be finite (a score, an area, a threshold).</summary>
    public double ReadFinite(string what)
    {
        int at = position;
        double v = ReadDouble();
        return double.IsFinite(v) ? v : throw Error(at, $"{what} is not a finite number");
    }

    /// <summary>An int in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32(int min, int max, string what)
    {
        int at = position;
        int v = ReadInt32();
        return v < min || v > max ? throw Error(at, $"{what} {v} is out of range [{min}, {max}]") : v;
    }

    /// <summary>An enum written as one byte, checked against the defined values.</summary>
    public T ReadEnum<T>(string what)
        where T : struct, Enum
    {
        int at = position;
        byte b = ReadByte();
        T value = (T)Enum.ToObject(typeof(T), b);
        return Enum.IsDefined(value) ? value : throw Error(at, $"{what} {b} is not a known value");
    }

    /// <summary>A count of elements of <paramref name="elementSize"/> bytes each, bounded by the bytes left.</summary>
    public int ReadCount(int elementSize, string what)
    {
        int at = position;
        int n = ReadInt32();
        if (n < 0 || (long)n * Math.Max(1, elementSize) > Remaining)
        {
            throw Error(at, $"{what} count {n} does not fit the {Remaining} bytes left");
        }

        return n;
    }

    public string ReadString(string what, int maxBytes = 1 << 20)
    {
        int at = position;
        int n = ReadCount(1, what);
        if (n > maxBytes)
        {
            throw Error(at, $"{what} is {n} bytes long (at most {maxBytes})");
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(Take(n));
        }
        catch (DecoderFallbackException)
        {
            throw Error(at, $"{what} is not valid UTF-8");
        }
    }

    public byte[] ReadBytes(string what) => Take(ReadCount(1, what)).ToArray();

    /// <summary><paramref name="n"/> bytes without a count.</summary>
    public byte[] ReadRaw(int n) => Take(n).ToArray();

    public int[] ReadInts(string what)
    {
        int n = ReadCount(4, what);
        var values = new int[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = ReadInt32();
        }

        return values;
    }

    public long[] ReadLongs(string what)
    {
        int n = ReadCount(8, what);
        var values = new long[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = ReadInt64();
        }

        return values;
    }

    /// <summary>Doubles that must all be finite.</summary>
    public double[] ReadFiniteDoubles(string what)
    {
        int n = ReadCount(8, what);
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = ReadFinite(what);
        }

        return values;
    }

    /// <summary>
    /// Builds a protocol's options from values just read: an invalid combination (the options' own checks throw
    /// <see cref="ArgumentException"/>) becomes a <see cref="DetEvalInputException"/> at <paramref name="offset"/>.
    /// </summary>
    public T Options<T>(int offset, Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw Error(offset, "invalid options: " + e.Message);
        }
    }

    /// <summary>Checks that the section was read to its last byte.</summary>
    public void ExpectEnd()
    {
        if (position != end)
        {
            throw Error($"{end - position} unexpected bytes after the last record");
        }
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n > end - position)
        {
            throw Error($"truncated: {n} bytes needed, {end - position} left");
        }

        var span = bytes.AsSpan(position, n);
        position += n;
        return span;
    }
}
