using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval.Tests.Masks;

public sealed class PngMaskTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("deteval-png-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WriteBinary_Then_ReadBinary_IsLossless()
    {
        var random = new Random(51);
        foreach ((int h, int w) in new[] { (1, 1), (1, 9), (9, 1), (17, 33), (40, 64) })
        {
            for (int trial = 0; trial < 5; trial++)
            {
                Rle rle = Rle.Encode(MaskOracle.RandomMask(random, h, w), h, w);
                string path = Path.Combine(_folder, $"m{h}x{w}_{trial}.png");
                PngMask.WriteBinary(rle, path);
                Rle read = PngMask.ReadBinary(path, null);
                Assert.Equal(h, read.Height);
                Assert.Equal(w, read.Width);
                Assert.Equal(rle.Counts, read.Counts);
            }
        }
    }

    [Fact]
    public void ReadInstances_SplitsLabelValues()
    {
        const int h = 6, w = 5;
        string path = Path.Combine(_folder, "labels.png");
        var labels = new int[h * w];
        using (var image = new Image<L16>(w, h))
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    ushort value = (ushort)(x < 2 ? 0 : y < 3 ? 7 : 1000);
                    if (x == 0 && y == 0)
                    {
                        value = 7;
                    }

                    image[x, y] = new L16(value);
                    labels[(x * h) + y] = value;
                }
            }

            image.SaveAsPng(path);
        }

        IReadOnlyList<(int Value, Rle Mask)> instances = PngMask.ReadInstances(path);
        Assert.Equal([7, 1000], instances.Select(i => i.Value));
        foreach ((int value, Rle mask) in instances)
        {
            var expected = new byte[h * w];
            for (int p = 0; p < expected.Length; p++)
            {
                expected[p] = (byte)(labels[p] == value ? 1 : 0);
            }

            Assert.Equal(Rle.Encode(expected, h, w).Counts, mask.Counts);
        }
    }

    [Fact]
    public void ReadInstances_ColourImage_UsesPackedRgb()
    {
        string path = Path.Combine(_folder, "rgb.png");
        using (var image = new Image<Rgb24>(3, 2))
        {
            image[1, 0] = new Rgb24(1, 2, 3);
            image[2, 1] = new Rgb24(0, 0, 9);
            image.SaveAsPng(path);
        }

        IReadOnlyList<(int Value, Rle Mask)> instances = PngMask.ReadInstances(path);
        Assert.Equal([9, (1 << 16) | (2 << 8) | 3], instances.Select(i => i.Value));
        Assert.Equal(1, instances[0].Mask.Area);
    }

    [Fact]
    public void ReadBinary_NotAPng_IsAnInputErrorNamingTheFile()
    {
        string path = Path.Combine(_folder, "fake.png");
        File.WriteAllText(path, "this is not an image");
        var error = Assert.Throws<DetEvalInputException>(() => PngMask.ReadBinary(path));
        Assert.Equal(path, error.File);
        Assert.Contains("not a PNG", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void ReadBinary_CorruptPng_IsAnInputError()
    {
        string path = Path.Combine(_folder, "corrupt.png");
        PngMask.WriteBinary(Rle.Encode(new byte[64 * 64], 64, 64), path);
        byte[] bytes = File.ReadAllBytes(path);
        Array.Resize(ref bytes, bytes.Length / 2);
        for (int i = 40; i < bytes.Length; i++)
        {
            bytes[i] ^= 0x5a;
        }

        File.WriteAllBytes(path, bytes);
        Assert.Throws<DetEvalInputException>(() => PngMask.ReadBinary(path));
        Assert.Throws<DetEvalInputException>(() => PngMask.ReadInstances(path));
    }

    [Fact]
    public void ReadBinary_TooManyPixels_IsRefusedFromTheHeader()
    {
        string path = Path.Combine(_folder, "big.png");
        PngMask.WriteBinary(Rle.Encode(new byte[20 * 30], 20, 30), path);
        var options = new PngMaskOptions { MaxPixels = 599 };
        var error = Assert.Throws<DetEvalInputException>(() => PngMask.ReadBinary(path, options));
        Assert.Equal("IHDR", error.Location);
        Assert.Contains("exceeds", error.Message);
        Assert.Throws<DetEvalInputException>(() => PngMask.ReadInstances(path, options));
        Assert.Equal(600, PngMask.ReadBinary(path, new PngMaskOptions { MaxPixels = 600 }).PixelCount);
    }

    [Fact]
    public void ReadBinary_MissingFile_IsAnInputError()
    {
        string path = Path.Combine(_folder, "missing.png");
        var error = Assert.Throws<DetEvalInputException>(() => PngMask.ReadBinary(path));
        Assert.Equal(path + ": file not found", error.Message);
    }
}
