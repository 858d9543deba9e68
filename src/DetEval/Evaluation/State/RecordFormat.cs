using DetEval.Matching;

namespace DetEval.Evaluation.State;

/// <summary>
/// The state-file form of one <see cref="ImageMatch"/>, shared by every protocol that keeps match records: the image
/// id (and, where the protocol keys images by name, the name), the cells, then the scores and the flags (and, with
/// the name, each detection's position in its input).
/// </summary>
/// <remarks>
/// Per image: id (8 bytes); optionally the name; the cell count; per cell its category index, kept detections,
/// positives per area range and the counts (ground truths, crowd or difficult ones, detections before the cut); then
/// every kept detection's score and its <c>T * A</c> match flags. Reading checks every value against the shape, so
/// a record read is one an evaluator's <c>Compute</c> can use: categories in range and ascending, counts non-negative and
/// consistent, scores finite, flags defined.
/// </remarks>
internal static class RecordFormat
{
    /// <summary>What a record must fit: the category count, thresholds, area ranges and the most kept detections per cell.</summary>
    public readonly record struct Shape(int Categories, int Thresholds, int Areas, int MaxKept);

    public static void Write(StateWriter w, ImageMatch image, bool withNameAndIndices = false)
    {
        w.WriteInt64(image.ImageId);
        if (withNameAndIndices)
        {
            w.WriteString(image.Name ?? "");
        }

        int cells = image.CellCount;
        int areas = cells == 0 ? 0 : image.PositiveCount.Length / cells;
        w.WriteInt32(cells);
        for (int c = 0; c < cells; c++)
        {
            w.WriteInt32(image.CellCategory[c]);
            w.WriteInt32(image.CellStart[c + 1] - image.CellStart[c]);
            for (int a = 0; a < areas; a++)
            {
                w.WriteInt32(image.PositiveCount[(c * areas) + a]);
            }

            w.WriteInt32(image.CellCounts[c * 3]);
            w.WriteInt32(image.CellCounts[(c * 3) + 1]);
            w.WriteInt32(image.CellCounts[(c * 3) + 2]);
        }

        foreach (double score in image.Scores)
        {
            w.WriteDouble(score);
        }

        w.WriteRaw(image.Flags);
        if (withNameAndIndices)
        {
            foreach (int index in image.DetectionIndex ?? new int[image.Scores.Length])
            {
                w.WriteInt32(index);
            }
        }
    }

    public static ImageMatch Read(StateReader r, Shape shape, bool withNameAndIndices = false)
    {
        int imageAt = r.Position;
        long imageId = r.ReadInt64();
        string? name = withNameAndIndices ? r.ReadString("image name") : null;
        int cellBytes = 4 * (5 + shape.Areas);
        int cells = r.ReadCount(cellBytes, "cells");
        var category = new int[cells];
        var start = new int[cells + 1];
        var positives = new int[cells * shape.Areas];
        var counts = new int[cells * 3];
        long total = 0;
        for (int c = 0; c < cells; c++)
        {
            int at = r.Position;
            category[c] = r.ReadInt32(c == 0 ? 0 : category[c - 1] + 1, shape.Categories - 1, "cell category");
            int kept = r.ReadInt32(0, shape.MaxKept, "kept detections");
            for (int a = 0; a < shape.Areas; a++)
            {
                positives[(c * shape.Areas) + a] = r.ReadInt32(0, int.MaxValue, "positives");
            }

            int truths = counts[c * 3] = r.ReadInt32(0, int.MaxValue, "ground truths");
            counts[(c * 3) + 1] = r.ReadInt32(0, truths, "crowd or difficult ground truths");
            counts[(c * 3) + 2] = r.ReadInt32(kept, int.MaxValue, "detections");
            for (int a = 0; a < shape.Areas; a++)
            {
                if (positives[(c * shape.Areas) + a] > truths)
                {
                    throw r.Error(at, $"cell {c} counts {positives[(c * shape.Areas) + a]} positives of {truths} ground truths");
                }
            }

            total += kept;
            start[c + 1] = (int)Math.Min(total, int.MaxValue);
        }

        int stride = shape.Thresholds * shape.Areas;
        int detAt = r.Position;
        if (total * (8 + stride + (withNameAndIndices ? 4 : 0)) > r.Remaining)
        {
            throw r.Error(detAt, $"truncated: {total} detections do not fit the {r.Remaining} bytes left");
        }

        var scores = new double[total];
        for (int d = 0; d < scores.Length; d++)
        {
            scores[d] = r.ReadFinite("score");
        }

        int flagAt = r.Position;
        var flags = r.ReadRaw(scores.Length * stride);
        for (int i = 0; i < flags.Length; i++)
        {
            if (flags[i] > (byte)MatchFlag.Ignored)
            {
                throw r.Error(flagAt + i, $"match flag {flags[i]} is not a known value");
            }
        }

        int[]? indices = null;
        if (withNameAndIndices)
        {
            indices = new int[scores.Length];
            for (int d = 0; d < indices.Length; d++)
            {
                indices[d] = r.ReadInt32(0, int.MaxValue, "detection index");
            }

            if (imageId < -1)
            {
                throw r.Error(imageAt, $"image position {imageId} is not valid");
            }
        }

        return new ImageMatch
        {
            ImageId = imageId,
            Name = name,
            DetectionIndex = indices,
            CellCategory = category,
            CellStart = start,
            Scores = scores,
            Flags = flags,
            PositiveCount = positives,
            CellCounts = counts,
        };
    }
}
