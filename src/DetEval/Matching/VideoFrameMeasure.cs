using DetEval.Kernels;
using DetEval.Masks;

namespace DetEval.Matching;

/// <summary>Which label values make up an object's mask in a label map.</summary>
internal interface IObjectPixels
{
    bool IsObject(ushort value);
}

/// <summary>SA-V layout: one object per map, every non-zero value is foreground.</summary>
internal readonly struct NonZeroPixels : IObjectPixels
{
    public bool IsObject(ushort value) => value != 0;
}

/// <summary>DAVIS layout: the object with label <see cref="Id"/>.</summary>
internal readonly record struct LabelPixels(ushort Id) : IObjectPixels
{
    public bool IsObject(ushort value) => value == Id;
}

/// <summary>
/// J (region IoU) and F (boundary F-measure) of one object in one frame, as SAM 2's <c>sav_benchmark.py</c>
/// (<c>Evaluator.feed_frame</c>) computes them. Holds scratch buffers: one instance per thread.
/// </summary>
/// <remarks>
/// <para>J = |P ∩ G| / |P ∪ G|, and 1 when both masks are empty (the reference's <c>get_iou</c>).</para>
/// <para>
/// F: with bP, bG the boundary maps (<see cref="BoundaryMap"/>), n_P = |bP|, n_G = |bG|, and r the tolerance radius,
/// precision = |bP ∩ dilate(bG, disk r)| / n_P and recall = |bG ∩ dilate(bP, disk r)| / n_G (<see cref="DiskMatch"/>),
/// except: n_P = 0 &lt; n_G gives (1, 0), n_G = 0 &lt; n_P gives (0, 1), both 0 gives (1, 1);
/// F = 2·precision·recall / (precision + recall), 0 when the sum is 0.
/// </para>
/// <para>
/// Only a window is processed: the union of both masks' bounding boxes grown by one pixel (clipped). Both boundary
/// maps are 0 outside it and equal the image's maps inside (see <see cref="BoundaryMap"/>), and the disk test needs
/// only boundary pixels, so the counts are the whole image's.
/// </para>
/// </remarks>
internal sealed class VideoFrameMeasure
{
    private byte[] truthPlane = [];
    private byte[] predictionPlane = [];
    private byte[] truthBoundary = [];
    private byte[] predictionBoundary = [];

    /// <summary>
    /// The tolerance radius of a frame: <c>ceil(tolerance · sqrt(H² + W²))</c> in double precision
    /// (<c>np.ceil(0.008 * np.linalg.norm(mask.shape))</c>).
    /// </summary>
    public static int Radius(double tolerance, int height, int width) =>
        (int)Math.Ceiling(tolerance * Math.Sqrt(((double)height * height) + ((double)width * width)));

    public (double J, double F) Measure<TObject>(
        ReadOnlySpan<ushort> truth, ReadOnlySpan<ushort> prediction, int height, int width,
        LabelExtent truthExtent, LabelExtent predictionExtent, TObject pixels, int radius)
        where TObject : struct, IObjectPixels
    {
        if (truthExtent.IsEmpty && predictionExtent.IsEmpty)
        {
            // Parity: get_iou returns 1 when both masks are empty; both boundary maps are empty, so F = 2·1·1/2 = 1.
            return (1, 1);
        }

        var box = truthExtent.Union(predictionExtent);
        int y0 = Math.Max(0, box.MinY - 1), y1 = Math.Min(height - 1, box.MaxY + 1);
        int x0 = Math.Max(0, box.MinX - 1), x1 = Math.Min(width - 1, box.MaxX + 1);
        int h = y1 - y0 + 1, w = x1 - x0 + 1;
        int n = h * w;
        Ensure(ref truthPlane, n);
        Ensure(ref predictionPlane, n);
        Ensure(ref truthBoundary, n);
        Ensure(ref predictionBoundary, n);
        long intersection = 0;
        for (int y = 0; y < h; y++)
        {
            ReadOnlySpan<ushort> g = truth.Slice(((y0 + y) * width) + x0, w);
            ReadOnlySpan<ushort> p = prediction.Slice(((y0 + y) * width) + x0, w);
            Span<byte> gp = truthPlane.AsSpan(y * w, w);
            Span<byte> pp = predictionPlane.AsSpan(y * w, w);
            for (int x = 0; x < w; x++)
            {
                byte gv = pixels.IsObject(g[x]) ? (byte)1 : (byte)0;
                byte pv = pixels.IsObject(p[x]) ? (byte)1 : (byte)0;
                gp[x] = gv;
                pp[x] = pv;
                intersection += gv & pv;
            }
        }

        long pixelSum = truthExtent.Count + predictionExtent.Count;
        double j = intersection / (double)(pixelSum - intersection);

        int nTruth = BoundaryMap.Compute(truthPlane, truthBoundary, h, w);
        int nPrediction = BoundaryMap.Compute(predictionPlane, predictionBoundary, h, w);
        double precision, recall;
        if (nPrediction == 0 && nTruth > 0)
        {
            (precision, recall) = (1, 0);
        }
        else if (nPrediction > 0 && nTruth == 0)
        {
            (precision, recall) = (0, 1);
        }
        else if (nPrediction == 0 && nTruth == 0)
        {
            (precision, recall) = (1, 1);
        }
        else
        {
            precision = DiskMatch.Compute(predictionBoundary, truthBoundary, h, w, radius) / (double)nPrediction;
            recall = DiskMatch.Compute(truthBoundary, predictionBoundary, h, w, radius) / (double)nTruth;
        }

        double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (j, f);
    }

    private static void Ensure(ref byte[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }
    }
}
