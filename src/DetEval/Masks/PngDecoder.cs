using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace DetEval.Masks;

/// <summary>
/// Decodes the image data of a PNG checked by <see cref="PngChunks.Validate"/> into a column-major mask or label map,
/// in one pass over the decompressed rows: unfiltering (the five PNG filters), Adam7 interlace, 1 to 16-bit samples,
/// palettes. The zlib stream must decompress to exactly the bytes the header implies and match its Adler-32 checksum,
/// every row's filter type must exist and every palette index must be in the palette; anything else is refused
/// naming the file and the byte, so short or damaged data is never read as a partly empty mask.
/// </summary>
/// <remarks>
/// DetEval decodes masks itself: ImageSharp 2.1 (the version the project can use) fills short data with zeros, does not
/// check the checksum, and loops forever on some interlaced images narrower than 5 pixels. Sample semantics are those
/// <see cref="PngMask"/> documents: a binary pixel is foreground when a grey, or any of the R, G, B samples (of the
/// palette entry for palette images), is non-zero at its stored precision; a label is the grey sample (1, 2 and 4-bit
/// scaled to 8 bits as <c>v * 255 / (2^d - 1)</c>) or <c>R &lt;&lt; 16 | G &lt;&lt; 8 | B</c> at 8 bits (16-bit samples
/// reduced as <c>(v * 255 + 32895) &gt;&gt; 16</c>). Alpha is ignored.
/// </remarks>
internal static class PngDecoder
{
    private static readonly int[] XStart = [0, 4, 0, 2, 0, 1, 0];
    private static readonly int[] YStart = [0, 0, 4, 0, 2, 0, 1];
    private static readonly int[] XStep = [8, 8, 4, 4, 2, 2, 1];
    private static readonly int[] YStep = [8, 8, 8, 4, 4, 2, 2];

    /// <summary>The binary mask, column-major (<c>mask[x * height + y]</c> is 1 for foreground).</summary>
    public static byte[] Foreground(ReadOnlyMemory<byte> file, PngLayout layout, string path)
    {
        var header = layout.Header;
        var mask = new byte[header.Pixels];
        bool[] paletteForeground = [.. Enumerable.Range(0, layout.Palette.Length / 3).Select(i => (layout.Palette[3 * i] | layout.Palette[(3 * i) + 1] | layout.Palette[(3 * i) + 2]) != 0)];
        int channels = header.Channels, depth = header.BitDepth, height = header.Height;
        Decode(file, layout, path, (row, xStart, xStep, y, count, at) =>
        {
            for (int i = 0, x = xStart; i < count; i++, x += xStep)
            {
                bool on = header.ColorType switch
                {
                    3 => paletteForeground[PaletteIndex(row, i, depth, paletteForeground.Length, path, at)],
                    0 or 4 => Sample(row, i * channels, depth) != 0,
                    _ => (Sample(row, i * channels, depth) | Sample(row, (i * channels) + 1, depth) | Sample(row, (i * channels) + 2, depth)) != 0,
                };
                mask[((long)x * height) + y] = on ? (byte)1 : (byte)0;
            }
        });
        return mask;
    }

    /// <summary>The label of every pixel, column-major (see the class remarks).</summary>
    public static int[] Labels(ReadOnlyMemory<byte> file, PngLayout layout, string path)
    {
        var header = layout.Header;
        var labels = new int[header.Pixels];
        var palette = layout.Palette;
        int[] paletteLabels = [.. Enumerable.Range(0, palette.Length / 3).Select(i => (palette[3 * i] << 16) | (palette[(3 * i) + 1] << 8) | palette[(3 * i) + 2])];
        int channels = header.Channels, depth = header.BitDepth, height = header.Height;
        int greyScale = depth < 8 ? 255 / ((1 << depth) - 1) : 1;
        Decode(file, layout, path, (row, xStart, xStep, y, count, at) =>
        {
            for (int i = 0, x = xStart; i < count; i++, x += xStep)
            {
                int k = i * channels;
                labels[((long)x * height) + y] = header.ColorType switch
                {
                    3 => paletteLabels[PaletteIndex(row, i, depth, paletteLabels.Length, path, at)],
                    0 or 4 => Sample(row, k, depth) * greyScale,
                    _ when depth == 16 => (To8(Sample(row, k, 16)) << 16) | (To8(Sample(row, k + 1, 16)) << 8) | To8(Sample(row, k + 2, 16)),
                    _ => (Sample(row, k, depth) << 16) | (Sample(row, k + 1, depth) << 8) | Sample(row, k + 2, depth),
                };
            }
        });
        return labels;
    }

    /// <summary>
    /// The stored sample of every pixel, row-major (<c>values[y * width + x]</c>): the palette index for palette
    /// images (whatever the palette holds, as Pillow's mode P), the grey value for grey images (1-bit as 0/1, 2 and
    /// 4-bit scaled to 8 bits as Pillow's <c>L;2</c> and <c>L;4</c> modes, 8 and 16-bit as stored).
    /// </summary>
    public static ushort[] Values(ReadOnlyMemory<byte> file, PngLayout layout, string path)
    {
        var header = layout.Header;
        var values = new ushort[header.Pixels];
        int channels = header.Channels, depth = header.BitDepth, width = header.Width;
        int scale = header.ColorType == 3 || depth == 1 || depth >= 8 ? 1 : 255 / ((1 << depth) - 1);
        Decode(file, layout, path, (row, xStart, xStep, y, count, _) =>
        {
            long line = (long)y * width;
            for (int i = 0, x = xStart; i < count; i++, x += xStep)
            {
                values[line + x] = (ushort)(Sample(row, i * channels, depth) * scale);
            }
        });
        return values;
    }

    /// <summary>One unfiltered row: its samples, the x of its first pixel and the step between pixels, its y, pixel count, and file offset for errors.</summary>
    private delegate void RowSink(ReadOnlySpan<byte> row, int xStart, int xStep, int y, int count, int at);

    /// <summary>Sample <paramref name="index"/> of a row (1, 2, 4, 8 bits packed high bits first, or 16 bits big-endian).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int index, int depth) => depth switch
    {
        8 => row[index],
        16 => BinaryPrimitives.ReadUInt16BigEndian(row[(2 * index)..]),
        _ => (row[index * depth / 8] >> (8 - depth - (index * depth % 8))) & ((1 << depth) - 1),
    };

    private static int PaletteIndex(ReadOnlySpan<byte> row, int index, int depth, int entries, string path, int at)
    {
        int value = Sample(row, index, depth);
        return value < entries
            ? value
            : throw PngChunks.Error(path, at, string.Create(CultureInfo.InvariantCulture, $"palette index {value} of a pixel is past the palette's {entries} entries"));
    }

    private static int To8(int sample) => ((sample * 255) + 32895) >> 16;

    /// <summary>Decompresses, checks and unfilters the image data, giving each row (of each Adam7 pass) to <paramref name="sink"/>.</summary>
    private static void Decode(ReadOnlyMemory<byte> file, PngLayout layout, string path, RowSink sink)
    {
        var header = layout.Header;
        var chunks = layout.ImageData;
        int at = chunks[0].Offset - 8;
        long expected = header.RawBytes();
        int dataBytes = 0;
        foreach (var (_, length) in chunks)
        {
            dataBytes += length;
        }

        if (dataBytes < 6)
        {
            throw PngChunks.Error(path, at, $"the image data has {dataBytes} bytes, too few for a zlib stream");
        }

        // The zlib stream must fill the IDAT data exactly: its last four bytes are the checksum of the rows.
        Span<byte> trailer = stackalloc byte[4];
        int need = 4;
        for (int c = chunks.Count - 1; c >= 0 && need > 0; c--)
        {
            var (offset, length) = chunks[c];
            int take = Math.Min(need, length);
            file.Span.Slice(offset + length - take, take).CopyTo(trailer[(need - take)..]);
            need -= take;
        }

        uint stored = BinaryPrimitives.ReadUInt32BigEndian(trailer);
        int bitsPerPixel = header.Channels * header.BitDepth;
        int stride = Math.Max(1, bitsPerPixel / 8); // the filters' byte distance to the pixel on the left
        int passes = header.Interlaced ? 7 : 1;
        int pass = -1, passWidth = 0, passHeight = 0, rowBytes = 0, rowInPass = 0;
        byte[] row = [], previous = [];
        int filled = 0; // bytes of the current scanline (filter byte included) received
        long produced = 0;
        uint a = 1, b = 0;

        bool NextPass()
        {
            while (++pass < passes)
            {
                int x0 = header.Interlaced ? XStart[pass] : 0, y0 = header.Interlaced ? YStart[pass] : 0;
                int dx = header.Interlaced ? XStep[pass] : 1, dy = header.Interlaced ? YStep[pass] : 1;
                passWidth = header.Width > x0 ? (header.Width - x0 + dx - 1) / dx : 0;
                passHeight = header.Height > y0 ? (header.Height - y0 + dy - 1) / dy : 0;
                if (passWidth > 0 && passHeight > 0)
                {
                    rowBytes = (int)((((long)passWidth * bitsPerPixel) + 7) / 8);
                    row = new byte[rowBytes + 1];
                    previous = new byte[rowBytes + 1];
                    rowInPass = 0;
                    return true;
                }
            }

            return false;
        }

        bool more = NextPass();
        var buffer = new byte[1 << 16];
        using var zlib = new ZLibStream(new PngChunks.ChunkStream(file, chunks), CompressionMode.Decompress);
        while (true)
        {
            int n;
            try
            {
                n = zlib.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw PngChunks.Error(path, at, "the image data is not a valid zlib stream: " + FirstLine(e.Message));
            }

            if (n == 0)
            {
                break;
            }

            produced += n;
            if (produced > expected)
            {
                throw PngChunks.Error(path, at, string.Create(CultureInfo.InvariantCulture,
                    $"the image data decompresses to more than the {expected} bytes its {header.Width}x{header.Height} header implies"));
            }

            (a, b) = PngChunks.Adler32(buffer.AsSpan(0, n), a, b);
            var input = buffer.AsSpan(0, n);
            while (!input.IsEmpty && more)
            {
                int take = Math.Min(input.Length, row.Length - filled);
                input[..take].CopyTo(row.AsSpan(filled));
                input = input[take..];
                filled += take;
                if (filled < row.Length)
                {
                    break;
                }

                Unfilter(row, previous, stride, path, at);
                int y = header.Interlaced ? YStart[pass] + (rowInPass * YStep[pass]) : rowInPass;
                int xStart = header.Interlaced ? XStart[pass] : 0, xStep = header.Interlaced ? XStep[pass] : 1;
                sink(row.AsSpan(1), xStart, xStep, y, passWidth, at);
                (row, previous) = (previous, row);
                filled = 0;
                if (++rowInPass == passHeight)
                {
                    more = NextPass();
                }
            }
        }

        if (produced < expected)
        {
            throw PngChunks.Error(path, at, string.Create(CultureInfo.InvariantCulture,
                $"the image data is short: {produced} of the {expected} bytes its {header.Width}x{header.Height} header implies (a truncated or damaged file)"));
        }

        if (((b << 16) | a) != stored)
        {
            throw PngChunks.Error(path, at, "the image data fails its zlib (Adler-32) checksum: the file is damaged");
        }
    }

    /// <summary>Undoes the row's filter (its first byte) in place, with <paramref name="previous"/> the row above (zeros for the first).</summary>
    private static void Unfilter(byte[] row, byte[] previous, int stride, string path, int at)
    {
        var line = row.AsSpan(1);
        var above = previous.AsSpan(1);
        switch (row[0])
        {
            case 0:
                break;
            case 1:
                for (int i = stride; i < line.Length; i++)
                {
                    line[i] += line[i - stride];
                }

                break;
            case 2:
                for (int i = 0; i < line.Length; i++)
                {
                    line[i] += above[i];
                }

                break;
            case 3:
                for (int i = 0; i < line.Length; i++)
                {
                    int left = i >= stride ? line[i - stride] : 0;
                    line[i] += (byte)((left + above[i]) >> 1);
                }

                break;
            case 4:
                for (int i = 0; i < line.Length; i++)
                {
                    int left = i >= stride ? line[i - stride] : 0;
                    int upperLeft = i >= stride ? above[i - stride] : 0;
                    line[i] += Paeth(left, above[i], upperLeft);
                }

                break;
            default:
                throw PngChunks.Error(path, at, string.Create(CultureInfo.InvariantCulture, $"a row has filter type {row[0]}; PNG has 0 to 4 (damaged image data)"));
        }
    }

    private static byte Paeth(int left, int above, int upperLeft)
    {
        int p = left + above - upperLeft;
        int pa = Math.Abs(p - left), pb = Math.Abs(p - above), pc = Math.Abs(p - upperLeft);
        return (byte)(pa <= pb && pa <= pc ? left : pb <= pc ? above : upperLeft);
    }

    private static string FirstLine(string message)
    {
        int cut = message.IndexOfAny(['\r', '\n']);
        return (cut < 0 ? message : message[..cut]).Trim();
    }
}
