using DetEval.Formats;
using DetEval.Masks;
using PngDecoder = DetEval.Masks.PngDecoder;

namespace DetEval;

/// <summary>Label maps read as their stored sample values (the palette index for palette images).</summary>
public static partial class PngMask
{
    /// <summary>
    /// Reads a grey or palette PNG as the sample values Pillow's <c>np.array(Image.open(path))</c> gives: the palette
    /// index for palette images (whatever its colour), the grey value for 8 and 16-bit grey, 0/1 for 1-bit grey, and
    /// the value scaled to 8 bits for 2 and 4-bit grey (×85, ×17, as Pillow's <c>L;2</c>, <c>L;4</c> modes).
    /// </summary>
    /// <remarks>
    /// The file is read and checked as <see cref="ReadBinary(string, PngMaskOptions?)"/> reads it (bounded read, every
    /// chunk's CRC, the size from the header before any pixel is decoded, the zlib length and checksum). Colour images
    /// (RGB, RGBA, grey with alpha) are refused: they are not label maps, and the reference evaluators that read label
    /// maps fail on their three-channel arrays.
    /// </remarks>
    /// <param name="path">The PNG file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="PngMaskOptions.Default"/>.</param>
    /// <returns>The values, row-major, and the image size.</returns>
    /// <exception cref="DetEvalInputException">The file is not a readable grey or palette PNG, or exceeds the limits.</exception>
    internal static (ushort[] Values, int Height, int Width) ReadLabelValues(string path, PngMaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = InputFile.ReadAllBytes(path, InputKind.Png);
        var layout = Check(bytes, path, options ?? PngMaskOptions.Default, null);
        var header = layout.Header;
        if (header.ColorType is not (0 or 3))
        {
            string kind = header.ColorType switch
            {
                2 => "an RGB image",
                4 => "a grey image with alpha",
                _ => "an RGBA image",
            };
            throw new DetEvalInputException(path, "IHDR", kind + "; a label map or mask must be a grey or palette PNG");
        }

        return (PngDecoder.Values(bytes, layout, path), header.Height, header.Width);
    }
}
