using DetEval.Formats;
using DetEval.Masks;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using PngDecoder = DetEval.Masks.PngDecoder;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval;

/// <summary>Reads and writes masks stored as PNG images (binary masks and instance-label maps).</summary>
/// <remarks>
/// A file is read through the bounded input reader (at most 256 MiB) and its structure checked before it is decoded:
/// every chunk's CRC, the chunk order and the header. Images above <see cref="PngMaskOptions.MaxPixels"/> are refused
/// from the header, before any pixel is decompressed. DetEval decodes the pixels itself, in one pass that checks the
/// image data: it must decompress to exactly the bytes the header implies and match its zlib checksum (short or
/// damaged data is never read as a partly empty mask). Every failure (a missing file too) is a
/// <see cref="DetEvalInputException"/> naming the file and the chunk or byte. Writing uses ImageSharp.
/// </remarks>
public static partial class PngMask
{
    /// <summary>Reads a binary mask: a pixel is foreground when any of its R, G or B samples is non-zero.</summary>
    /// <remarks>Samples are compared at their stored precision (16-bit images too). Alpha is ignored, so a
    /// transparent pixel with a non-zero colour is foreground; grey images count their grey value.</remarks>
    /// <param name="path">The PNG file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="PngMaskOptions.Default"/>.</param>
    /// <returns>The mask as runs, sized as the image.</returns>
    /// <exception cref="DetEvalInputException">The file is missing, not a valid PNG, or exceeds the limits.</exception>
    public static Rle ReadBinary(string path, PngMaskOptions? options = null) => ReadBinary(path, options, null);

    /// <summary>
    /// <see cref="ReadBinary(string, PngMaskOptions?)"/>, refusing from the header a mask whose size differs from
    /// <paramref name="expected"/> (height, width, and what it is the size of).
    /// </summary>
    internal static Rle ReadBinary(string path, PngMaskOptions? options, (int Height, int Width, string Of)? expected)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadBinary(InputFile.ReadAllBytes(path, InputKind.Png), path, options, expected);
    }

    /// <summary>Reads a binary mask from the bytes of a file read already; <paramref name="path"/> names it in errors.</summary>
    internal static Rle ReadBinary(byte[] bytes, string path, PngMaskOptions? options, (int Height, int Width, string Of)? expected)
    {
        options ??= PngMaskOptions.Default;
        var layout = Check(bytes, path, options, expected);
        byte[] mask = PngDecoder.Foreground(bytes, layout, path);
        int height = layout.Header.Height, width = layout.Header.Width;
        return Rle.Encode(mask, height, width);
    }

    /// <summary>
    /// Reads an instance-label map: each distinct non-zero pixel value is one instance, 0 is background.
    /// </summary>
    /// <remarks>
    /// The value of a grey pixel is its grey sample at the stored precision (0..255, or 0..65535 for 16-bit
    /// grey; 1, 2 and 4-bit grey are scaled to 8 bits by the decoder). For colour and palette images it is
    /// <c>R &lt;&lt; 16 | G &lt;&lt; 8 | B</c> at 8 bits per sample (16-bit colour is reduced to 8 bits). Alpha is
    /// ignored. The runs of each instance are built in one pass over the image.
    /// </remarks>
    /// <param name="path">The PNG file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="PngMaskOptions.Default"/>.</param>
    /// <returns>The instances in increasing value order.</returns>
    /// <exception cref="DetEvalInputException">The file is missing, not a valid PNG, or exceeds the limits.</exception>
    public static IReadOnlyList<(int Value, Rle Mask)> ReadInstances(string path, PngMaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ReadInstances(InputFile.ReadAllBytes(path, InputKind.Png), path, options);
    }

    /// <summary>Reads an instance-label map from the bytes of a file read already; <paramref name="path"/> names it in errors.</summary>
    internal static IReadOnlyList<(int Value, Rle Mask)> ReadInstances(byte[] bytes, string path, PngMaskOptions? options)
    {
        options ??= PngMaskOptions.Default;
        var layout = Check(bytes, path, options, null);
        int[] labels = PngDecoder.Labels(bytes, layout, path);
        int height = layout.Header.Height, width = layout.Header.Width;
        return InstancesFromLabels(labels, height, width);
    }

    /// <summary>Writes a mask as an 8-bit greyscale PNG, 255 for foreground and 0 for background, through a temporary file and a rename.</summary>
    /// <param name="rle">The mask; it must have at least one pixel.</param>
    /// <param name="path">The file to create or overwrite.</param>
    public static void WriteBinary(Rle rle, string path)
    {
        ArgumentNullException.ThrowIfNull(rle);
        ArgumentNullException.ThrowIfNull(path);
        CheckWritable(rle);
        Reports.AtomicFile.Write(path, s => WriteBinary(rle, s));
    }

    /// <summary>Writes a mask as an 8-bit greyscale PNG, 255 for foreground and 0 for background, to a stream.</summary>
    /// <param name="rle">The mask; it must have at least one pixel.</param>
    /// <param name="stream">Where to write.</param>
    public static void WriteBinary(Rle rle, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(rle);
        ArgumentNullException.ThrowIfNull(stream);
        CheckWritable(rle);
        byte[] columnMajor = rle.Decode();
        int h = rle.Height;
        using var image = new Image<L8>(rle.Width, rle.Height);
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<L8> row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    row[x] = new L8(columnMajor[(x * h) + y] != 0 ? (byte)255 : (byte)0);
                }
            }
        });
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
    }

    private static void CheckWritable(Rle rle)
    {
        if (rle.Height == 0 || rle.Width == 0)
        {
            throw new ArgumentException($"A PNG needs at least one pixel; the mask is [{rle.Height}, {rle.Width}].", nameof(rle));
        }
    }

    /// <summary>Builds each label's runs from a column-major label array in one pass.</summary>
    internal static IReadOnlyList<(int Value, Rle Mask)> InstancesFromLabels(ReadOnlySpan<int> labels, int height, int width)
    {
        var builders = new Dictionary<int, InstanceRuns>();
        int start = 0;
        while (start < labels.Length)
        {
            int value = labels[start];
            int end = start + 1;
            while (end < labels.Length && labels[end] == value)
            {
                end++;
            }

            if (value != 0)
            {
                if (!builders.TryGetValue(value, out InstanceRuns? runs))
                {
                    runs = new InstanceRuns();
                    builders.Add(value, runs);
                }

                // Maximal runs of one label never touch, so each adds a background gap and a foreground run.
                runs.Counts.Add((uint)(start - runs.End));
                runs.Counts.Add((uint)(end - start));
                runs.End = end;
            }

            start = end;
        }

        var values = new int[builders.Count];
        builders.Keys.CopyTo(values, 0);
        Array.Sort(values);
        var result = new (int Value, Rle Mask)[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            InstanceRuns runs = builders[values[i]];
            // As rleEncode: a trailing background run only when non-empty.
            if (runs.End < labels.Length)
            {
                runs.Counts.Add((uint)(labels.Length - runs.End));
            }

            result[i] = (values[i], new Rle(height, width, [.. runs.Counts]));
        }

        return result;
    }

    /// <summary>The layout of a file's bytes, read through the bounded reader, checked by <see cref="PngChunks.Validate"/>.</summary>
    private static PngLayout Check(byte[] bytes, string path, PngMaskOptions options, (int Height, int Width, string Of)? expected)
    {
        if (options.MaxPixels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPixels, "MaxPixels must be positive.");
        }

        return PngChunks.Validate(bytes, path, options.MaxPixels, expected);
    }

    private sealed class InstanceRuns
    {
        public List<uint> Counts { get; } = [];

        public int End { get; set; }
    }
}
