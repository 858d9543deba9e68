using System.Text.Json;

namespace DetEval.Tests.Masks;

public class CompressedRleTests
{
    [Fact]
    public void CompressedString_RoundTrips_OnRandomMasks()
    {
        var random = new Random(21);
        foreach ((int h, int w) in MaskOracle.Sizes)
        {
            for (int trial = 0; trial < 40; trial++)
            {
                Rle rle = Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w);
                string text = rle.ToCompressedString();
                Assert.Equal(rle.Counts, Rle.FromCompressedString(text, h, w).Counts);
            }
        }
    }

    [Fact]
    public void CompressedString_RoundTrips_OnLargeCounts()
    {
        // Deltas of both signs and every chunk length up to the 32-bit range.
        uint[] counts = [0, 1, 1u << 20, 5, (1u << 20) + 17, 3, 1u << 29, 1, 2];
        long total = 0;
        foreach (uint c in counts)
        {
            total += c;
        }

        var rle = new Rle(1, (int)total, counts);
        Assert.Equal(counts, Rle.FromCompressedString(rle.ToCompressedString(), 1, (int)total).Counts);
    }

    [Theory]
    // Strings published in twsl/pytorchcocotools tests, checked there against pycocotools encode/rleToString.
    [InlineData(5, 5, 15, 15, "R4:?00000000000000000e7")]
    [InlineData(0, 0, 5, 5, "05d00000000d?")]
    [InlineData(20, 20, 25, 25, "X`05d00000000")]
    [InlineData(0, 0, 25, 25, "0ac0")]
    public void Encode_SquareIn25x25_GivesReferenceString(int x0, int y0, int x1, int y1, string expected)
    {
        var mask = new byte[25 * 25];
        for (int x = x0; x < x1; x++)
        {
            for (int y = y0; y < y1; y++)
            {
                mask[(x * 25) + y] = 1;
            }
        }

        Assert.Equal(expected, Rle.Encode(mask, 25, 25).ToCompressedString());
    }

    [Fact]
    public void UncompressedCounts_GiveReferenceString()
    {
        // twsl/pytorchcocotools frPyObjects case "uncompr" (pycocotools output).
        Rle rle = Rle.FromCounts(25, 25, [130, 5, 20, 5, 20, 5, 20, 5, 20, 5, 390]);
        Assert.Equal("R45d00000000b;", rle.ToCompressedString());
    }

    [Fact]
    public void TestdataStrings_DecodeAndReencode_ByteIdentical()
    {
        int checkedStrings = 0, checkedLists = 0;
        foreach (string file in Directory.EnumerateFiles(TestData.Path(), "*.json", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bad{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(file));
            foreach (JsonElement rleObject in FindRleObjects(document.RootElement))
            {
                JsonElement size = rleObject.GetProperty("size");
                int h = size[0].GetInt32(), w = size[1].GetInt32();
                JsonElement counts = rleObject.GetProperty("counts");
                if (counts.ValueKind == JsonValueKind.String)
                {
                    string text = counts.GetString()!;
                    Rle rle = Rle.FromCompressedString(text, h, w);
                    Assert.True(text == rle.ToCompressedString(), $"{file}: re-encoded string differs");
                    checkedStrings++;
                }
                else
                {
                    var list = new List<long>();
                    foreach (JsonElement c in counts.EnumerateArray())
                    {
                        list.Add(c.GetInt64());
                    }

                    Rle rle = Rle.FromCounts(h, w, list);
                    Assert.Equal(rle.Counts, Rle.FromCompressedString(rle.ToCompressedString(), h, w).Counts);
                    checkedLists++;
                }
            }
        }

        Assert.True(checkedStrings > 100, $"only {checkedStrings} strings found");
        Assert.True(checkedLists > 0, "no uncompressed RLE found");
    }

    [Theory]
    [InlineData("0 c0", "invalid character")]
    [InlineData("0ac0\u00e9", "invalid character")]
    [InlineData("0a", "truncated")]
    [InlineData("0ac", "truncated")]
    [InlineData("1ac0", "sum")]
    [InlineData("0ab0", "sum")]
    [InlineData("", "sum")]
    [InlineData("0000", "sum")]
    [InlineData("0oooooooooooooo0", "longer")]
    [InlineData("550J", "negative")]
    public void FromCompressedString_CorruptInput_ThrowsFormatException(string text, string expectedWords)
    {
        FormatException error = Assert.Throws<FormatException>(() => Rle.FromCompressedString(text, 25, 25));
        Assert.Contains(expectedWords, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void FromCompressedString_RandomGarbage_NeverThrowsOtherExceptions()
    {
        var random = new Random(22);
        for (int trial = 0; trial < 2000; trial++)
        {
            var chars = new char[random.Next(12)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(40 + random.Next(80));
            }

            try
            {
                Rle rle = Rle.FromCompressedString(new string(chars), 3, 4);
                Assert.Equal(12, rle.Decode().Length);
            }
            catch (FormatException)
            {
                // expected for most inputs
            }
        }
    }

    private static IEnumerable<JsonElement> FindRleObjects(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("counts", out JsonElement counts) && element.TryGetProperty("size", out _)
                && counts.ValueKind is JsonValueKind.String or JsonValueKind.Array)
            {
                yield return element;
                yield break;
            }

            foreach (JsonProperty property in element.EnumerateObject())
            {
                foreach (JsonElement found in FindRleObjects(property.Value))
                {
                    yield return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in element.EnumerateArray())
            {
                foreach (JsonElement found in FindRleObjects(item))
                {
                    yield return found;
                }
            }
        }
    }
}
