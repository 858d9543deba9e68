using System.Buffers.Binary;
using System.IO.Hashing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval;

/// <summary>Label maps read as their stored sample values (the palette index for palette images).</summary>
public static partial class PngMask
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Reads a grey or palette PNG as the sample values Pillow's <c>np.array(Image.open(path))</c> gives: the palette
    /// index for palette images (whatever its colour), the grey value for 8 and 16-bit grey, 0/1 for 1-bit grey, and
    /// the value scaled to 8 bits for 2 and 4-bit grey (×85, ×17, as Pillow's <c>L;2</c>, <c>L;4</c> modes).
    /// </summary>
    /// <remarks>
    /// The header (IHDR) is read and checked against <see cref="PngMaskOptions.MaxPixels"/> before any pixel is
    /// decoded. Colour images (RGB, RGBA, grey with alpha) are refused: they are not label maps, and the reference
    /// evaluators that read label maps fail on their three-channel arrays. For palette images the palette is replaced
    /// by a grey ramp (entry i = grey i) before decoding, so the decoded grey value is the index; a damaged palette
    /// chunk (CRC) is refused first.
    /// </remarks>
    /// <param name="path">The PNG file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="PngMaskOptions.Default"/>.</param>
    /// <returns>The values, row-major, and the image size.</returns>
    /// <exception cref="InvalidDataException">The file is not a readable grey or palette PNG, or exceeds the limits.</exception>
    internal static (ushort[] Values, int Height, int Width) ReadLabelValues(string path, PngMaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= PngMaskOptions.Default;
        var (buffer, length) = Formats.PooledFile.Read(path);
        try
        {
            return DecodeLabelValues(path, buffer.AsSpan(0, length), options);
        }
        finally
        {
            Formats.PooledFile.Return(buffer);
        }
    }

    /// <summary><see cref="ReadLabelValues"/> on bytes already read; <paramref name="path"/> names them in errors.</summary>
    internal static (ushort[] Values, int Height, int Width) DecodeLabelValues(string path, ReadOnlySpan<byte> png, PngMaskOptions options)
    {
        var header = ReadHeader(path, png, options);
        byte[] decodable = header.ColorType == PaletteColorType ? WithGreyRampPalette(path, png, header.BitDepth) : png.ToArray();
        Configuration configuration = CreateConfiguration(options);
        int width = header.Width, height = header.Height;
        var values = GC.AllocateUninitializedArray<ushort>(checked(width * height));
        try
        {
            if (header.BitDepth == 16)
            {
                using var image = Image.Load<L16>(configuration, decodable);
                CheckDecodedSize(image.Width, image.Height, width, height);

                image.ProcessPixelRows(rows =>
                {
                    for (int y = 0; y < rows.Height; y++)
                    {
                        CopyRow(rows.GetRowSpan(y), values.AsSpan(y * width, width));
                    }
                });
            }
            else
            {
                // 1-bit grey decodes to 0/255; Pillow's mode "1" gives 0/1.
                bool oneBitGrey = header.ColorType == GreyColorType && header.BitDepth == 1;
                using var image = Image.Load<L8>(configuration, decodable);
                CheckDecodedSize(image.Width, image.Height, width, height);

                image.ProcessPixelRows(rows =>
                {
                    for (int y = 0; y < rows.Height; y++)
                    {
                        Span<L8> row = rows.GetRowSpan(y);
                        Span<ushort> target = values.AsSpan(y * width, width);
                        for (int x = 0; x < row.Length; x++)
                        {
                            byte v = row[x].PackedValue;
                            target[x] = oneBitGrey ? (ushort)(v == 0 ? 0 : 1) : v;
                        }
                    }
                });
            }
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw Invalid(path, ex);
        }

        return (values, height, width);
    }

    private const byte GreyColorType = 0;
    private const byte PaletteColorType = 3;

    // Thrown inside the decoding try block, which names the file.
    private static void CheckDecodedSize(int decodedWidth, int decodedHeight, int width, int height)
    {
        if (decodedWidth != width || decodedHeight != height)
        {
            throw new InvalidDataException($"decoded size {decodedWidth}x{decodedHeight} differs from its header ({width}x{height}).");
        }
    }

    private static void CopyRow(Span<L16> row, Span<ushort> target)
    {
        for (int x = 0; x < row.Length; x++)
        {
            target[x] = row[x].PackedValue;
        }
    }

    /// <summary>Reads and checks the signature and the IHDR chunk; nothing is decoded.</summary>
    private static PngHeader ReadHeader(string path, ReadOnlySpan<byte> png, PngMaskOptions options)
    {
        if (options.MaxPixels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPixels, "MaxPixels must be positive.");
        }

        if (png.Length < Signature.Length + 8 + 13 + 4 || !png.StartsWith(Signature))
        {
            throw new InvalidDataException($"PNG mask '{path}': not a PNG file (no PNG signature and IHDR chunk).");
        }

        ReadOnlySpan<byte> ihdr = png[Signature.Length..];
        if (BinaryPrimitives.ReadUInt32BigEndian(ihdr) != 13 || !ihdr.Slice(4, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException($"PNG mask '{path}': the first chunk is not a 13-byte IHDR.");
        }

        if (Crc32.HashToUInt32(ihdr.Slice(4, 4 + 13)) != BinaryPrimitives.ReadUInt32BigEndian(ihdr[(8 + 13)..]))
        {
            throw new InvalidDataException($"PNG mask '{path}': IHDR chunk CRC mismatch (the file is damaged).");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(ihdr[8..]);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(ihdr[12..]);
        byte bitDepth = ihdr[16], colorType = ihdr[17];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
        {
            throw new InvalidDataException($"PNG mask '{path}': image size {width}x{height} in IHDR is not valid.");
        }

        long pixels = (long)width * height;
        if (pixels > options.MaxPixels || pixels > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"PNG mask '{path}': {width}x{height} = {pixels} pixels exceeds the limit of {Math.Min(options.MaxPixels, Array.MaxLength)}.");
        }

        bool valid = colorType switch
        {
            GreyColorType => bitDepth is 1 or 2 or 4 or 8 or 16,
            PaletteColorType => bitDepth is 1 or 2 or 4 or 8,
            _ => false,
        };
        if (!valid)
        {
            string kind = colorType switch
            {
                2 => "an RGB image",
                4 => "a grey image with alpha",
                6 => "an RGBA image",
                GreyColorType or PaletteColorType => $"bit depth {bitDepth} (not valid for colour type {colorType})",
                _ => $"colour type {colorType} (not a PNG colour type)",
            };
            throw new InvalidDataException($"PNG mask '{path}': {kind}; a label map or mask must be a grey or palette PNG.");
        }

        return new PngHeader((int)width, (int)height, bitDepth, colorType);
    }

    /// <summary>
    /// The PNG with its PLTE chunk replaced by a grey ramp of 2^depth entries and its tRNS chunk dropped, so that a
    /// decoded pixel's grey value is its palette index.
    /// </summary>
    private static byte[] WithGreyRampPalette(string path, ReadOnlySpan<byte> png, int bitDepth)
    {
        int entries = 1 << bitDepth;
        var output = new byte[png.Length + (entries * 3) + 12];
        png[..Signature.Length].CopyTo(output);
        int written = Signature.Length;
        int at = Signature.Length;
        bool replaced = false;
        while (at < png.Length)
        {
            if (png.Length - at < 12)
            {
                throw new InvalidDataException($"PNG mask '{path}': truncated chunk at byte {at}.");
            }

            uint size = BinaryPrimitives.ReadUInt32BigEndian(png[at..]);
            if (size > int.MaxValue || size > png.Length - at - 12)
            {
                throw new InvalidDataException($"PNG mask '{path}': chunk length {size} at byte {at} runs past the end of the file.");
            }

            int total = (int)size + 12;
            ReadOnlySpan<byte> type = png.Slice(at + 4, 4);
            if (type.SequenceEqual("PLTE"u8))
            {
                ReadOnlySpan<byte> body = png.Slice(at + 4, 4 + (int)size);
                if (Crc32.HashToUInt32(body) != BinaryPrimitives.ReadUInt32BigEndian(png[(at + 8 + (int)size)..]))
                {
                    throw new InvalidDataException($"PNG mask '{path}': PLTE chunk CRC mismatch (the file is damaged).");
                }

                written += WriteGreyRamp(output.AsSpan(written), entries);
                replaced = true;
            }
            else if (!type.SequenceEqual("tRNS"u8))
            {
                png.Slice(at, total).CopyTo(output.AsSpan(written));
                written += total;
            }

            at += total;
            if (type.SequenceEqual("IEND"u8))
            {
                break;
            }
        }

        if (!replaced)
        {
            throw new InvalidDataException($"PNG mask '{path}': a palette image without a PLTE chunk.");
        }

        return output.AsSpan(0, written).ToArray();
    }

    private static int WriteGreyRamp(Span<byte> target, int entries)
    {
        BinaryPrimitives.WriteUInt32BigEndian(target, (uint)(entries * 3));
        "PLTE"u8.CopyTo(target[4..]);
        for (int i = 0; i < entries; i++)
        {
            target[8 + (3 * i)] = target[9 + (3 * i)] = target[10 + (3 * i)] = (byte)i;
        }

        int bodyEnd = 8 + (entries * 3);
        BinaryPrimitives.WriteUInt32BigEndian(target[bodyEnd..], Crc32.HashToUInt32(target[4..bodyEnd]));
        return bodyEnd + 4;
    }

    private readonly record struct PngHeader(int Width, int Height, byte BitDepth, byte ColorType);
}
