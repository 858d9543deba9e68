using System.Text.Json;

namespace DetEval.Formats.Json;

/// <summary>Typed reads of the current token with messages that say what was expected.</summary>
internal static class JsonValues
{
    /// <summary>Reads the next token; throws <see cref="JsonNeedMoreDataException"/> when the buffer ends inside the value.</summary>
    public static bool Read(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            return true;
        }

        return reader.IsFinalBlock ? false : throw JsonNeedMoreDataException.Instance;
    }

    /// <summary>Skips the current value's children; throws <see cref="JsonNeedMoreDataException"/> when the buffer ends inside it.</summary>
    public static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw JsonNeedMoreDataException.Instance;
        }
    }

    /// <summary>Reads a finite number.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonFieldException(field, $"expected a number, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw new JsonFieldException(field, $"number {JsonFileStreamer.Utf8(reader.ValueSpan)} is not a finite double");
        }

        return value;
    }

    /// <summary>Reads a 64-bit integer id (an integral number such as <c>12</c> or <c>12.0</c>).</summary>
    public static long ReadId(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonFieldException(field, $"expected an integer id, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        if (reader.TryGetInt64(out long value))
        {
            return value;
        }

        if (reader.TryGetDouble(out double d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18)
        {
            return (long)d;
        }

        throw new JsonFieldException(field, $"expected an integer id, got {JsonFileStreamer.Utf8(reader.ValueSpan)}");
    }

    /// <summary>Reads an int within [min, max].</summary>
    public static int ReadInt(ref Utf8JsonReader reader, string field, int min, int max)
    {
        long v = ReadId(ref reader, field);
        if (v < min || v > max)
        {
            throw new JsonFieldException(field, $"expected an integer in [{min}, {max}], got {v}");
        }

        return (int)v;
    }

    /// <summary>Reads a flag given as 0/1 (or any number, non-zero = true) or a boolean.</summary>
    public static bool ReadFlag(ref Utf8JsonReader reader, string field)
    {
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            JsonTokenType.Number => ReadDouble(ref reader, field) != 0,
            _ => throw new JsonFieldException(field, $"expected 0/1 or a boolean, got {JsonFileStreamer.Describe(reader.TokenType)}"),
        };
    }

    /// <summary>Reads a string (null gives null).</summary>
    public static string? ReadString(ref Utf8JsonReader reader, string field)
    {
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonFieldException(field, $"expected a string, got {JsonFileStreamer.Describe(reader.TokenType)}"),
        };
    }

    /// <summary>Reads an array of finite numbers into <paramref name="values"/>; returns how many were read (at most its length) and throws when there are more or fewer than <paramref name="exact"/> (when exact &gt; 0).</summary>
    public static int ReadNumbers(ref Utf8JsonReader reader, string field, scoped Span<double> values, int exact)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonFieldException(field, $"expected an array of {(exact > 0 ? exact.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " : "")}numbers, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        int n = 0;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (n >= values.Length)
            {
                throw new JsonFieldException(field, $"expected {(exact > 0 ? exact : values.Length)} numbers, got more");
            }

            values[n] = ReadDouble(ref reader, $"{field}[{n}]");
            n++;
        }

        if (exact > 0 && n != exact)
        {
            throw new JsonFieldException(field, $"expected {exact} numbers, got {n}");
        }

        return n;
    }

    /// <summary>Reads an array of finite numbers of any length.</summary>
    public static double[] ReadNumberList(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonFieldException(field, $"expected an array of numbers, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        var list = new List<double>();
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(ReadDouble(ref reader, $"{field}[{list.Count}]"));
        }

        return [.. list];
    }
}
