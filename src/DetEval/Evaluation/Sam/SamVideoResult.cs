using DetEval.Evaluation.Sam;
using DetEval.Formats;
using DetEval.Metrics;

namespace DetEval;

/// <summary>SAM 2 video object segmentation scores: global J, F and J&amp;F, and per video and object.</summary>
/// <remarks>
/// <para>
/// Global J = the mean of J over <b>every reported object of every video</b>, pooled (a video with more objects
/// weighs more), F likewise, J&amp;F = (J + F) / 2, exactly as <c>sav_benchmark.py</c>'s <c>benchmark</c>
/// averages. Videos are pooled in name order (code-point order, as Python sorts), objects in each video's order.
/// </para>
/// <para>
/// The reference works in percent (each object's mean times 100, then means of those); every value here is the
/// reference's percentage divided by 100, computed in the same order so that it is the reference's number to the
/// last bit. With no object at all the means are NaN (the reference prints nan).
/// </para>
/// </remarks>
public sealed class SamVideoResult
{
    private SamVideoResult(double j, double f, double jAndF, SamVideoScore[] videos, int objects, int frames)
    {
        J = j;
        F = f;
        JAndF = jAndF;
        Videos = Array.AsReadOnly(videos);
        ObjectCount = objects;
        FrameCount = frames;
    }

    /// <summary>Global region similarity J, a fraction.</summary>
    public double J { get; }

    /// <summary>Global boundary F-measure F, a fraction.</summary>
    public double F { get; }

    /// <summary>Global J&amp;F = (J + F) / 2.</summary>
    public double JAndF { get; }

    /// <summary>The videos, in name order.</summary>
    public IReadOnlyList<SamVideoScore> Videos { get; }

    /// <summary>The reported objects over all videos.</summary>
    public int ObjectCount { get; }

    /// <summary>The counted (object, frame) entries over all objects.</summary>
    public int FrameCount { get; }

    internal static SamVideoResult Create(SamVideoRecord[] records)
    {
        // Parity: videos sorted by name (sorted(list(set(gt) & set(pred)))), objects in record order.
        Array.Sort(records, (a, b) => CodePointOrder.Compare(a.Name, b.Name));
        var allJ = new List<double>();
        var allF = new List<double>();
        var videos = new SamVideoScore[records.Length];
        int frames = 0;
        for (int v = 0; v < records.Length; v++)
        {
            var record = records[v];
            var objects = new SamVideoObjectScore[record.Objects.Length];
            var videoJ = new double[objects.Length];
            var videoF = new double[objects.Length];
            for (int o = 0; o < objects.Length; o++)
            {
                var obj = record.Objects[o];
                // Parity: np.mean(frame values) * 100.
                double j = NumpyMath.Sum(obj.FrameJ) / obj.FrameJ.Length * 100;
                double f = NumpyMath.Sum(obj.FrameF) / obj.FrameF.Length * 100;
                videoJ[o] = j;
                videoF[o] = f;
                objects[o] = new SamVideoObjectScore(obj.Id, j / 100, f / 100, (j + f) / 2 / 100, obj.Frames, obj.FrameJ, obj.FrameF);
                frames += obj.Frames.Length;
            }

            allJ.AddRange(videoJ);
            allF.AddRange(videoF);
            var (meanJ, meanF) = (Mean(videoJ), Mean(videoF));
            videos[v] = new SamVideoScore(record.Name, record.Layout, meanJ / 100, meanF / 100, (meanJ + meanF) / 2 / 100, objects);
        }

        // Parity: global_j = np.array(all_iou).mean(), global_jf = (global_j + global_f) / 2, all in percent.
        double globalJ = Mean([.. allJ]), globalF = Mean([.. allF]);
        return new SamVideoResult(globalJ / 100, globalF / 100, (globalJ + globalF) / 2 / 100, videos, allJ.Count, frames);
    }

    private static double Mean(double[] values) => values.Length == 0 ? double.NaN : NumpyMath.Sum(values) / values.Length;
}
