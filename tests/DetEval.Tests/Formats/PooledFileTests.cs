using DetEval.Formats;

namespace DetEval.Tests.Formats;

/// <summary><see cref="PooledFile.Read"/> gives the bytes <see cref="File.ReadAllBytes"/> gives.</summary>
public sealed class PooledFileTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(100_003)]
    public void Read_File_EqualsReadAllBytes(int size)
    {
        string path = Path.GetTempFileName();
        try
        {
            byte[] bytes = new byte[size];
            new Random(size).NextBytes(bytes);
            File.WriteAllBytes(path, bytes);
            var (buffer, length) = PooledFile.Read(path);
            Assert.Equal(bytes, buffer.AsSpan(0, length).ToArray());
            PooledFile.Return(buffer);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_FileWithoutSize_IsReadToItsEnd()
    {
        // Linux reports size 0 for /proc files.
        const string path = "/proc/self/mountinfo";
        if (!File.Exists(path))
        {
            return;
        }

        var (buffer, length) = PooledFile.Read(path);
        Assert.True(length > 0);
        Assert.Equal((byte)'\n', buffer[length - 1]);
        PooledFile.Return(buffer);
    }

    [Fact]
    public void Read_MissingFile_ThrowsLikeReadAllBytes()
    {
        string path = Path.Combine(Path.GetTempPath(), "deteval-missing-" + Guid.NewGuid().ToString("N"));
        Assert.Throws<FileNotFoundException>(() => PooledFile.Read(path));
    }
}
