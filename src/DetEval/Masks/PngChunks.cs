using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace DetEval.Masks;

/// <summary>The fields of a PNG's <c>IHDR</c> chunk that decide how its pixels are stored.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
{
    /// <summary>Samples per pixel of the colour type (grey 1, RGB 3, palette 1, grey + alpha 2, RGBA 4).</summary>
    public int Channels => ColorType switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };

    /// <summary>Whether the pixels are grey (with or without alpha).</summary>
    public bool IsGrey => ColorType is 0 or 4;

    /// <summary>The pixel count.</summary>
    public long Pixels => (long)Width * Height;

    /// <summary>The bytes the decompressed image data must have: per row (per Adam7 pass) a filter byte and the samples.</summary>
    public long RawBytes()
    {
        long bitsPerPixel = (long)Channels * BitDepth;
        long Rows(long width, long height) => width == 0 || height == 0 ? 0 : height * (1 + ((width * bitsPerPixel) + 7) / 8);
        if (!Interlaced)
        {
            return Rows(Width, Height);
        }

        // Adam7: pass p covers the pixels at x = xStart + k * xStep, y = yStart + k * yStep.
        ReadOnlySpan<int> xStart = [0, 4, 0, 2, 0, 1, 0];
        ReadOnlySpan<int> yStart = [0, 0, 4, 0, 2, 0, 1];
        ReadOnlySpan<int> xStep = [8, 8, 4, 4, 2, 2, 1];
        ReadOnlySpan<int> yStep = [8, 8, 8, 4, 4, 2, 2];
        long total = 0;
        for (int pass = 0; pass < 7; pass++)
        {
            long w = Width > xStart[pass] ? (Width - xStart[pass] + xStep[pass] - 1) / xStep[pass] : 0;
            long h = Height > yStart[pass] ? (Height - yStart[pass] + yStep[pass] - 1) / yStep[pass] : 0;
            total += Rows(w, h);
        }

        return total;
    }
}

/// <summary>Where a checked PNG's parts are: its header, its palette (RGB triples) and its image data chunks.</summary>
internal sealed record PngLayout(PngHeader Header, byte[] Palette, IReadOnlyList<(int Offset, int Length)> ImageData);

/// <summary>
/// Checks a PNG file's structure before it is decoded: the signature, every chunk's length and CRC-32, the chunk order
/// (<c>IHDR</c> first, one <c>PLTE</c> before consecutive <c>IDAT</c>s, <c>IEND</c> last), valid header fields, and
/// the pixel count and expected size, from the header alone, before any pixel is decompressed.
/// </summary>
/// <remarks>
/// Ancillary chunks are checked (CRC) and otherwise ignored, as decoders do; bytes after <c>IEND</c> are ignored, as
/// libpng and PIL ignore them. Every failure is a <see cref="DetEvalInputException"/> naming the file, the chunk and
/// its byte offset. <see cref="PngDecoder"/> then decodes the image data, checking it too.
/// </remarks>
internal static class PngChunks
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Whether <paramref name="data"/> starts with the PNG signature.</summary>
    public static bool HasSignature(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    /// <summary>
    /// Validates <paramref name="memory"/> (see the class remarks) and returns its header. The header is checked against
    /// <paramref name="maxPixels"/> and, when given, <paramref name="expected"/> before anything is decompressed.
    /// </summary>
    /// <param name="memory">The whole file.</param>
    /// <param name="path">The file, for messages.</param>
    /// <param name="maxPixels">The most pixels accepted.</param>
    /// <param name="expected">The size the mask must have (height, width), with what it is ("image 'sa_1' (gt.json)").</param>
    public static PngLayout Validate(ReadOnlyMemory<byte> memory, string path, long maxPixels, (int Height, int Width, string Of)? expected = null)
    {
        var data = memory.Span;
        if (!HasSignature(data))
        {
            throw new DetEvalInputException(path, "byte 0", "not a PNG file (no PNG signature)");
        }

        int offset = Signature.Length;
        PngHeader header = default;
        bool sawHeader = false, sawPalette = false, sawEnd = false;
        int dataChunks = 0;
        bool dataEnded = false;
        var idat = new List<(int Offset, int Length)>();
        byte[] palette = [];
        while (!sawEnd)
        {
            if (data.Length - offset < 12)
            {
                throw Error(path, offset, sawHeader ? "the file ends before its IEND chunk: it is truncated" : "the file ends inside its header: it is truncated");
            }

            uint declared = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            var type = data.Slice(offset + 4, 4);
            string name = ChunkName(type);
            if (declared > int.MaxValue || declared > data.Length - offset - 12)
            {
                throw Error(path, offset, $"chunk {name} declares {declared} bytes, more than the file has left: it is truncated or damaged");
            }

            int length = (int)declared;
            foreach (byte b in type)
            {
                if (!char.IsAsciiLetter((char)b))
                {
                    throw Error(path, offset, $"chunk type {name} is not four letters: the file is damaged");
                }
            }

            var body = data.Slice(offset + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 8 + length)..]);
            if (Crc(type, body) != crc)
            {
                throw Error(path, offset, $"chunk {name} fails its CRC-32 check: the file is damaged");
            }

            bool critical = char.IsAsciiLetterUpper((char)type[0]);
            if (!sawHeader && name != "IHDR")
            {
                throw Error(path, offset, $"the first chunk is {name}, expected IHDR");
            }

            if (dataChunks > 0 && name != "IDAT")
            {
                dataEnded = true;
            }

            switch (name)
            {
                case "IHDR":
                    if (sawHeader)
                    {
                        throw Error(path, offset, "a second IHDR chunk");
                    }

                    header = ReadHeader(body, path, offset);
                    sawHeader = true;
                    CheckSize(header, path, maxPixels, expected);
                    break;
                case "PLTE":
                    if (sawPalette || dataChunks > 0 || header.IsGrey || length % 3 != 0 || length == 0 || length / 3 > 256)
                    {
                        throw Error(path, offset, sawPalette ? "a second PLTE chunk" : dataChunks > 0 ? "PLTE after the image data"
                            : header.IsGrey ? "a PLTE chunk in a grey image" : $"PLTE of {length} bytes; expected 1 to 256 RGB entries");
                    }

                    sawPalette = true;
                    palette = body.ToArray();
                    break;
                case "IDAT":
                    if (dataEnded)
                    {
                        throw Error(path, offset, "IDAT chunks are not consecutive");
                    }

                    if (header.ColorType == 3 && !sawPalette)
                    {
                        throw Error(path, offset, "a palette image without a PLTE chunk before its data");
                    }

                    dataChunks++;
                    idat.Add((offset + 8, length));
                    break;
                case "IEND":
                    if (length != 0)
                    {
                        throw Error(path, offset, "IEND chunk with data");
                    }

                    sawEnd = true;
                    break;
                default:
                    if (critical)
                    {
                        throw Error(path, offset, $"unknown critical chunk {name}: the image cannot be decoded safely");
                    }

                    break;
            }

            offset += 12 + length;
        }

        if (dataChunks == 0)
        {
            throw Error(path, offset, "no IDAT chunk: the image has no data");
        }

        return new PngLayout(header, palette, idat);
    }

    private static PngHeader ReadHeader(ReadOnlySpan<byte> body, string path, int offset)
    {
        if (body.Length != 13)
        {
            throw Error(path, offset, $"IHDR of {body.Length} bytes, expected 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int depth = body[8], colour = body[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw Error(path, offset, $"IHDR declares {width}x{height} pixels; expected a width and height in 1..2^31-1");
        }

        bool valid = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        if (!valid)
        {
            throw Error(path, offset, $"IHDR declares colour type {colour} with bit depth {depth}, which PNG does not allow");
        }

        if (body[10] != 0 || body[11] != 0 || body[12] > 1)
        {
            throw Error(path, offset, $"IHDR declares compression {body[10]}, filter {body[11]}, interlace {body[12]}; expected 0, 0 and 0 or 1");
        }

        return new PngHeader((int)width, (int)height, depth, colour, body[12] == 1);
    }

    private static void CheckSize(PngHeader header, string path, long maxPixels, (int Height, int Width, string Of)? expected)
    {
        // Pixels are addressed with int indices, hence the Array.MaxLength bound whatever the option says.
        long limit = Math.Min(maxPixels, Array.MaxLength);
        if (header.Pixels > limit)
        {
            throw new DetEvalInputException(path, "IHDR", string.Create(CultureInfo.InvariantCulture,
                $"{header.Width}x{header.Height} = {header.Pixels} pixels exceeds the limit of {limit} (refused from the header, before decoding)"));
        }

        if (expected is var (height, width, of) && (header.Height != height || header.Width != width))
        {
            throw new DetEvalInputException(path, "IHDR", string.Create(CultureInfo.InvariantCulture,
                $"mask size {header.Width}x{header.Height} differs from {of} ({width}x{height}); refused from the header, before decoding"));
        }
    }

    /// <summary>Adler-32 (RFC 1950) continued from <paramref name="a"/>, <paramref name="b"/>.</summary>
    internal static (uint A, uint B) Adler32(ReadOnlySpan<byte> data, uint a, uint b)
    {
        const uint Mod = 65521;
        while (!data.IsEmpty)
        {
            // 5552 bytes is the most that keeps b below 2^32 before the modulo.
            int n = Math.Min(data.Length, 5552);
            foreach (byte x in data[..n])
            {
                a += x;
                b += a;
            }

            a %= Mod;
            b %= Mod;
            data = data[n..];
        }

        return (a, b);
    }

    private static uint Crc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(body);
        return crc.GetCurrentHashAsUInt32();
    }

    private static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        }

        return new string(chars);
    }

    internal static DetEvalInputException Error(string path, int offset, string problem) =>
        new(path, string.Create(CultureInfo.InvariantCulture, $"byte {offset}"), problem);

    /// <summary>The IDAT chunks' data read as one stream (no copy of the image data).</summary>
    internal sealed class ChunkStream(ReadOnlyMemory<byte> file, IReadOnlyList<(int Offset, int Length)> chunks) : Stream
    {
        private int chunk;
        private int within;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (chunk < chunks.Count && within == chunks[chunk].Length)
            {
                chunk++;
                within = 0;
            }

            if (chunk == chunks.Count)
            {
                return 0;
            }

            var (at, length) = chunks[chunk];
            int n = Math.Min(buffer.Length, length - within);
            file.Span.Slice(at + within, n).CopyTo(buffer);
            within += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
