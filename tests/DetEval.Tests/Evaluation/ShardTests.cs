using System.Buffers.Binary;
using System.Text;
using DetEval.Data;

namespace DetEval.Tests.Evaluation;

/// <summary>The partition of <see cref="Shard"/>: XxHash64 (seed 0) of the id's 8 little-endian bytes or the name's UTF-8, mod N.</summary>
public sealed class ShardTests
{
    [Fact]
    public void Of_EmptyName_IsThePublishedXxHash64OfNothingModN()
    {
        // XXH64 of the empty input with seed 0 is 0xEF46DB3751D8E999 (xxHash's own test vector).
        const ulong empty = 0xEF46DB3751D8E999;
        foreach (int n in new[] { 1, 2, 3, 7, 8, 1000, int.MaxValue })
        {
            Assert.Equal((int)(empty % (ulong)n), Shard.Of("", n));
        }
    }

    [Fact]
    public void Of_Id_HashesItsLittleEndianBytesAsTheNameOfThoseBytesWould()
    {
        // An id and a name with the same bytes fall in the same shard: the key is the bytes, nothing else.
        var random = new Random(21);
        for (int k = 0; k < 200; k++)
        {
            long id = random.NextInt64(0, 1L << 40);
            var bytes = new byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, id);
            if (bytes.All(b => b is >= 1 and < 0x80))
            {
                Assert.Equal(Shard.Of(Encoding.UTF8.GetString(bytes), 7), Shard.Of(id, 7));
            }
        }

        Assert.Equal(Shard.Of("\u0001\u0001\u0001\u0001\u0001\u0001\u0001\u0001", 5), Shard.Of(0x0101010101010101, 5));
    }

    [Fact]
    public void Of_IsStable_TheValuesPinnedWhenThePartitionWasDocumented()
    {
        // Shards written by one release must merge with another's: these values may never change. They were computed
        // by an independent pure-Python XXH64 (the algorithm as xxHash's spec gives it), not by this code.
        Assert.Equal([.. Pinned.Select(p => p.Shard)], Pinned.Select(p => Shard.Of(p.Id, 7)).ToArray());
        Assert.Equal(3, Shard.Of("2008_000008", 7));
        Assert.Equal(1, Shard.Of("sa_1", 7));
        Assert.Equal(2, Shard.Of("sav_000001", 7));
    }

    [Theory]
    [InlineData(1L, 7)]
    [InlineData(8L, 4)]
    [InlineData(1000L, 8)]
    public void Of_SpreadsSequentialAndStridedIdsEvenly(long stride, int n)
    {
        // id mod N would put every multiple of 8 in shard 0 of 4 or 8; the hash spreads them.
        var counts = new int[n];
        const int images = 20_000;
        for (long i = 1; i <= images; i++)
        {
            counts[Shard.Of(i * stride, n)]++;
        }

        Assert.All(counts, c => Assert.InRange(c, images / n * 0.9, images / n * 1.1));
    }

    [Fact]
    public void Select_KeepsEachImageInExactlyOneShard_WithItsTruthsAndDetections()
    {
        var images = Enumerable.Range(1, 50).Select(i => new ImageInfo(i * 3, 100, 100)).ToArray();
        var categories = new[] { new Category(1, "a"), new Category(2, "b") };
        var truths = images.SelectMany((im, k) => Enumerable.Range(0, k % 3).Select(j => new GroundTruth(im.Id * 10 + j, im.Id, 1 + (j % 2), new Box(0, 0, 10, 10), 100))).ToArray();
        var detections = images.Select(im => new Detection(im.Id, 1, new Box(0, 0, 10, 10), 0.5, 100)).ToArray();
        var dataset = new DetectionDataset(images, categories, truths, "gt.json");
        var results = new DetectionSet(detections, "dt.json");

        var seen = new List<long>();
        int truthCount = 0, detectionCount = 0;
        for (int i = 0; i < 3; i++)
        {
            var shard = new Shard(i, 3);
            var part = shard.Select(dataset);
            var partResults = shard.Select(results);
            Assert.All(part.Images, im => Assert.True(shard.Contains(im.Id)));
            Assert.All(part.GroundTruths, g => Assert.True(shard.Contains(g.ImageId)));
            Assert.Equal(categories, part.Categories);
            Assert.Equal("gt.json", part.Source);
            seen.AddRange(part.Images.Select(im => im.Id));
            truthCount += part.GroundTruths.Count;
            detectionCount += partResults.Count;
        }

        Assert.Equal(images.Select(im => im.Id).Order(), seen.Order());
        Assert.Equal(truths.Length, truthCount);
        Assert.Equal(detections.Length, detectionCount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 3)]
    [InlineData(3, 3)]
    public void Constructor_NotAShard_Throws(int index, int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Shard(index, count));

    [Fact]
    public void ToString_IsTheOptionValue() => Assert.Equal("2/7", new Shard(2, 7).ToString());

    private static readonly (long Id, int Shard)[] Pinned =
    [
        (0, 3), (1, 4), (2, 2), (139, 1), (397133, 0), (581781, 6), (-5, 1), (long.MaxValue, 5),
    ];
}
