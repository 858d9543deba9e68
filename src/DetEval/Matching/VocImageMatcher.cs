using DetEval.Metrics;

namespace DetEval.Matching;

/// <summary>An object of an image for VOC matching: its geometry (box corners, or a DOTA quad), class index and difficult flag.</summary>
internal readonly record struct VocTruth<TBox>(TBox Box, int Class, bool Difficult);

/// <summary>A detection of an image for VOC matching: its geometry, class index, score and position in its input.</summary>
internal readonly record struct VocDetection<TBox>(TBox Box, int Class, double Score, int Index);

/// <summary>
/// The similarity the VOC matcher ranks objects by, one cell at a time: the VOC box IoU (<see cref="VocBoxIou"/>) or
/// DOTA's polygon IoU. It sees the cell's objects in file order and its detections in rank order.
/// </summary>
/// <typeparam name="TBox">The geometry.</typeparam>
internal interface IVocSimilarity<TBox>
{
    /// <summary>Fills <c>ious[g * detections.Length + d]</c> with the similarity of object g and detection d.</summary>
    /// <param name="truths">The cell's objects, in file order.</param>
    /// <param name="detections">The cell's detections, in rank order.</param>
    /// <param name="ious">The matrix, row-major by object.</param>
    void Fill(ReadOnlySpan<TBox> truths, ReadOnlySpan<TBox> detections, Span<double> ious);
}

/// <summary>The VOC box IoU (<see cref="VocMatcher.Iou"/>) as a cell similarity.</summary>
/// <param name="Convention">Whether sizes get the +1 pixel.</param>
internal readonly record struct VocBoxIou(PixelConvention Convention) : IVocSimilarity<BoxCorners>
{
    public void Fill(ReadOnlySpan<BoxCorners> truths, ReadOnlySpan<BoxCorners> detections, Span<double> ious)
    {
        for (int g = 0; g < truths.Length; g++)
        {
            for (int d = 0; d < detections.Length; d++)
            {
                ious[(g * detections.Length) + d] = VocMatcher.Iou(detections[d], truths[g], Convention);
            }
        }
    }
}

/// <summary>
/// Matches one image under the VOC protocol into the shared record (<see cref="ImageMatch"/> with one threshold and
/// one area range): per class present (a cell), the detections stably sorted by descending score (ties keep the
/// given order) and matched in that order with <see cref="VocMatcher.MatchColumn"/> on the cell's similarity matrix.
/// These are the devkit's outcomes, because in its class-wide loop a detection only competes with the detections of
/// its own image.
/// </summary>
internal static class VocImageMatcher
{
    /// <summary>Matches one image of boxes with the VOC box IoU.</summary>
    /// <param name="name">The image name.</param>
    /// <param name="position">The image's position in the image set (-1 when unknown).</param>
    /// <param name="truths">The image's objects, in file order.</param>
    /// <param name="detections">The image's detections, in file order.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="options">The protocol's options.</param>
    public static ImageMatch Match(string name, long position, ReadOnlySpan<VocTruth<BoxCorners>> truths, ReadOnlySpan<VocDetection<BoxCorners>> detections, int classCount, VocOptions options) =>
        Match(name, position, truths, detections, classCount, options, new VocBoxIou(options.PixelConvention));

    /// <summary>Matches one image with any similarity (the hook other protocols plug into).</summary>
    /// <param name="name">The image name.</param>
    /// <param name="position">The image's position in the image set (-1 when unknown).</param>
    /// <param name="truths">The image's objects, in file order.</param>
    /// <param name="detections">The image's detections, in file order; their <c>Index</c> becomes <see cref="ImageMatch.DetectionIndex"/>.</param>
    /// <param name="classCount">The number of classes.</param>
    /// <param name="options">The threshold, comparison and difficult rule.</param>
    /// <param name="similarity">The cell similarity.</param>
    public static ImageMatch Match<TBox, TSimilarity>(
        string name, long position, ReadOnlySpan<VocTruth<TBox>> truths, ReadOnlySpan<VocDetection<TBox>> detections, int classCount, VocOptions options, TSimilarity similarity)
        where TSimilarity : IVocSimilarity<TBox>
    {
        var s = Scratch<TBox>.Current;
        // Objects and detections grouped by class with a counting sort (stable: file order within a class), so
        // that each cell reads only its own.
        var truthStart = s.Counts(ref s.TruthCount, classCount + 1);
        var detStart = s.Counts(ref s.DetCount, classCount + 1);
        foreach (var t in truths)
        {
            truthStart[t.Class + 1]++;
        }

        foreach (var d in detections)
        {
            detStart[d.Class + 1]++;
        }

        int cells = 0;
        for (int k = 0; k < classCount; k++)
        {
            cells += truthStart[k + 1] + detStart[k + 1] > 0 ? 1 : 0;
            truthStart[k + 1] += truthStart[k];
            detStart[k + 1] += detStart[k];
        }

        var byClassTruths = Grow(ref s.Truths, truths.Length);
        var byClassDets = Grow(ref s.Detections, detections.Length);
        var cursor = Grow(ref s.Cursor, classCount);
        truthStart[..classCount].CopyTo(cursor);
        foreach (var t in truths)
        {
            byClassTruths[cursor[t.Class]++] = t;
        }

        detStart[..classCount].CopyTo(cursor);
        foreach (var d in detections)
        {
            byClassDets[cursor[d.Class]++] = d;
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
            int g = truthStart[k + 1] - truthStart[k], n = detStart[k + 1] - detStart[k];
            if (g + n == 0)
            {
                continue;
            }

            // The class's objects in file order: geometry, ignored (difficult and ignored), taken.
            var classTruths = byClassTruths.Slice(truthStart[k], g);
            var boxes = Grow(ref s.Boxes, g);
            var ignored = Grow(ref s.Ignored, g);
            var taken = Grow(ref s.Taken, g);
            taken.Clear();
            int difficult = 0, positives = 0;
            for (int i = 0; i < g; i++)
            {
                var t = classTruths[i];
                boxes[i] = t.Box;
                ignored[i] = options.IgnoreDifficult && t.Difficult;
                difficult += t.Difficult ? 1 : 0;
                positives += ignored[i] ? 0 : 1;
            }

            // The class's detections, stably sorted by descending score.
            var cellDets = byClassDets.Slice(detStart[k], n);
            var cellScores = Grow(ref s.Scores, n);
            for (int i = 0; i < n; i++)
            {
                cellScores[i] = cellDets[i].Score;
            }

            var order = Grow(ref s.Order, n);
            StableSort.ArgsortDescending(cellScores, order, Grow(ref s.SortTemp, n));
            var ranked = Grow(ref s.Ranked, n);
            for (int r = 0; r < n; r++)
            {
                ranked[r] = cellDets[order[r]].Box;
            }

            var ious = Grow(ref s.Ious, g * n);
            similarity.Fill(boxes, ranked, ious);
            record.CellCategory[cell] = k;
            record.CellStart[cell] = next;
            record.PositiveCount[cell] = positives;
            record.CellCounts[cell * 3] = g;
            record.CellCounts[(cell * 3) + 1] = difficult;
            record.CellCounts[(cell * 3) + 2] = n;
            for (int r = 0; r < n; r++)
            {
                int i = order[r];
                record.Scores[next] = cellDets[i].Score;
                record.DetectionIndex[next] = cellDets[i].Index;
                record.Flags[next] = (byte)VocMatcher.MatchColumn(ious, r, n, g, ignored, taken, options);
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

    /// <summary>Per-thread buffers (one set per geometry), so that matching an image allocates only its record.</summary>
    private sealed class Scratch<TBox>
    {
        [ThreadStatic]
        private static Scratch<TBox>? current;

        public int[] TruthCount = [];
        public int[] DetCount = [];
        public TBox[] Boxes = new TBox[16];
        public TBox[] Ranked = new TBox[64];
        public double[] Ious = new double[256];
        public bool[] Ignored = new bool[16];
        public bool[] Taken = new bool[16];
        public double[] Scores = new double[64];
        public VocTruth<TBox>[] Truths = new VocTruth<TBox>[16];
        public VocDetection<TBox>[] Detections = new VocDetection<TBox>[64];
        public int[] Cursor = [];
        public int[] Order = new int[64];
        public int[] SortTemp = new int[64];

        public static Scratch<TBox> Current => current ??= new Scratch<TBox>();

        public Span<int> Counts(ref int[] array, int n)
        {
            var span = Grow(ref array, n);
            span.Clear();
            return span;
        }
    }
}
