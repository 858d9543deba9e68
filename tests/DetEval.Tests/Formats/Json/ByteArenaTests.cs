using DetEval.Formats.Json;

namespace DetEval.Tests.Formats.Json;

public class ByteArenaTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(100L)]
    [InlineData(10_000L)]
    public void Copy_ReturnsEqualBytes_WhateverTheCapacity(long capacity)
    {
        var random = new Random(7);
        var arena = new ByteArena(capacity);
        var strings = new List<byte[]>();
        var copies = new List<ReadOnlyMemory<byte>>();
        for (int i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 60)];
            random.NextBytes(bytes);
            strings.Add(bytes);
            copies.Add(arena.Copy(bytes));
        }

        for (int i = 0; i < strings.Count; i++)
        {
            Assert.Equal(strings[i], copies[i].ToArray());
        }
    }

    [Fact]
    public void Capacity_LargerThanAChunk_IsOneAllocation()
    {
        var arena = new ByteArena(ByteArena.ChunkSize * 2L);
        var piece = new byte[1000];
        for (long total = 0; total + piece.Length <= ByteArena.ChunkSize * 2L; total += piece.Length)
        {
            arena.Copy(piece);
        }

        Assert.Equal(1, arena.ChunkCount);
    }

    [Fact]
    public void Capacity_Exceeded_FallsBackToFixedChunks()
    {
        var big = new byte[ByteArena.ChunkSize + 10];
        new Random(3).NextBytes(big);
        var arena = new ByteArena(big.Length);
        var first = arena.Copy(big);
        var second = arena.Copy("abc"u8);
        Assert.Equal(2, arena.ChunkCount);
        Assert.Equal(big, first.ToArray());
        Assert.Equal("abc"u8.ToArray(), second.ToArray());
    }

    [Fact]
    public void NoCapacity_AllocatesNothingUntilUsed()
    {
        var arena = new ByteArena();
        Assert.Equal(0, arena.ChunkCount);
        arena.Copy("x"u8);
        Assert.Equal(1, arena.ChunkCount);
    }
}
