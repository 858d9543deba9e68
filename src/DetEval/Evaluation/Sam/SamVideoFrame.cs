namespace DetEval;

/// <summary>
/// One annotated frame of a track: the ground-truth and predicted label maps, row-major, of one size. In the SA-V
/// layout each map is one object's mask (every non-zero value is the object); in the DAVIS layout the value is the
/// object id (0 is background).
/// </summary>
/// <remarks>
/// The values are what Pillow's <c>np.array(Image.open(png))</c> gives, as the reference reads them: the palette
/// index for palette PNGs, the grey value for grey PNGs (0/1 for 1-bit grey).
/// </remarks>
public sealed class SamVideoFrame
{
    /// <summary>Creates a frame.</summary>
    /// <param name="height">The rows (at least 1).</param>
    /// <param name="width">The columns (at least 1).</param>
    /// <param name="truth">The ground-truth label map, <paramref name="height"/> x <paramref name="width"/> values.</param>
    /// <param name="prediction">The predicted label map, the same size.</param>
    /// <param name="truthSource">The ground truth's file, named in errors (null: the track and frame are named).</param>
    /// <param name="predictionSource">The prediction's file, named in errors.</param>
    /// <exception cref="ArgumentException">A size is not positive, or a map does not hold height x width values.</exception>
    public SamVideoFrame(int height, int width, ReadOnlyMemory<ushort> truth, ReadOnlyMemory<ushort> prediction, string? truthSource = null, string? predictionSource = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        long pixels = (long)height * width;
        if (truth.Length != pixels || prediction.Length != pixels)
        {
            throw new ArgumentException($"A {height}x{width} frame needs {pixels} values per map; the ground truth has {truth.Length} and the prediction {prediction.Length}.");
        }

        Height = height;
        Width = width;
        Truth = truth;
        Prediction = prediction;
        TruthSource = truthSource;
        PredictionSource = predictionSource;
    }

    /// <summary>The rows.</summary>
    public int Height { get; }

    /// <summary>The columns.</summary>
    public int Width { get; }

    /// <summary>The ground-truth label map, row-major.</summary>
    public ReadOnlyMemory<ushort> Truth { get; }

    /// <summary>The predicted label map, row-major.</summary>
    public ReadOnlyMemory<ushort> Prediction { get; }

    /// <summary>The ground truth's file, when the frame was read from one.</summary>
    public string? TruthSource { get; }

    /// <summary>The prediction's file, when the frame was read from one.</summary>
    public string? PredictionSource { get; }
}
