using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace DetEval.Tests.Masks;

/// <summary>
/// A small PNG encoder for tests: any colour type, bit depth and interlace, every row with a random filter type, so
/// that the decoder's unfiltering and sample unpacking are exercised; and chunk-level editing (split, drop, rewrite
/// with or without a fresh CRC) for the structure checks and the chunk fuzzer.
/// </summary>
internal static class PngBuilder
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>One chunk: its four-letter type, data, and the CRC it is written with (null: the right one).</summary>
    public sealed record Chunk(string Type, byte[] Data, uint? Crc = null);

    public static int Channels(int colourType) => colourType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    /// <summary>
    /// The raw (filtered) image data of <paramref name="samples"/> (row-major, <see cref="Channels"/> samples per pixel,
    /// each below 2^depth), Adam7-ordered when <paramref name="interlaced"/>.
    /// </summary>
    public static byte[] RawData(int width, int height, int colourType, int depth, bool interlaced, ushort[] samples, Random random)
    {
        int channels = Channels(colourType);
        int bitsPerPixel = channels * depth;
        int filterStride = Math.Max(1, bitsPerPixel / 8);
        var raw = new MemoryStream();
        (int X0, int Y0, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        foreach (var (x0, y0, dx, dy) in passes)
        {
            int passWidth = width > x0 ? (width - x0 + dx - 1) / dx : 0;
            int passHeight = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            if (passWidth == 0 || passHeight == 0)
            {
                continue;
            }

            int rowBytes = ((passWidth * bitsPerPixel) + 7) / 8;
            var previous = new byte[rowBytes];
            for (int py = 0; py < passHeight; py++)
            {
                var row = new byte[rowBytes];
                int bit = 0;
                for (int px = 0; px < passWidth; px++)
                {
                    int pixel = ((y0 + (py * dy)) * width) + x0 + (px * dx);
                    for (int c = 0; c < channels; c++)
                    {
                        ushort v = samples[(pixel * channels) + c];
                        if (depth == 16)
                        {
                            BinaryPrimitives.WriteUInt16BigEndian(row.AsSpan(bit / 8), v);
                        }
                        else if (depth == 8)
                        {
                            row[bit / 8] = (byte)v;
                        }
                        else
                        {
                            row[bit / 8] |= (byte)(v << (8 - depth - (bit % 8)));
                        }

                        bit += depth;
                    }
                }

                int filter = random.Next(5);
                raw.WriteByte((byte)filter);
                for (int i = 0; i < rowBytes; i++)
                {
                    int a = i >= filterStride ? row[i - filterStride] : 0;
                    int b = previous[i];
                    int c = i >= filterStride ? previous[i - filterStride] : 0;
                    int predictor = filter switch
                    {
                        1 => a,
                        2 => b,
                        3 => (a + b) / 2,
                        4 => Paeth(a, b, c),
                        _ => 0,
                    };
                    raw.WriteByte((byte)(row[i] - predictor));
                }

                previous = row;
            }
        }

        return raw.ToArray();
    }

    /// <summary>A whole PNG file of <paramref name="samples"/> (see <see cref="RawData"/>).</summary>
    public static byte[] Encode(int width, int height, int colourType, int depth, bool interlaced, ushort[] samples, Random random, byte[]? palette = null)
    {
        var chunks = new List<Chunk> { Header(width, height, depth, colourType, interlaced) };
        if (palette is not null)
        {
            chunks.Add(new Chunk("PLTE", palette));
        }

        chunks.Add(new Chunk("IDAT", Zlib(RawData(width, height, colourType, depth, interlaced, samples, random))));
        chunks.Add(new Chunk("IEND", []));
        return Assemble(chunks);
    }

    public static Chunk Header(int width, int height, int depth, int colourType, bool interlaced)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)height);
        data[8] = (byte)depth;
        data[9] = (byte)colourType;
        data[12] = (byte)(interlaced ? 1 : 0);
        return new Chunk("IHDR", data);
    }

    public static byte[] Zlib(byte[] raw)
    {
        var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(raw);
        }

        return output.ToArray();
    }

    public static uint Crc(string type, byte[] data)
    {
        var crc = new Crc32();
        crc.Append(System.Text.Encoding.ASCII.GetBytes(type));
        crc.Append(data);
        return crc.GetCurrentHashAsUInt32();
    }

    public static byte[] Assemble(IEnumerable<Chunk> chunks)
    {
        var file = new MemoryStream();
        file.Write(Signature);
        Span<byte> word = stackalloc byte[4];
        foreach (var chunk in chunks)
        {
            BinaryPrimitives.WriteUInt32BigEndian(word, (uint)chunk.Data.Length);
            file.Write(word);
            file.Write(System.Text.Encoding.ASCII.GetBytes(chunk.Type));
            file.Write(chunk.Data);
            BinaryPrimitives.WriteUInt32BigEndian(word, chunk.Crc ?? Crc(chunk.Type, chunk.Data));
            file.Write(word);
        }

        return file.ToArray();
    }

    /// <summary>The chunks of a well-formed file, with the CRCs they carry.</summary>
    public static List<Chunk> Parse(byte[] file)
    {
        var chunks = new List<Chunk>();
        int at = Signature.Length;
        while (at + 12 <= file.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            string type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            byte[] data = file.AsSpan(at + 8, length).ToArray();
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            chunks.Add(new Chunk(type, data, crc));
            at += 12 + length;
        }

        return chunks;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
