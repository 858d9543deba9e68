using DetEval.Evaluation.State;

namespace DetEval.Matching;

/// <summary>
/// One <see cref="ImageMatch"/> in a state payload: the image id, the cell arrays, the scores and the flags, each
/// read back with every size and value checked (a damaged record is refused with the byte where it was found).
/// </summary>
internal static class ImageMatchFormat
{
    public static void Write(StateWriter w, ImageMatch image)
    {
        w.WriteInt64(image.ImageId);
        w.WriteInts(image.CellCategory);
        w.WriteInts(image.CellStart);
        w.WriteInts(image.PositiveCount);
        w.WriteInts(image.CellCounts);
        w.WriteDoubles(image.Scores);
        w.WriteBytes(image.Flags);
    }

    /// <param name="r">The payload.</param>
    /// <param name="categoryCount">The number of evaluated categories (cells name one each, ascending).</param>
    /// <param name="areaCount">Area ranges per detection.</param>
    /// <param name="thresholdCount">IoU thresholds per detection and area range.</param>
    public static ImageMatch Read(StateReader r, int categoryCount, int areaCount, int thresholdCount)
    {
        int at = r.Position;
        long imageId = r.ReadInt64();
        var cellCategory = r.ReadInts("cell categories");
        var cellStart = r.ReadInts("cell starts");
        var positives = r.ReadInts("positive counts");
        var cellCounts = r.ReadInts("cell counts");
        var scores = r.ReadFiniteDoubles("scores");
        int flagsAt = r.Position;
        var flags = r.ReadBytes("match flags");
        int cells = cellCategory.Length;
        if (cellStart.Length != cells + 1 || positives.Length != cells * areaCount || cellCounts.Length != cells * 3
            || flags.Length != scores.Length * areaCount * thresholdCount || cellStart[0] != 0 || cellStart[cells] != scores.Length)
        {
            throw r.Error(at, $"image {imageId}: the record's sizes do not agree");
        }

        for (int c = 0; c < cells; c++)
        {
            if (cellCategory[c] < 0 || cellCategory[c] >= categoryCount || (c > 0 && cellCategory[c] <= cellCategory[c - 1])
                || cellStart[c + 1] < cellStart[c])
            {
                throw r.Error(at, $"image {imageId}: cell {c} names category index {cellCategory[c]} or starts at {cellStart[c + 1]} out of order");
            }
        }

        if (positives.Any(p => p < 0) || cellCounts.Any(n => n < 0))
        {
            throw r.Error(at, $"image {imageId}: a negative count");
        }

        int bad = Array.FindIndex(flags, f => f > (byte)MatchFlag.Ignored);
        if (bad >= 0)
        {
            throw r.Error(flagsAt + 4 + bad, $"image {imageId}: match flag {flags[bad]} is not 0, 1 or 2");
        }

        return new ImageMatch
        {
            ImageId = imageId,
            CellCategory = cellCategory,
            CellStart = cellStart,
            Scores = scores,
            Flags = flags,
            PositiveCount = positives,
            CellCounts = cellCounts,
        };
    }
}
