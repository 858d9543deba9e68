using System.Globalization;
using System.Text;
using DetEval.Formats.Json;

namespace DetEval.Tests.Formats.Json;

/// <summary>The fast number path gives the same double as the full parser, bit for bit, or declines.</summary>
public sealed class ShortDecimalTests
{
    [Theory]
    [InlineData("258.15")]
    [InlineData("-0")]
    [InlineData("0.236")]
    [InlineData("1.5e-3")]
    [InlineData("1E22")]
    [InlineData("123456789012345")]
    [InlineData("0.000000000000000000001")]
    [InlineData("-7.25E+2")]
    public void ShortDecimal_EqualsDoubleParse(string text)
    {
        Assert.True(JsonValues.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out double fast));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
    }

    [Theory]
    [InlineData("1234567890123456")]
    [InlineData("1e23")]
    [InlineData("1e-23")]
    [InlineData("0.1234567890123456789")]
    [InlineData("1.")]
    [InlineData("e5")]
    public void LongOrOddNumbers_GoToTheFullParser(string text)
    {
        bool taken = JsonValues.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out double fast);
        if (taken)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
        }
    }

    [Fact]
    public void RandomDecimals_EqualDoubleParse()
    {
        var rng = new Random(11);
        for (int i = 0; i < 200_000; i++)
        {
            int intDigits = rng.Next(0, 8);
            int fracDigits = rng.Next(0, 9);
            var sb = new StringBuilder();
            if (rng.Next(4) == 0)
            {
                sb.Append('-');
            }

            sb.Append(intDigits == 0 ? "0" : rng.NextInt64(1, (long)Math.Pow(10, intDigits)).ToString(CultureInfo.InvariantCulture));
            if (fracDigits > 0)
            {
                sb.Append('.');
                for (int d = 0; d < fracDigits; d++)
                {
                    sb.Append((char)('0' + rng.Next(10)));
                }
            }

            if (rng.Next(5) == 0)
            {
                sb.Append('e').Append(rng.Next(-12, 12));
            }

            string text = sb.ToString();
            if (JsonValues.TryParseShortDecimal(Encoding.ASCII.GetBytes(text), out double fast))
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
            }
        }
    }
}
