using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using DetEval.Kernels;

namespace DetEval.Tests.Kernels;

/// <summary>
/// <see cref="NumberListScan"/> against the JSON number grammar written as a regular expression (RFC 8259 without the
/// exponent): on lists of plain numbers closing within whole blocks it finds the <c>]</c>, on anything else it does not
/// decide, at every vector width this machine runs.
/// </summary>
public sealed partial class NumberListScanTests
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?\z")]
    private static partial Regex PlainNumber();

    public static TheoryData<int> Widths()
    {
        var widths = new TheoryData<int> { 0 };
        foreach (var (width, accelerated) in new[]
        {
            (128, System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated),
            (256, System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated),
            (512, System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated),
        })
        {
            if (accelerated)
            {
                widths.Add(width);
            }
        }

        return widths;
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Classify_AtEachWidth_EqualsTheByteByByteMasks(int width)
    {
        var random = new Random(width + 1);
        var block = new byte[NumberListScan.Block];
        for (int trial = 0; trial < 2000; trial++)
        {
            for (int k = 0; k < block.Length; k++)
            {
                block[k] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)"0123456789.,-] e"[random.Next(16)];
            }

            ref byte first = ref MemoryMarshal.GetArrayDataReference(block);
            Assert.Equal(NumberListScan.ClassifyBytes(ref first), NumberListScan.Classify(ref first, width));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void RandomLists_AreDecidedExactlyAsTheGrammarSays(int width)
    {
        var random = new Random(7 + width);
        int accepted = 0, deferred = 0;
        for (int trial = 0; trial < 20000; trial++)
        {
            string list = RandomList(random);
            if (random.Next(2) == 0)
            {
                list = Mutate(random, list);
            }

            // Some text before the list's start and after its end, as in a file.
            string prefix = new('x', random.Next(3));
            string text = prefix + list + new string(' ', random.Next(100)) + "]}";
            var bytes = Encoding.ASCII.GetBytes(text);
            int expected = Expected(bytes, prefix.Length);
            int actual = NumberListScan.SkipPlainNumbers(bytes, prefix.Length, width);
            Assert.True(expected == actual, $"\"{text}\": expected {expected}, got {actual}");
            if (actual >= 0)
            {
                accepted++;
            }
            else
            {
                deferred++;
            }
        }

        // Both answers are common, so neither side of the comparison is trivially met.
        Assert.InRange(accepted, 3000, 17000);
        Assert.InRange(deferred, 3000, 17000);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void AFractionCarriedAcrossABlock_IsCheckedInTheNextBlock(int width)
    {
        // The fraction's digits run from the first block into the second; what ends them decides.
        string head = string.Concat(Enumerable.Repeat("1,", 29)) + "0.";
        Assert.Equal(60, head.Length);
        foreach (var (tail, valid) in new[] { ("12345,6]", true), ("12345]", true), ("12345.6]", false), ("1234-5]", false) })
        {
            var bytes = Encoding.ASCII.GetBytes(head + tail + new string(' ', 64));
            int close = head.Length + tail.Length - 1;
            Assert.Equal(valid ? close : -1, NumberListScan.SkipPlainNumbers(bytes, 0, width));
        }
    }

    /// <summary>The answer the scan must give: the first ']' when it closes within whole blocks and every item is a plain number.</summary>
    private static int Expected(byte[] bytes, int start)
    {
        int close = Array.IndexOf(bytes, (byte)']', start);
        int blocksEnd = start + ((bytes.Length - start) / NumberListScan.Block * NumberListScan.Block);
        if (close < 0 || close >= blocksEnd)
        {
            return -1;
        }

        string inside = Encoding.ASCII.GetString(bytes, start, close - start);
        return inside.Split(',').All(item => PlainNumber().IsMatch(item)) ? close : -1;
    }

    private static string RandomList(Random random)
    {
        int count = random.Next(1, 60);
        var items = new string[count];
        for (int k = 0; k < count; k++)
        {
            items[k] = random.Next(6) switch
            {
                0 => random.Next(1000).ToString(CultureInfo.InvariantCulture),
                1 => (-random.Next(1000)).ToString(CultureInfo.InvariantCulture),
                2 => "0." + random.Next(100000).ToString("D3", CultureInfo.InvariantCulture),
                _ => (random.NextDouble() * 1000 * (random.Next(5) == 0 ? -1 : 1)).ToString("0.0####", CultureInfo.InvariantCulture),
            };
        }

        return string.Join(",", items) + "]";
    }

    /// <summary>One to three edits with characters the grammar cares about.</summary>
    private static string Mutate(Random random, string list)
    {
        var chars = new StringBuilder(list);
        for (int edit = random.Next(1, 4); edit > 0 && chars.Length > 1; edit--)
        {
            int at = random.Next(chars.Length);
            char c = "0123456789.,-] eE+\n"[random.Next(19)];
            switch (random.Next(3))
            {
                case 0:
                    chars[at] = c;
                    break;
                case 1:
                    chars.Insert(at, c);
                    break;
                default:
                    chars.Remove(at, 1);
                    break;
            }
        }

        return chars.ToString();
    }
}
