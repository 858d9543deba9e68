using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval;

/// <summary>Reads and writes masks stored as PNG images (binary masks and instance-label maps).</summary>
/// <remarks>
/// Only the PNG decoder is registered. The header is read first and images above
/// <see cref="PngMaskOptions.MaxPixels"/> are refused before any pixel is decoded; ImageSharp's allocator is
/// additionally capped with <c>AllocationLimitMegabytes</c>. Format errors throw
/// <see cref="InvalidDataException"/> naming the file; a missing file throws the usual I/O exception.
/// </remarks>
public static partial class PngMask
{
    /// <summary>Reads a binary mask: a pixel is foreground when any of its R, G or B samples is non-zero.</summary>
    /// <remarks>Samples are compared at their stored precision (16-bit images too). Alpha is ignored, so a
    /// transparent pixel with a non-zero colour is foreground; grey images count their grey value.</remarks>
    /// <param name="path">The PNG file.</param>
    /// <param name="options">Limits; <see langword="null"/> for <see cref="PngMaskOptions.Default"/>.</param>
    /// <returns>The mask as runs, sized as the image.</returns>
    /// <exception cref="InvalidDataException">The file is not a readable PNG or exceeds the limits.</exception>
    public static Rle ReadBinary(string path, PngMaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= PngMaskOptions.Default;
        Configuration configuration = CreateConfiguration(options);
        Identify(path, configuration, options);
        byte[] mask;
        int height, width;
        try
        {
            using Image<Rgba64> image = Image.Load<Rgba64>(configuration, path);
            height = image.Height;
            width = image.Width;
            var columnMajor = new byte[(long)height * width];
            int h = height;
            image.ProcessPixelRows(accessor =>
            {
                for (int y = 0; y < accessor.Height; y++)
                {
                    Span<Rgba64> row = accessor.GetRowSpan(y);
                    for (int x = 0; x < row.Length; x++)
                    {
                        Rgba64 p = row[x];
                        columnMajor[(x * h) + y] = (byte)((p.R | p.G | p.B) != 0 ? 1 : 0);
                    }
                }
            });
            mask = columnMajor;
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw Invalid(path, ex);
        }

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
    /// <exception cref="InvalidDataException">The file is not a readable PNG or exceeds the limits.</exception>
    public static IReadOnlyList<(int Value, Rle Mask)> ReadInstances(string path, PngMaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= PngMaskOptions.Default;
        Configuration configuration = CreateConfiguration(options);
        IImageInfo info = Identify(path, configuration, options);
        PngMetadata png = info.Metadata.GetPngMetadata();
        bool grey = png.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleWithAlpha;
        int height = info.Height, width = info.Width;
        int[] labels;
        try
        {
            labels = grey && png.BitDepth == PngBitDepth.Bit16
                ? ReadLabels<L16>(path, configuration, p => p.PackedValue)
                : grey
                    ? ReadLabels<L8>(path, configuration, p => p.PackedValue)
                    : ReadLabels<Rgb24>(path, configuration, p => (p.R << 16) | (p.G << 8) | p.B);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw Invalid(path, ex);
        }

        if (labels.Length != (long)height * width)
        {
            throw new InvalidDataException($"PNG mask '{path}': decoded size differs from its header.");
        }

        return InstancesFromLabels(labels, height, width);
    }

    /// <summary>Writes a mask as an 8-bit greyscale PNG, 255 for foreground and 0 for background.</summary>
    /// <param name="rle">The mask; it must have at least one pixel.</param>
    /// <param name="path">The file to create or overwrite.</param>
    public static void WriteBinary(Rle rle, string path)
    {
        ArgumentNullException.ThrowIfNull(rle);
        ArgumentNullException.ThrowIfNull(path);
        if (rle.Height == 0 || rle.Width == 0)
        {
            throw new ArgumentException($"A PNG needs at least one pixel; the mask is [{rle.Height}, {rle.Width}].", nameof(rle));
        }

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
        image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
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

    private static int[] ReadLabels<TPixel>(string path, Configuration configuration, Func<TPixel, int> value)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using Image<TPixel> image = Image.Load<TPixel>(configuration, path);
        int h = image.Height;
        var labels = new int[(long)image.Height * image.Width];
        image.ProcessPixelRows(accessor =>
        {
            for (int y = 0; y < accessor.Height; y++)
            {
                Span<TPixel> row = accessor.GetRowSpan(y);
                for (int x = 0; x < row.Length; x++)
                {
                    labels[(x * h) + y] = value(row[x]);
                }
            }
        });
        return labels;
    }

    private static Configuration CreateConfiguration(PngMaskOptions options)
    {
        if (options.MaxPixels <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPixels, "MaxPixels must be positive.");
        }

        long limit = options.AllocationLimitMegabytes ?? ((options.MaxPixels * 8 / (1024 * 1024)) + 64);
        var configuration = new Configuration(new PngConfigurationModule())
        {
            MemoryAllocator = MemoryAllocator.Create(new MemoryAllocatorOptions
            {
                AllocationLimitMegabytes = (int)Math.Min(limit, int.MaxValue),
            }),
        };
        return configuration;
    }

    private static IImageInfo Identify(string path, Configuration configuration, PngMaskOptions options)
    {
        IImageInfo? info;
        try
        {
            info = Image.Identify(configuration, path, out IImageFormat? _);
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            throw Invalid(path, ex);
        }

        if (info is null)
        {
            throw new InvalidDataException($"PNG mask '{path}': not a PNG file.");
        }

        long pixels = (long)info.Width * info.Height;
        // Pixels are addressed with int indices, hence the Array.MaxLength bound whatever the option says.
        if (pixels > options.MaxPixels || pixels > Array.MaxLength)
        {
            throw new InvalidDataException(
                $"PNG mask '{path}': {info.Width}x{info.Height} = {pixels} pixels exceeds the limit of {Math.Min(options.MaxPixels, Array.MaxLength)}.");
        }

        return info;
    }

    // Missing files and permissions keep their own exception types; anything the decoder throws is bad data.
    private static bool IsDecodeFailure(Exception ex) =>
        ex is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
            or OutOfMemoryException or OperationCanceledException);

    private static InvalidDataException Invalid(string path, Exception inner) =>
        new($"PNG mask '{path}': {FirstLine(inner.Message)}", inner);

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }

    private sealed class InstanceRuns
    {
        public List<uint> Counts { get; } = [];

        public int End { get; set; }
    }
}
