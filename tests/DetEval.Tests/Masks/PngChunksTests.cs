using System.Buffers.Binary;
using static DetEval.Tests.Masks.PngBuilder;

namespace DetEval.Tests.Masks;

/// <summary>
/// PNG masks are read only when their structure holds (<c>PngChunks</c>): every colour type, bit depth and interlace
/// reads the stored samples; short, long or damaged image data, bad CRCs and misordered chunks are refused, naming
/// the file and the byte; the size is checked from the header before anything is decompressed.
/// </summary>
public sealed class PngChunksTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deteval-pngchunks-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    public static TheoryData<int, int, bool> Formats()
    {
        var data = new TheoryData<int, int, bool>();
        foreach (var (colour, depths) in new (int, int[])[] { (0, [1, 2, 4, 8, 16]), (2, [8, 16]), (3, [1, 2, 4, 8]), (4, [8, 16]), (6, [8, 16]) })
        {
            foreach (int depth in depths)
            {
                data.Add(colour, depth, false);
                data.Add(colour, depth, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormat_ReadsTheStoredSamples(int colour, int depth, bool interlaced)
    {
        var random = new Random((colour * 100) + (depth * 2) + (interlaced ? 1 : 0));
        foreach (var (height, width) in new[] { (1, 1), (5, 3), (17, 9), (8, 33) })
        {
            var (file, foreground, labels, _) = RandomImage(random, width, height, colour, depth, interlaced);
            string path = Write($"c{colour}d{depth}i{interlaced}_{width}x{height}.png", file);
            Assert.Equal(Rle.Encode(foreground, height, width).Counts, PngMask.ReadBinary(path).Counts);
            var instances = PngMask.ReadInstances(path);
            var values = labels.Where(v => v != 0).Distinct().Order().ToArray();
            Assert.Equal(values, instances.Select(i => i.Value));
            foreach (var (value, mask) in instances)
            {
                byte[] expected = [.. labels.Select(v => v == value ? (byte)1 : (byte)0)];
                Assert.Equal(Rle.Encode(expected, height, width).Counts, mask.Counts);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void EveryFormat_AgreesWithImageSharp_WhereImageSharpDecodes(int colour, int depth, bool interlaced)
    {
        // An independent decoder as a second oracle: ImageSharp, on widths of 5 and more (narrower interlaced images
        // make ImageSharp 2.1 loop forever or misread rows, which is why DetEval decodes masks itself).
        var random = new Random((colour * 31) + depth + (interlaced ? 7 : 0));
        foreach (var (height, width) in new[] { (5, 5), (9, 17), (16, 6) })
        {
            var (file, _, _, _) = RandomImage(random, width, height, colour, depth, interlaced);
            string path = Write($"sharp_c{colour}d{depth}i{interlaced}_{width}x{height}.png", file);
            using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgba64>(file);
            var expected = new byte[width * height];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    var p = image[x, y];
                    expected[(x * height) + y] = (byte)((p.R | p.G | p.B) != 0 ? 1 : 0);
                }
            }

            Assert.Equal(Rle.Encode(expected, height, width).Counts, PngMask.ReadBinary(path).Counts);
        }
    }

    [Fact]
    public void NarrowInterlacedImage_IsRead()
    {
        // 1 x 6 and 2 x 2 interlaced: ImageSharp 2.1 never returns on these.
        foreach (var (height, width, colour, depth) in new[] { (6, 1, 2, 8), (2, 2, 3, 2), (1, 1, 0, 8) })
        {
            var (file, foreground, _, _) = RandomImage(new Random(width), width, height, colour, depth, true);
            string path = Write($"narrow{width}x{height}.png", file);
            Assert.Equal(Rle.Encode(foreground, height, width).Counts, PngMask.ReadBinary(path).Counts);
        }
    }

    [Fact]
    public void PaletteIndexPastThePalette_IsRefused()
    {
        var random = new Random(11);
        ushort[] samples = [0, 1, 2, 3];
        var file = Encode(2, 2, 3, 8, false, samples, random, [0, 0, 0, 9, 9, 9]);
        Assert.Contains("palette index 2 of a pixel is past the palette's 2 entries", Refused("palette.png", file).Message);
    }

    [Fact]
    public void UnknownFilterType_IsRefused()
    {
        byte[] raw = [0, 1, 2, 7, 3, 4];
        var file = Assemble([Header(2, 2, 8, 0, false), new Chunk("IDAT", Zlib(raw)), new Chunk("IEND", [])]);
        Assert.Contains("a row has filter type 7", Refused("filter.png", file).Message);
    }

    [Fact]
    public void ImageData_InOneByteChunks_ReadsTheSame()
    {
        var (file, foreground, _, _) = RandomImage(new Random(3), 13, 7, 0, 8, false);
        var chunks = Parse(file);
        byte[] data = chunks.Single(c => c.Type == "IDAT").Data;
        var split = chunks.Where(c => c.Type == "IHDR").Concat(data.Select(b => new Chunk("IDAT", [b]))).Append(new Chunk("IEND", []));
        string path = Write("split.png", Assemble(split));
        Assert.Equal(Rle.Encode(foreground, 7, 13).Counts, PngMask.ReadBinary(path).Counts);
    }

    [Fact]
    public void BytesAfterIend_AreIgnored_AsLibpngIgnoresThem()
    {
        var (file, foreground, _, _) = RandomImage(new Random(4), 6, 6, 0, 8, false);
        string path = Write("trailing.png", [.. file, .. "trailing text"u8]);
        Assert.Equal(Rle.Encode(foreground, 6, 6).Counts, PngMask.ReadBinary(path).Counts);
    }

    [Fact]
    public void ShortImageData_IsRefused_NotReadAsAPartlyEmptyMask()
    {
        // A valid zlib stream of fewer rows than the header declares: the decoder would fill the rest with zeros.
        var random = new Random(5);
        byte[] raw = RawData(10, 10, 0, 8, false, Samples(random, 100, 8), random);
        var file = Assemble([Header(10, 10, 8, 0, false), new Chunk("IDAT", Zlib(raw[..(raw.Length - 22)])), new Chunk("IEND", [])]);
        var e = Refused("short.png", file);
        Assert.Contains("the image data is short: 88 of the 110 bytes", e.Message);
        Assert.Equal("byte 33", e.Location);
    }

    [Fact]
    public void LongImageData_IsRefused()
    {
        var random = new Random(6);
        byte[] raw = RawData(10, 11, 0, 8, false, Samples(random, 110, 8), random);
        var file = Assemble([Header(10, 10, 8, 0, false), new Chunk("IDAT", Zlib(raw)), new Chunk("IEND", [])]);
        Assert.Contains("decompresses to more than the 110 bytes", Refused("long.png", file).Message);
    }

    [Fact]
    public void WrongAdlerChecksum_IsRefused()
    {
        var (file, _, _, _) = RandomImage(new Random(7), 8, 8, 0, 8, false);
        var chunks = Parse(file).Select(c => c.Type == "IDAT" ? Flip(c, c.Data.Length - 1) : c with { Crc = null });
        var e = Refused("adler.png", Assemble(chunks));
        Assert.True(e.Message.Contains("Adler-32", StringComparison.Ordinal) || e.Message.Contains("not a valid zlib stream", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void TruncatedZlibStream_IsRefused()
    {
        var (file, _, _, _) = RandomImage(new Random(8), 8, 8, 2, 8, false);
        var chunks = Parse(file).Select(c => c.Type == "IDAT" ? new Chunk("IDAT", c.Data[..^6]) : c with { Crc = null });
        Assert.Contains("image data", Refused("cut.png", Assemble(chunks)).Message);
    }

    [Theory]
    [InlineData("IHDR")]
    [InlineData("IDAT")]
    [InlineData("IEND")]
    [InlineData("tEXt")]
    public void WrongCrc_IsRefused_InEveryChunk(string type)
    {
        var (file, _, _, _) = RandomImage(new Random(9), 4, 4, 0, 8, false);
        var chunks = Parse(file);
        chunks.Insert(1, new Chunk("tEXt", "Comment\0hello"u8.ToArray()));
        var damaged = chunks.Select(c => c.Type == type ? c with { Crc = Crc(c.Type, c.Data) ^ 1 } : c with { Crc = null });
        var e = Refused("crc.png", Assemble(damaged));
        Assert.Contains($"chunk {type} fails its CRC-32 check", e.Message);
    }

    [Theory]
    [InlineData("no-iend", "the file ends before its IEND chunk")]
    [InlineData("idat-split-by-text", "IDAT chunks are not consecutive")]
    [InlineData("critical-unknown", "unknown critical chunk QXYZ")]
    [InlineData("plte-in-grey", "a PLTE chunk in a grey image")]
    [InlineData("palette-without-plte", "a palette image without a PLTE chunk")]
    [InlineData("ihdr-not-first", "the first chunk is gAMA, expected IHDR")]
    [InlineData("depth-3", "colour type 0 with bit depth 3")]
    [InlineData("zero-width", "declares 0x4 pixels")]
    [InlineData("no-idat", "no IDAT chunk")]
    [InlineData("length-past-end", "more than the file has left")]
    public void BadStructure_IsRefused(string name, string problem)
    {
        var random = new Random(10);
        byte[] data = Zlib(RawData(4, 4, 0, 8, false, Samples(random, 16, 8), random));
        var idat = new Chunk("IDAT", data);
        var end = new Chunk("IEND", []);
        var header = Header(4, 4, 8, 0, false);
        List<Chunk> chunks = name switch
        {
            "no-iend" => [header, idat],
            "idat-split-by-text" => [header, new Chunk("IDAT", data[..5]), new Chunk("tEXt", "a\0b"u8.ToArray()), new Chunk("IDAT", data[5..]), end],
            "critical-unknown" => [header, new Chunk("QXYZ", [1]), idat, end],
            "plte-in-grey" => [header, new Chunk("PLTE", [1, 2, 3]), idat, end],
            "palette-without-plte" => [Header(4, 4, 8, 3, false), idat, end],
            "ihdr-not-first" => [new Chunk("gAMA", [0, 0, 0, 1]), header, idat, end],
            "depth-3" => [Header(4, 4, 3, 0, false), idat, end],
            "zero-width" => [Header(0, 4, 8, 0, false), idat, end],
            "no-idat" => [header, end],
            _ => [header, idat, end],
        };
        byte[] file = Assemble(chunks);
        if (name == "length-past-end")
        {
            BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(8 + 25), 1_000_000);
        }

        var e = Refused(name + ".png", file);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith("byte ", e.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void HugeHeader_IsRefusedBeforeAnythingIsDecompressed()
    {
        // 100,000 x 100,000 declared over 16 bytes of data: refused from the header alone.
        var file = Assemble([Header(100_000, 100_000, 8, 0, false), new Chunk("IDAT", Zlib(new byte[16])), new Chunk("IEND", [])]);
        var e = Refused("huge.png", file);
        Assert.Equal("IHDR", e.Location);
        Assert.Contains("100000x100000 = 10000000000 pixels exceeds the limit", e.Message);
    }

    [Fact]
    public void SizeOtherThanExpected_IsRefusedFromTheHeader()
    {
        // A bomb within the pixel limit (4,000 x 2,000 pixels in a 2 KB file) but far above its image's size.
        var file = Assemble([Header(4_000, 2_000, 1, 0, false), new Chunk("IDAT", Zlib(new byte[2_000 * 501])), new Chunk("IEND", [])]);
        string path = Write("bomb.png", file);
        var e = Assert.Throws<DetEvalInputException>(() => PngMask.ReadBinary(path, null, (100, 80, "image 'a' (gt.json)")));
        Assert.Equal("IHDR", e.Location);
        Assert.Contains("mask size 4000x2000 differs from image 'a' (gt.json) (80x100)", e.Message);
        Assert.Equal(4_000 * 2_000, PngMask.ReadBinary(path).PixelCount);
    }

    /// <summary>A random image of the format with about half its pixels zero; the expected binary mask and labels, column-major.</summary>
    internal static (byte[] File, byte[] Foreground, int[] Labels, ushort[] Samples) RandomImage(Random random, int width, int height, int colour, int depth, bool interlaced)
    {
        int channels = Channels(colour);
        int entries = Math.Min(1 << depth, 7);
        ushort[] samples = Samples(random, width * height * channels, colour == 3 ? 0 : depth);
        byte[]? palette = null;
        if (colour == 3)
        {
            palette = new byte[entries * 3];
            random.NextBytes(palette);
            palette.AsSpan(0, 3).Clear(); // entry 0 is black: background
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (ushort)(random.Next(2) == 0 ? 0 : random.Next(entries));
            }
        }

        var foreground = new byte[width * height];
        var labels = new int[width * height];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int p = (y * width) + x;
                int c = (x * height) + y; // column-major
                var s = samples.AsSpan(p * channels, channels);
                (int r, int g, int b, int grey) = colour switch
                {
                    0 or 4 => (s[0], s[0], s[0], s[0]),
                    3 => (palette![s[0] * 3], palette[(s[0] * 3) + 1], palette[(s[0] * 3) + 2], 0),
                    _ => (s[0], s[1], s[2], 0),
                };
                foreground[c] = (byte)((r | g | b) != 0 ? 1 : 0);
                labels[c] = colour is 0 or 4
                    ? depth < 8 ? grey * 255 / ((1 << depth) - 1) : grey
                    : depth == 16 ? (To8(r) << 16) | (To8(g) << 8) | To8(b) : (r << 16) | (g << 8) | b;
            }
        }

        if (colour is 4 or 6)
        {
            // Alpha (the last sample) is random and never decides.
            for (int p = 0; p < width * height; p++)
            {
                samples[(p * channels) + channels - 1] = (ushort)random.Next(1 << depth);
            }
        }

        return (Encode(width, height, colour, depth, interlaced, samples, random, palette), foreground, labels, samples);
    }

    internal static ushort[] Samples(Random random, int count, int depth)
    {
        var samples = new ushort[count];
        for (int i = 0; i < count; i++)
        {
            samples[i] = depth == 0 || random.Next(2) == 0 ? (ushort)0 : (ushort)random.Next(1, 1 << depth);
        }

        return samples;
    }

    // ImageSharp's reduction of a 16-bit sample to 8 bits.
    private static int To8(int v) => ((v * 255) + 32895) >> 16;

    private static Chunk Flip(Chunk chunk, int at)
    {
        byte[] data = [.. chunk.Data];
        data[at] ^= 0x40;
        return new Chunk(chunk.Type, data);
    }

    private DetEvalInputException Refused(string name, byte[] file)
    {
        string path = Write(name, file);
        var e = Assert.Throws<DetEvalInputException>(() => PngMask.ReadBinary(path));
        Assert.Equal(path, e.File);
        Assert.Throws<DetEvalInputException>(() => PngMask.ReadInstances(path));
        return e;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
