using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace DetEval.Evaluation.State;

/// <summary>Appends little-endian values to a state section. Counts precede arrays and strings.</summary>
internal sealed class StateWriter
{
    private readonly ArrayBufferWriter<byte> buffer = new(256);

    public int Length => buffer.WrittenCount;

    public byte[] ToArray() => buffer.WrittenSpan.ToArray();

    public void WriteByte(byte value)
    {
        buffer.GetSpan(1)[0] = value;
        buffer.Advance(1);
    }

    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), value);
        buffer.Advance(4);
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), value);
        buffer.Advance(8);
    }

    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>An enum as one byte (every protocol enum here is below 256).</summary>
    public void WriteEnum<T>(T value)
        where T : struct, Enum
    {
        int v = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);
        if (v is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(value), "enum value does not fit a byte");
        }

        WriteByte((byte)v);
    }

    public void WriteString(string value)
    {
        int n = Encoding.UTF8.GetByteCount(value);
        WriteInt32(n);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(n));
        buffer.Advance(n);
    }

    public void WriteBytes(ReadOnlySpan<byte> values)
    {
        WriteInt32(values.Length);
        values.CopyTo(buffer.GetSpan(values.Length));
        buffer.Advance(values.Length);
    }

    /// <summary>Bytes without a count (the reader knows how many).</summary>
    public void WriteRaw(ReadOnlySpan<byte> values)
    {
        values.CopyTo(buffer.GetSpan(values.Length));
        buffer.Advance(values.Length);
    }

    public void WriteInts(ReadOnlySpan<int> values)
    {
        WriteInt32(values.Length);
        foreach (int v in values)
        {
            WriteInt32(v);
        }
    }

    public void WriteLongs(ReadOnlySpan<long> values)
    {
        WriteInt32(values.Length);
        foreach (long v in values)
        {
            WriteInt64(v);
        }
    }

    public void WriteDoubles(ReadOnlySpan<double> values)
    {
        WriteInt32(values.Length);
        foreach (double v in values)
        {
            WriteDouble(v);
        }
    }

    public void WriteDoubles(IReadOnlyList<double> values)
    {
        WriteInt32(values.Count);
        foreach (double v in values)
        {
            WriteDouble(v);
        }
    }
}
