using DetEval.Formats;

namespace DetEval.Tests.Formats;

public class ChunkedListTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(3, 5)]
    [InlineData(4, 4)]
    [InlineData(9, 7)]
    public void AddAndAppend_KeepOrderAndIndices(int firstCount, int secondCount)
    {
        var first = new ChunkedList<int>(chunkSize: 4);
        var second = new ChunkedList<int>(chunkSize: 4);
        for (int i = 0; i < firstCount; i++)
        {
            first.Add(i);
        }

        for (int i = 0; i < secondCount; i++)
        {
            second.Add(firstCount + i);
        }

        first.Append(second);
        Assert.Equal(firstCount + secondCount, first.Count);
        Assert.Equal(0, second.Count);
        var seen = new List<int>();
        for (int c = 0; c < first.ChunkCount; c++)
        {
            var chunk = first.Chunk(c);
            for (int j = 0; j < chunk.Length; j++)
            {
                Assert.Equal(first.ChunkStart(c) + j, chunk[j]);
                seen.Add(chunk[j]);
            }
        }

        Assert.Equal(Enumerable.Range(0, firstCount + secondCount), seen);
        first.Add(-1);
        Assert.Equal(firstCount + secondCount + 1, first.Count);
    }
}
