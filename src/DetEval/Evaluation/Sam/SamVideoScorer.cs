using System.Globalization;
using DetEval.Masks;
using DetEval.Matching;

namespace DetEval.Evaluation.Sam;

/// <summary>
/// Scores one video as SAM 2's <c>VideoEvaluator</c> and <c>Evaluator</c> do (<c>sav_dataset/utils/sav_benchmark.py</c>):
/// frame by frame, object by object, keeping only the per-frame J and F.
/// </summary>
internal static class SamVideoScorer
{
    [ThreadStatic]
    private static Scratch? scratch;

    public static SamVideoRecord Score(SamVideo video, SamVideoOptions options)
    {
        scratch ??= new Scratch();
        var objects = new List<SamVideoObjectRecord>();
        foreach (var track in video.Tracks)
        {
            // Parity: all_frames[1:-1] when skipping (nothing is left of two frames or fewer).
            var frames = track.Frames;
            int first = 0, end = frames.Count;
            if (options.SkipFirstAndLast)
            {
                first = 1;
                end = Math.Max(1, frames.Count - 1);
            }

            if (video.Layout == SamVideoLayout.Sav)
            {
                objects.Add(ScoreObject(video, track, first, end, options, scratch));
            }
            else
            {
                objects.AddRange(ScoreLabels(track, first, end, options, scratch));
            }
        }

        return new SamVideoRecord(video.Name, video.Layout, [.. objects]);
    }

    /// <summary>SA-V layout: one object, foreground = value &gt; 0 in both maps.</summary>
    private static SamVideoObjectRecord ScoreObject(SamVideo video, SamVideoTrack track, int first, int end, SamVideoOptions options, Scratch s)
    {
        var series = new Series();
        bool inTruth = false, counting = false;
        for (int i = first; i < end; i++)
        {
            string name = track.Frames[i];
            var frame = s.Load(track, name);
            ReadOnlySpan<ushort> truth = frame.Truth.Span, prediction = frame.Prediction.Span;

            // Parity: assert len(np.unique(array)) <= 2 on both maps ("SA-V format assumes one object mask per png file").
            CheckBinary(s.Truth, frame.TruthSource, video, track, name, "ground truth");
            CheckBinary(s.Prediction, frame.PredictionSource, video, track, name, "prediction");
            var truthExtent = s.Truth.NonZero();
            var predictionExtent = s.Prediction.NonZero();

            // Parity: the object is counted from the first frame where it is non-empty in the GT or the prediction
            // (objects_in_gt | objects_in_masks), then on every frame.
            inTruth |= !truthExtent.IsEmpty;
            counting |= !truthExtent.IsEmpty || !predictionExtent.IsEmpty;
            if (counting)
            {
                int radius = VideoFrameMeasure.Radius(options.BoundaryTolerance, frame.Height, frame.Width);
                var (j, f) = s.Measure.Measure(truth, prediction, frame.Height, frame.Width, truthExtent, predictionExtent, default(NonZeroPixels), radius);
                series.Add(name, j, f);
            }
        }

        if (!inTruth)
        {
            // Parity: conclude() reports only objects seen in the GT; consolidate() then asserts one per SA-V object.
            int evaluated = end - first;
            throw new DetEvalInputException(
                track.Source ?? $"{video.Name}/{track.ObjectId}", "",
                string.Create(CultureInfo.InvariantCulture, $"object '{track.ObjectId}' is empty in every evaluated ground-truth frame ({evaluated} of {track.Frames.Count} annotated frames evaluated{(options.SkipFirstAndLast ? ", the first and last skipped" : "")}); SAM 2's evaluator refuses such an object"));
        }

        return series.ToRecord(track.ObjectId!);
    }

    /// <summary>DAVIS layout: the objects are the label values; reported are those seen in an evaluated GT frame.</summary>
    private static IEnumerable<SamVideoObjectRecord> ScoreLabels(SamVideoTrack track, int first, int end, SamVideoOptions options, Scratch s)
    {
        var inTruth = new SortedSet<ushort>();
        var all = new SortedSet<ushort>();
        var series = new Dictionary<ushort, Series>();
        for (int i = first; i < end; i++)
        {
            string name = track.Frames[i];
            var frame = s.Load(track, name);
            ReadOnlySpan<ushort> truth = frame.Truth.Span, prediction = frame.Prediction.Span;
            foreach (ushort v in s.Truth.Values)
            {
                if (v != 0)
                {
                    inTruth.Add(v);
                    all.Add(v);
                }
            }

            foreach (ushort v in s.Prediction.Values)
            {
                if (v != 0)
                {
                    all.Add(v);
                }
            }

            // Parity: every id seen so far in the GT or the predictions gets an entry in this frame.
            int radius = VideoFrameMeasure.Radius(options.BoundaryTolerance, frame.Height, frame.Width);
            foreach (ushort id in all)
            {
                var (j, f) = s.Measure.Measure(truth, prediction, frame.Height, frame.Width, s.Truth[id], s.Prediction[id], new LabelPixels(id), radius);
                if (!series.TryGetValue(id, out var values))
                {
                    values = new Series();
                    series.Add(id, values);
                }

                values.Add(name, j, f);
            }
        }

        // Parity: conclude() keeps the ids in objects_in_gt; ids seen only in predictions are dropped. The reference
        // iterates a Python set of small ints (ascending in practice); DetEval uses ascending order.
        foreach (ushort id in inTruth)
        {
            yield return series[id].ToRecord(id.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void CheckBinary(LabelExtents map, string? source, SamVideo video, SamVideoTrack track, string frame, string what)
    {
        if (map.Values.Count > 2)
        {
            throw new DetEvalInputException(
                source ?? $"{video.Name}/{track.ObjectId}/{frame}", "",
                string.Create(CultureInfo.InvariantCulture, $"{what} mask has {map.Values.Count} distinct values ({string.Join(", ", map.Values.Take(4))}{(map.Values.Count > 4 ? ", ..." : "")}); the SA-V layout holds one object per PNG (at most 2 values)"));
        }
    }

    private sealed class Series
    {
        private readonly List<string> frames = [];
        private readonly List<double> j = [];
        private readonly List<double> f = [];

        public void Add(string frame, double jValue, double fValue)
        {
            frames.Add(frame.EndsWith(".png", StringComparison.Ordinal) ? frame[..^4] : frame);
            j.Add(jValue);
            f.Add(fValue);
        }

        public SamVideoObjectRecord ToRecord(string id) => new(id, [.. frames], [.. j], [.. f]);
    }

    private sealed class Scratch
    {
        public LabelExtents Truth { get; } = new();

        public LabelExtents Prediction { get; } = new();

        public VideoFrameMeasure Measure { get; } = new();

        /// <summary>Loads a frame and measures the extents of its values in both maps.</summary>
        public SamVideoFrame Load(SamVideoTrack track, string name)
        {
            var frame = track.Load(name);
            Truth.Measure(frame.Truth.Span, frame.Height, frame.Width);
            Prediction.Measure(frame.Prediction.Span, frame.Height, frame.Width);
            return frame;
        }
    }
}
