using System.Text;
using DetEval.Formats.Json;

namespace DetEval.Tests.Formats.Coco;

/// <summary>
/// The fast path's one-pass number readers give what scanning the JSON number (<see cref="CocoReader.ScanNumber"/>)
/// and then parsing its token gives: the same acceptance, the same end and the same double, bit for bit, which is also
/// the runtime's own <see cref="double.Parse(string, IFormatProvider)"/> of the token, on random strings of number
/// characters (most of them malformed, many cut at the buffer's end) and on real-looking values.
/// </summary>
public sealed class CocoFastNumberTests
{
    private const string Alphabet = "0000123456789..--+eE ,]:/";

    public static TheoryData<string> Edges => new()
    {
        "0,", "-0,", "0.0,", "-0.0,", "01,", "0.,", ".5,", "-,", "1e,", "1e+,", "1e5,", "1E-22,", "1e23,", "1e-23,",
        "5e-1000,", "207.46,", "0.017667}", "123456789012345,", "1234567890123456,", "0.000000000000000000001,",
        "0.0000000000000000000001,", "100000000000000000000000,", "123456789012345678,", "1234567890123456789,",
        "-123456789012345678]", "1.5", "12", "-", "0.00012345678901234,", "99999999999999.9,", "4.9e-10]",
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edges_ReadAsScanThenParse(string text) => AssertAsOracle(Encoding.ASCII.GetBytes(text));

    [Fact]
    public void RandomStrings_ReadAsScanThenParse()
    {
        var random = new Random(20);
        var bytes = new byte[24];
        int accepted = 0;
        for (int n = 0; n < 200_000; n++)
        {
            int length = random.Next(1, bytes.Length + 1);
            for (int k = 0; k < length; k++)
            {
                bytes[k] = (byte)Alphabet[random.Next(Alphabet.Length)];
            }

            accepted += AssertAsOracle(bytes.AsSpan(0, length)) ? 1 : 0;
        }

        // The random strings reach both answers often enough for the comparison to mean something.
        Assert.InRange(accepted, 5_000, 150_000);
    }

    [Fact]
    public void LongDigitRuns_ReadAsScanThenParse()
    {
        // Runs of up to 38 digits around a point, cut anywhere or followed by any byte: long numbers, the digits'
        // neighbours in ASCII and a number at the buffer's end all meet the oracle.
        var random = new Random(22);
        var text = new StringBuilder();
        int accepted = 0;
        for (int n = 0; n < 100_000; n++)
        {
            text.Clear();
            if (random.Next(4) == 0)
            {
                text.Append('-');
            }

            int integerDigits = random.Next(1, 20);
            for (int k = 0; k < integerDigits; k++)
            {
                text.Append((char)('0' + (k == 0 && random.Next(3) == 0 ? 0 : random.Next(10))));
            }

            if (random.Next(3) != 0)
            {
                text.Append('.');
                int fractionDigits = random.Next(0, 20);
                for (int k = 0; k < fractionDigits; k++)
                {
                    text.Append((char)('0' + (random.Next(3) == 0 ? 0 : random.Next(10))));
                }
            }

            text.Append(random.Next(5) switch { 0 => "", 1 => ",", 2 => "]", 3 => "e-3,", _ => ", \"x\": 1}" });
            var bytes = Encoding.ASCII.GetBytes(text.ToString());
            if (random.Next(3) == 0)
            {
                // Any byte right after the digits (':' and '/' border the digits in ASCII; bytes above 0x7F too).
                int at = Array.FindLastIndex(bytes, b => b is >= (byte)'0' and <= (byte)'9') + 1;
                if (at < bytes.Length)
                {
                    bytes[at] = (byte)random.Next(256);
                }
            }

            // The same number at the end of a longer buffer and cut short.
            accepted += AssertAsOracle(bytes) ? 1 : 0;
            AssertAsOracle(bytes.AsSpan(0, random.Next(1, bytes.Length + 1)));
        }

        Assert.InRange(accepted, 10_000, 90_000);
    }

    [Fact]
    public void DetectionValues_ReadAsScanThenParse()
    {
        var random = new Random(21);
        int accepted = 0;
        for (int n = 0; n < 100_000; n++)
        {
            double v = Math.Round(random.NextDouble() * Math.Pow(10, random.Next(-8, 8)), random.Next(0, 16));
            string text = (random.Next(4) == 0 ? -v : v).ToString(random.Next(3) == 0 ? "E3" : "R", System.Globalization.CultureInfo.InvariantCulture) + ",";
            accepted += AssertAsOracle(Encoding.ASCII.GetBytes(text)) ? 1 : 0;
        }

        // Most such values are short decimals; the rest (many digits, E+003) go the general way.
        Assert.InRange(accepted, 50_000, 99_000);
    }

    /// <summary>Compares both readers with the oracle on <paramref name="s"/>; returns whether the number reader accepted it.</summary>
    private static bool AssertAsOracle(ReadOnlySpan<byte> s)
    {
        string text = Encoding.ASCII.GetString(s);
        int end = CocoReader.ScanNumber(s, 0);
        double expectedValue = 0;
        bool expected = end >= 0 && JsonValues.TryParseShortDecimal(s[..end], out expectedValue);
        int i = 0;
        bool actual = CocoReader.TryNumber(s, ref i, out double value);
        Assert.True(expected == actual, $"number {text}: expected {expected}");
        if (expected)
        {
            Assert.True(end == i, $"number {text}: end {i}, expected {end}");
            Assert.True(BitConverter.DoubleToInt64Bits(expectedValue) == BitConverter.DoubleToInt64Bits(value), $"number {text}: {value:R}, expected {expectedValue:R}");
            // And the value is the correctly rounded double of the token, as the runtime's own parser gives it (the
            // oracle and the reader share the exact-conversion rule; this does not).
            double parsed = double.Parse(Encoding.ASCII.GetString(s[..end]), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(parsed) == BitConverter.DoubleToInt64Bits(value), $"number {text}: {value:R}, double.Parse {parsed:R}");
        }

        long expectedId = 0;
        bool expectedInteger = end >= 0 && IsInteger(s[..end], out expectedId);
        int j = 0;
        bool actualInteger = CocoReader.TryInteger(s, ref j, out long id);
        Assert.True(expectedInteger == actualInteger, $"integer {text}: expected {expectedInteger}");
        if (expectedInteger)
        {
            Assert.Equal(end, j);
            Assert.Equal(expectedId, id);
        }

        return actual;
    }

    /// <summary>The oracle for ids: an optional minus and at most 18 digits, nothing else.</summary>
    private static bool IsInteger(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        bool negative = token[0] == (byte)'-';
        var digits = negative ? token[1..] : token;
        if (digits.Length > 18 || digits.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        foreach (byte c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        value = negative ? -value : value;
        return true;
    }
}
