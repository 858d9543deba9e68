using DetEval.Formats.Json;

namespace DetEval.Tests.Formats.Coco;

/// <summary>
/// The one-pass copy of a counts string (<see cref="CocoReader.CopyCounts"/>, sixteen bytes at a time) against its
/// specification, the end scan and the unescaping copy it replaces (<see cref="CocoReader.CountsStringEnd"/>,
/// <see cref="CocoReader.KeepCounts"/>): the same end, the same bytes, the same refusals.
/// </summary>
public sealed class CountsCopyTests
{
    // Bytes a counts string is made of, and those that end it or make it another path's: the quote, backslashes
    // (a pair is the one escape taken), other escapes, control bytes, DEL and non-ASCII.
    private static readonly byte[] Common = "0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmno"u8.ToArray();
    private static readonly byte[] Rare = [(byte)'"', (byte)'\\', (byte)'\\', (byte)'u', (byte)'/', 0x1F, 0x7F, 0xC3, (byte)' ', (byte)'}'];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomStrings_GiveTheSpecificationsEndAndBytes(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 20_000; trial++)
        {
            int length = random.Next(0, trial % 10 == 0 ? 400 : 60);
            var s = new byte[length];
            int rareEvery = random.Next(3, 200);
            for (int i = 0; i < length; i++)
            {
                s[i] = random.Next(rareEvery) == 0 ? Rare[random.Next(Rare.Length)] : Common[random.Next(Common.Length)];
            }

            if (length > 0 && random.Next(3) > 0)
            {
                s[random.Next(length)] = (byte)'"'; // most strings end inside the buffer
            }

            int at = length == 0 ? 0 : random.Next(Math.Min(length, 3));
            int expectedEnd = CocoReader.CountsStringEnd(s, at, out bool escaped);
            byte[]? expected = expectedEnd < 0 ? null : CocoReader.KeepCounts(s.AsSpan(at, expectedEnd - at), escaped, new ByteArena()).ToArray();

            // Room enough, and room too short by a little (the copy must then say so, not write past it).
            var output = new byte[length + 16];
            int end = CocoReader.CopyCounts(s, at, output, out int written);
            Assert.Equal(expectedEnd, end);
            if (expected is not null)
            {
                Assert.Equal(expected, output[..written]);
                if (expected.Length > 0)
                {
                    var tight = new byte[expected.Length - 1];
                    Assert.Equal(-2, CocoReader.CopyCounts(s, at, tight, out _));
                    Assert.Equal(expectedEnd, CocoReader.CopyCounts(s, at, new byte[expected.Length], out int exact));
                    Assert.Equal(expected.Length, exact);
                }
            }

            // Through the arena, as the fast path calls it: the kept bytes are the arena's last copy.
            var arena = new ByteArena();
            Assert.Equal(expectedEnd, CocoReader.ScanCounts(s, at, arena, out var kept));
            if (expected is not null)
            {
                Assert.Equal(expected, kept.ToArray());
                Assert.NotNull(arena.ResetKeeping(kept));
            }
        }
    }
}
