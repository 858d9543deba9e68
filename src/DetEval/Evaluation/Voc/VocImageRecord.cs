using DetEval.Evaluation;
using DetEval.Metrics;

namespace DetEval.Matching;

/// <summary>
/// The compact VOC match records of one image: per class present (cell), the counts of its objects and the
/// scores and outcomes of its detections in within-image rank order. No boxes are kept.
/// </summary>
internal sealed class VocImageRecord
{
    /// <summary>The image name (the key that orders images when tied scores are pooled).</summary>
    public required string Name { get; init; }

    /// <summary>Per cell: the class index.</summary>
    public required int[] CellClass { get; init; }

    /// <summary>Per cell: where its detections start in <see cref="Scores"/>; one extra entry at the end.</summary>
    public required int[] CellStart { get; init; }

    /// <summary>Per cell: the objects that count (npos).</summary>
    public required int[] Positives { get; init; }

    /// <summary>Per cell: the objects marked difficult.</summary>
    public required int[] Difficult { get; init; }

    /// <summary>The detections' scores, cell by cell, each cell in rank order.</summary>
    public required double[] Scores { get; init; }

    /// <summary>The detections' outcomes (<see cref="MatchFlag"/>), aligned with <see cref="Scores"/>.</summary>
    public required byte[] Flags { get; init; }

    /// <summary>
    /// Matches one image. Per class, the detections are stably sorted by descending score (ties keep the given
    /// order) and matched in that order with <see cref="VocMatcher.Match"/>: the same outcomes as the devkit's
    /// class-wide loop, because a detection only competes with the detections of its own image.
    /// </summary>
    /// <param name="name">The image name.</param>
    /// <param name="truths">The image's objects: corners, class index and difficult flag, in file order.</param>
    /// <param name="detections">The image's detections: corners, class index and score, in file order.</param>
    /// <param name="options">The protocol's options.</param>
    public static VocImageRecord Match(
        string name,
        ReadOnlySpan<(BoxCorners Corners, int Class, bool Difficult)> truths,
        ReadOnlySpan<(BoxCorners Corners, int Class, double Score)> detections,
        VocOptions options)
    {
        var classes = new SortedSet<int>();
        foreach (var t in truths)
        {
            classes.Add(t.Class);
        }

        foreach (var d in detections)
        {
            classes.Add(d.Class);
        }

        int cells = classes.Count;
        var cellClass = new int[cells];
        var cellStart = new int[cells + 1];
        var positives = new int[cells];
        var difficult = new int[cells];
        var scores = new double[detections.Length];
        var flags = new byte[detections.Length];
        int cell = 0, next = 0;
        var corners = new List<BoxCorners>();
        var ignored = new List<bool>();
        var cellScores = new List<double>();
        var cellCorners = new List<BoxCorners>();
        foreach (int k in classes)
        {
            corners.Clear();
            ignored.Clear();
            foreach (var t in truths)
            {
                if (t.Class == k)
                {
                    corners.Add(t.Corners);
                    bool ignore = options.IgnoreDifficult && t.Difficult;
                    ignored.Add(ignore);
                    difficult[cell] += t.Difficult ? 1 : 0;
                    positives[cell] += ignore ? 0 : 1;
                }
            }

            cellScores.Clear();
            cellCorners.Clear();
            foreach (var d in detections)
            {
                if (d.Class == k)
                {
                    cellScores.Add(d.Score);
                    cellCorners.Add(d.Corners);
                }
            }

            int[] order = StableSort.ArgsortDescending(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(cellScores));
            var taken = new bool[corners.Count];
            var truthCorners = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(corners);
            var truthIgnored = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(ignored);
            cellClass[cell] = k;
            cellStart[cell] = next;
            foreach (int i in order)
            {
                scores[next] = cellScores[i];
                flags[next] = (byte)(corners.Count == 0
                    ? MatchFlag.FalsePositive
                    : VocMatcher.Match(cellCorners[i], truthCorners, truthIgnored, taken, options));
                next++;
            }

            cell++;
        }

        cellStart[cells] = next;
        return new VocImageRecord
        {
            Name = name,
            CellClass = cellClass,
            CellStart = cellStart,
            Positives = positives,
            Difficult = difficult,
            Scores = scores,
            Flags = flags,
        };
    }
}
