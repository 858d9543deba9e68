using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DetEval.Tests.Masks;

/// <summary>
/// <c>PngMask.ReadLabelValues</c>: the values Pillow's <c>np.array(Image.open(png))</c> gives (palette index, grey
/// value, 0/1 for 1-bit grey), the header checked before decoding, colour images refused.
/// </summary>
public sealed class PngLabelValuesTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-png-labels-" + Guid.NewGuid().ToString("N"));

    public PngLabelValuesTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Palette_EveryIndex_IsReadAsItselfWhateverItsColour()
    {
        // 256 indices in a 16x16 image; the palette is all black except index 0 (white): colours say nothing.
        byte[] rows = new byte[16 * 16];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = (byte)i;
        }

        var palette = new byte[256 * 3];
        palette[0] = palette[1] = palette[2] = 255;
        string path = Write("palette.png", 16, 16, bitDepth: 8, colorType: 3, rows, palette);

        var (values, height, width) = PngMask.ReadLabelValues(path);

        Assert.Equal((16, 16), (height, width));
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (ushort)i), values);
    }

    [Fact]
    public void Grey_OneBit_IsZeroOrOne_AndSixteenBit_IsTheRawValue()
    {
        string oneBit = Write("b1.png", 1, 8, bitDepth: 1, colorType: 0, [0b1010_0001]);
        Assert.Equal(new ushort[] { 1, 0, 1, 0, 0, 0, 0, 1 }, PngMask.ReadLabelValues(oneBit).Values);

        string sixteen = Write("i16.png", 1, 2, bitDepth: 16, colorType: 0, [0xFF, 0xFF, 0x01, 0x02]);
        Assert.Equal(new ushort[] { 65535, 258 }, PngMask.ReadLabelValues(sixteen).Values);
    }

    [Fact]
    public void Rgb_IsRefusedNamingTheFile()
    {
        string path = Write("rgb.png", 1, 1, bitDepth: 8, colorType: 2, [0, 0, 0]);

        var e = Assert.Throws<DetEvalInputException>(() => PngMask.ReadLabelValues(path));
        Assert.Contains("rgb.png", e.Message, StringComparison.Ordinal);
        Assert.Contains("an RGB image", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_AboveThePixelLimit_IsRefusedBeforeDecoding()
    {
        // The IDAT holds garbage: only the header may be read for the refusal.
        string path = Write("big.png", 100_000, 100_000, bitDepth: 8, colorType: 0, [], rawIdat: [1, 2, 3]);

        var e = Assert.Throws<DetEvalInputException>(() => PngMask.ReadLabelValues(path, new PngMaskOptions { MaxPixels = 1_000_000 }));
        Assert.Contains("exceeds the limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Palette_WithDamagedPlte_IsRefused()
    {
        string path = Write("plte.png", 1, 1, bitDepth: 8, colorType: 3, [0], new byte[] { 0, 0, 0 });
        byte[] bytes = File.ReadAllBytes(path);
        int plte = bytes.AsSpan().IndexOf("PLTE"u8);
        bytes[plte + 4] ^= 1;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<DetEvalInputException>(() => PngMask.ReadLabelValues(path));
        Assert.Contains("chunk PLTE fails its CRC-32 check", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A PNG with filter 0 rows (rows given packed, without the filter bytes).</summary>
    private string Write(string name, int height, int width, byte bitDepth, byte colorType, byte[] rows, byte[]? palette = null, byte[]? rawIdat = null)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colorType;
        Chunk(file, "IHDR"u8, ihdr);
        if (palette is not null)
        {
            Chunk(file, "PLTE"u8, palette);
        }

        byte[] idat = rawIdat ?? Compress(rows, height);
        Chunk(file, "IDAT"u8, idat);
        Chunk(file, "IEND"u8, []);
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, file.ToArray());
        return path;
    }

    private static byte[] Compress(byte[] rows, int height)
    {
        int stride = rows.Length / height;
        using var raw = new MemoryStream();
        for (int y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            raw.Write(rows, y * stride, stride);
        }

        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw.ToArray());
        }

        return compressed.ToArray();
    }

    private static void Chunk(Stream s, ReadOnlySpan<byte> type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        s.Write(length);
        byte[] body = [.. type, .. data];
        s.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(length, Crc32.HashToUInt32(body));
        s.Write(length);
    }
}
