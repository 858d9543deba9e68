namespace DetEval.Tests.Masks;

/// <summary>
/// The compressed-counts decoder against a plain test-side decoder of the reference's <c>rleFrString</c>, on long
/// strings that cross the vector paths' 16-character windows with every case a window must leave to the scalar
/// loop: numbers of three or more characters, counts near 2^30 and past it, characters outside 48..111, negative
/// counts, truncation. CI runs these with AVX-512, with only 128-bit vectors and with no vector units.
/// </summary>
public class CompressedRleWindowTests
{
    [Fact]
    public void LongStrings_DecodeAsThePlainDecoder()
    {
        var random = new Random(31);
        for (int trial = 0; trial < 3000; trial++)
        {
            uint[] counts = RandomCounts(random);
            long total = counts.Sum(c => (long)c);
            string text = new Rle(1, (int)total, counts).ToCompressedString();
            Assert.Equal(counts, Rle.FromCompressedString(text, 1, (int)total).Counts);
            Assert.Equal(counts, PlainDecode(text, out string? error));
            Assert.Null(error);
        }
    }

    [Fact]
    public void MutatedStrings_FailAtThePlaceThePlainDecoderNames()
    {
        var random = new Random(32);
        int failures = 0;
        for (int trial = 0; trial < 6000; trial++)
        {
            uint[] counts = RandomCounts(random);
            long total = counts.Sum(c => (long)c);
            char[] text = new Rle(1, (int)total, counts).ToCompressedString().ToCharArray();
            int edits = 1 + random.Next(3);
            for (int e = 0; e < edits; e++)
            {
                // Mostly other valid characters (negative counts, long numbers, truncation), sometimes invalid ones.
                text[random.Next(text.Length)] = random.Next(8) == 0 ? (char)(32 + random.Next(16)) : (char)(48 + random.Next(64));
            }

            string mutated = new(text);
            uint[]? expected = PlainDecode(mutated, out string? error);
            if (expected is not null && expected.Sum(c => (long)c) != total)
            {
                error = "sum";
            }

            if (error is null)
            {
                Assert.Equal(expected, Rle.FromCompressedString(mutated, 1, (int)total).Counts);
                continue;
            }

            failures++;
            FormatException thrown = Assert.Throws<FormatException>(() => Rle.FromCompressedString(mutated, 1, (int)total));
            Assert.Contains(error, thrown.Message, StringComparison.Ordinal);
        }

        Assert.True(failures > 3000, $"only {failures} of 6000 mutations were invalid");
    }

    [Fact]
    public void CountsAroundTwoToThe30_InsideWindows_Decode()
    {
        // Each large count is followed, two counts on, by a small one (a long negative delta), so the sum stays in range.
        foreach (uint large in new[] { (1u << 30) - 2, (1u << 30) - 1, 1u << 30, (1u << 30) + 1 })
        {
            for (int at = 3; at < 40; at++)
            {
                var counts = Enumerable.Range(0, 64).Select(i => (uint)(1 + (i * 7 % 13))).ToArray();
                counts[at] = large;
                long total = counts.Sum(c => (long)c);
                string text = new Rle(1, (int)total, counts).ToCompressedString();
                Assert.Equal(counts, Rle.FromCompressedString(text, 1, (int)total).Counts);
            }
        }
    }

    /// <summary>Counts whose deltas take one, two and sometimes more characters, with a rare count near 2^30.</summary>
    private static uint[] RandomCounts(Random random)
    {
        var counts = new uint[20 + random.Next(200)];
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = random.Next(40) switch
            {
                0 => (uint)random.Next(600, 40000),
                1 when i > 2 && counts[i - 2] < 1000 => (uint)((1 << 30) - 3 + random.Next(6)),
                < 12 => (uint)random.Next(0, 600),
                _ => (uint)random.Next(0, 30),
            };
        }

        // At most one count near 2^30 in each parity, so the sum fits a width.
        bool seen = false;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] >= 1 << 29)
            {
                if (seen)
                {
                    counts[i] = 7;
                }

                seen = true;
            }
        }

        return counts;
    }

    /// <summary>
    /// The reference's decoder, a chunk at a time in 64-bit arithmetic, with the library's checks; returns the counts,
    /// or null with the words the library's message must contain.
    /// </summary>
    private static uint[]? PlainDecode(string text, out string? error)
    {
        var counts = new List<uint>();
        int p = 0;
        while (p < text.Length)
        {
            int start = p;
            long x = 0;
            int k = 0;
            while (true)
            {
                if (p >= text.Length)
                {
                    error = $"the number starting at character {start} has no final chunk";
                    return null;
                }

                int c = text[p] - 48;
                if (c < 0 || c > 63)
                {
                    error = $"invalid character '{text[p]}' (code {(int)text[p]}) at position {p}";
                    return null;
                }

                if (k >= 12)
                {
                    error = $"longer than 12 characters at position {start}";
                    return null;
                }

                x |= (long)(c & 0x1f) << (5 * k);
                k++;
                p++;
                if ((c & 0x20) == 0)
                {
                    if ((c & 0x10) != 0)
                    {
                        x |= -1L << (5 * k);
                    }

                    break;
                }
            }

            int m = counts.Count;
            if (m > 2)
            {
                x += counts[m - 2];
            }

            if (x < 0)
            {
                error = $"count {m} is negative ({x})";
                return null;
            }

            if (x > uint.MaxValue)
            {
                error = $"count {m} ({x}) exceeds";
                return null;
            }

            counts.Add((uint)x);
        }

        error = null;
        return [.. counts];
    }
}
