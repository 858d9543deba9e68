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

    /// <summary>
    /// Marks a known key of the object being read as seen (<paramref name="bit"/>, one per key); a second time is an
    /// error: Python's <c>json</c> keeps the last value, so taking either would be a guess.
    /// </summary>
    public static void Once(ref int seen, int bit, string field)
    {
        if ((seen & bit) != 0)
        {
            throw new JsonFieldException(field, "the key is given twice in this object; expected it once");
        }

        seen |= bit;
    }

    /// <summary>Reads a finite number.</summary>
    public static double ReadDouble(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonFieldException(field, $"expected a number, got {JsonFileStreamer.Describe(reader.TokenType)}");
        }

        if (!reader.HasValueSequence && TryParseShortDecimal(reader.ValueSpan, out double fast))
        {
            return fast;
        }

        if (!reader.TryGetDouble(out double value) || !double.IsFinite(value))
        {
            throw new JsonFieldException(field, $"number {JsonFileStreamer.Utf8(reader.ValueSpan)} is not a finite double");
        }

        return value;
    }

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses the common short decimals of detection files (<c>258.15</c>, <c>-3</c>, <c>0.236</c>,
    /// <c>1.5e-3</c>) straight from UTF-8. With at most 15 significant digits the digits form an exact
    /// integer m &lt; 2^53, and with a decimal exponent |e| &lt;= 22 the power of ten is exact too, so
    /// <c>m * 10^e</c> or <c>m / 10^-e</c> is one correctly rounded operation: the same double as a full
    /// parser gives (Clinger's fast path). Anything else returns false and goes to the full parser.
    /// </summary>
    internal static bool TryParseShortDecimal(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        int i = 0;
        bool negative = false;
        if (i < s.Length && s[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        bool any = false;
        for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
        {
            any = true;
            if (mantissa == 0 && s[i] == (byte)'0')
            {
                continue; // leading zeros are not significant
            }

            mantissa = (mantissa * 10) + (s[i] - '0');
            digits++;
        }

        if (i < s.Length && s[i] == (byte)'.')
        {
            i++;
            for (; i < s.Length && (uint)(s[i] - '0') <= 9; i++)
            {
                any = true;
                scale--;
                if (mantissa == 0 && s[i] == (byte)'0')
                {
                    continue;
                }

                mantissa = (mantissa * 10) + (s[i] - '0');
                digits++;
            }
        }

        if (!any || digits > 15)
        {
            return false;
        }

        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            if (!TryExponent(s, ref i, out int exponent))
            {
                return false;
            }

            scale += exponent;
        }

        return i == s.Length && TryExactDecimal(mantissa, digits, scale, negative, out value);
    }

    /// <summary>
    /// A decimal exponent after its <c>e</c>: an optional sign and one to three digits (a longer one is beyond any
    /// exact power of ten here), <paramref name="i"/> left after them; false when there are none or more.
    /// </summary>
    internal static bool TryExponent(ReadOnlySpan<byte> s, ref int i, out int exponent)
    {
        bool negative = i < s.Length && s[i] == (byte)'-';
        i += i < s.Length && s[i] is (byte)'-' or (byte)'+' ? 1 : 0;
        exponent = 0;
        int start = i;
        uint d;
        while (i < s.Length && (d = (uint)(s[i] - '0')) <= 9)
        {
            exponent = (exponent * 10) + (int)d;
            i++;
        }

        exponent = negative ? -exponent : exponent;
        return i > start && i - start <= 3;
    }

    /// <summary>
    /// <c>±mantissa * 10^scale</c> as a double when Clinger's fast path makes it exact: at most 15 significant digits
    /// (an exact integer below 2^53) and |scale| &lt;= 22 (an exact power of ten), so one multiplication or division
    /// rounds once, as a full parser does. False otherwise.
    /// </summary>
    internal static bool TryExactDecimal(long mantissa, int digits, int scale, bool negative, out double value)
    {
        value = 0;
        if (digits > 15 || scale < -22 || scale > 22)
        {
            return false;
        }

        double m = mantissa;
        double result = scale >= 0 ? m * PowersOfTen[scale] : m / PowersOfTen[-scale];
        value = negative ? -result : result;
        return true;
    }

    /// <summary>Reads a finite number at <c>field[index]</c>; the field's name is only built for an error.</summary>
    private static double ReadElement(ref Utf8JsonReader reader, string field, int index)
    {
        if (reader.TokenType == JsonTokenType.Number && !reader.HasValueSequence && TryParseShortDecimal(reader.ValueSpan, out double fast))
        {
            return fast;
        }

        return ReadDouble(ref reader, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{field}[{index}]"));
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

            values[n] = ReadElement(ref reader, field, n);
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
            list.Add(ReadElement(ref reader, field, list.Count));
        }

        return [.. list];
    }
}
