using DetEval.Metrics;

namespace DetEval.Matching;

/// <summary>An object of an image for VOC matching: its corners, class index and difficult flag.</summary>
internal readonly record struct VocTruth(BoxCorners Corners, int Class, bool Difficult);

/// <summary>A detection of an image for VOC matching: its corners, class index, score and position in its input.</summary>
internal readonly record struct VocDetection(BoxCorners Corners, int Class, double Score, int Index);

/// <summary>
/// Matches one image under the VOC protocol into the shared record (<see cref="ImageMatch"/> with one threshold and
/// one area range): per class present (a cell), the detections stably sorted by descending score (ties keep the
/// given order) and matched in that order with <see cref="VocMatcher.Match"/>. These are the devkit's outcomes,
/// because in its class-wide loop a detection only competes with the detections of its own image.
/// </summary>
internal static class VocImageMatcher
{
    [ThreadStatic]
    private static Scratch? scratch;

    /// <param name="name">The image name.</param>
    /// <param name="position">The image's position in the image set (-1 when unknown).</param>
    /// <param name="truths">The image's objects, in file order.</param>
    /// <param name="detections">The image's detections, in file order.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="options">The protocol's options.</param>
    public static ImageMatch Match(string name, long position, ReadOnlySpan<VocTruth> truths, ReadOnlySpan<VocDetection> detections, int classCount, VocOptions options)
    {
        var s = scratch ??= new Scratch();
        var truthCount = s.Counts(ref s.TruthCount, classCount);
        var detCount = s.Counts(ref s.DetCount, classCount);
        foreach (var t in truths)
        {
            truthCount[t.Class]++;
        }

        foreach (var d in detections)
        {
            detCount[d.Class]++;
        }

        int cells = 0;
        for (int k = 0; k < classCount; k++)
        {
            cells += truthCount[k] + detCount[k] > 0 ? 1 : 0;
        }

        var record = new ImageMatch
        {
            ImageId = position,
            Name = name,
            CellCategory = new int[cells],
            CellStart = new int[cells + 1],
            Scores = new double[detections.Length],
            Flags = new byte[detections.Length],
            PositiveCount = new int[cells],
            CellCounts = new int[cells * 3],
            DetectionIndex = new int[detections.Length],
        };

        int cell = 0, next = 0;
        for (int k = 0; k < classCount; k++)
        {
            if (truthCount[k] + detCount[k] == 0)
            {
                continue;
            }

            // The class's objects in file order: corners, ignored (difficult and ignored), taken.
            var corners = Grow(ref s.Corners, truthCount[k]);
            var ignored = Grow(ref s.Ignored, truthCount[k]);
            var taken = Grow(ref s.Taken, truthCount[k]);
            taken.Clear();
            int g = 0, difficult = 0, positives = 0;
            foreach (var t in truths)
            {
                if (t.Class == k)
                {
                    corners[g] = t.Corners;
                    ignored[g] = options.IgnoreDifficult && t.Difficult;
                    difficult += t.Difficult ? 1 : 0;
                    positives += ignored[g] ? 0 : 1;
                    g++;
                }
            }

            // The class's detections, stably sorted by descending score.
            var cellScores = Grow(ref s.Scores, detCount[k]);
            var cellDets = Grow(ref s.Detections, detCount[k]);
            int n = 0;
            foreach (var d in detections)
            {
                if (d.Class == k)
                {
                    cellScores[n] = d.Score;
                    cellDets[n++] = d;
                }
            }

            int[] order = StableSort.ArgsortDescending(cellScores);
            record.CellCategory[cell] = k;
            record.CellStart[cell] = next;
            record.PositiveCount[cell] = positives;
            record.CellCounts[cell * 3] = truthCount[k];
            record.CellCounts[(cell * 3) + 1] = difficult;
            record.CellCounts[(cell * 3) + 2] = n;
            foreach (int i in order)
            {
                record.Scores[next] = cellDets[i].Score;
                record.DetectionIndex[next] = cellDets[i].Index;
                record.Flags[next] = (byte)VocMatcher.Match(cellDets[i].Corners, corners, ignored, taken, options);
                next++;
            }

            cell++;
        }

        record.CellStart[cells] = next;
        return record;
    }

    private static Span<T> Grow<T>(ref T[] array, int n)
    {
        if (array.Length < n)
        {
            array = new T[Math.Max(n, array.Length * 2)];
        }

        return array.AsSpan(0, n);
    }

    /// <summary>Per-thread buffers, so that matching an image allocates only its record.</summary>
    private sealed class Scratch
    {
        public int[] TruthCount = [];
        public int[] DetCount = [];
        public BoxCorners[] Corners = new BoxCorners[16];
        public bool[] Ignored = new bool[16];
        public bool[] Taken = new bool[16];
        public double[] Scores = new double[64];
        public VocDetection[] Detections = new VocDetection[64];

        public Span<int> Counts(ref int[] array, int n)
        {
            var span = Grow(ref array, n);
            span.Clear();
            return span;
        }
    }
}
