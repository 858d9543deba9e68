using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval;

public sealed partial class CocoEvaluator
{
    /// <summary>
    /// Records one image from flat arrays, as a training loop holds them (e.g. copied from tensors):
    /// four numbers per box in <paramref name="format"/>, one label per box, one score per detection.
    /// </summary>
    /// <param name="imageId">The image id.</param>
    /// <param name="truthBoxes">Ground-truth boxes, 4 numbers each.</param>
    /// <param name="truthLabels">Ground-truth category ids.</param>
    /// <param name="detectionBoxes">Detection boxes, 4 numbers each.</param>
    /// <param name="detectionScores">Detection scores.</param>
    /// <param name="detectionLabels">Detection category ids.</param>
    /// <param name="format">How the four numbers describe a box.</param>
    /// <param name="truthCrowd">Crowd flags per ground truth (empty: none).</param>
    /// <exception cref="ArgumentException">A length does not match or a value is not finite; the message names the element.</exception>
    public void Update(
        long imageId,
        ReadOnlySpan<double> truthBoxes,
        ReadOnlySpan<long> truthLabels,
        ReadOnlySpan<double> detectionBoxes,
        ReadOnlySpan<double> detectionScores,
        ReadOnlySpan<long> detectionLabels,
        BoxFormat format = BoxFormat.Xyxy,
        ReadOnlySpan<bool> truthCrowd = default)
    {
        if (truthBoxes.Length != truthLabels.Length * 4)
        {
            throw new ArgumentException($"truthBoxes has {truthBoxes.Length} numbers for {truthLabels.Length} labels; expected 4 per box", nameof(truthBoxes));
        }

        if (detectionBoxes.Length != detectionLabels.Length * 4 || detectionScores.Length != detectionLabels.Length)
        {
            throw new ArgumentException($"detections: {detectionBoxes.Length} box numbers, {detectionScores.Length} scores, {detectionLabels.Length} labels; expected 4, 1 and 1 per detection", nameof(detectionBoxes));
        }

        if (!truthCrowd.IsEmpty && truthCrowd.Length != truthLabels.Length)
        {
            throw new ArgumentException($"truthCrowd has {truthCrowd.Length} flags for {truthLabels.Length} ground truths", nameof(truthCrowd));
        }

        var truths = new GroundTruth[truthLabels.Length];
        for (int g = 0; g < truths.Length; g++)
        {
            var box = ToBox(truthBoxes.Slice(g * 4, 4), format, nameof(truthBoxes), g);
            // Ids start at 1: the reference treats a match to ground-truth id 0 as no match.
            truths[g] = new GroundTruth(g + 1, imageId, truthLabels[g], box, box.Area, !truthCrowd.IsEmpty && truthCrowd[g]);
        }

        var detections = new Detection[detectionLabels.Length];
        for (int d = 0; d < detections.Length; d++)
        {
            var box = ToBox(detectionBoxes.Slice(d * 4, 4), format, nameof(detectionBoxes), d);
            if (!double.IsFinite(detectionScores[d]))
            {
                throw new ArgumentException($"detectionScores[{d}] = {detectionScores[d]} is not finite", nameof(detectionScores));
            }

            detections[d] = new Detection(imageId, detectionLabels[d], box, detectionScores[d], box.Area);
        }

        Update(imageId, truths, detections);
    }

    /// <summary>Records every image of <paramref name="dataset"/> with its detections (a batch), matching in parallel.</summary>
    /// <param name="dataset">The images and their ground truths.</param>
    /// <param name="detections">Detections on those images.</param>
    public void Update(DetectionDataset dataset, DetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        var byImage = ImageGroups.Build(dataset, detections);
        var records = new Matching.ImageMatch?[dataset.Images.Count];
        try
        {
            Parallel.For(0, dataset.Images.Count, i => records[i] = MatchOrNull(dataset.Images[i], byImage.Truths(i), byImage.Detections(i)));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions.All(x => x is DetEvalInputException))
        {
            // Bad input found while matching (a malformed mask) surfaces as itself, not wrapped by the threads.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        foreach (var record in records)
        {
            if (record is not null)
            {
                Add(record);
            }
        }
    }

    private static Box ToBox(ReadOnlySpan<double> b, BoxFormat format, string name, int index)
    {
        for (int i = 0; i < 4; i++)
        {
            if (!double.IsFinite(b[i]))
            {
                throw new ArgumentException($"{name}[{index}] has a non-finite coordinate {b[i]}", name);
            }
        }

        var box = format switch
        {
            BoxFormat.Xyxy => Box.FromCorners(b[0], b[1], b[2], b[3]),
            BoxFormat.Xywh => new Box(b[0], b[1], b[2], b[3]),
            _ => new Box(b[0] - (b[2] / 2), b[1] - (b[3] / 2), b[2], b[3]),
        };
        if (box.Width < 0 || box.Height < 0)
        {
            throw new ArgumentException($"{name}[{index}] = [{b[0]}, {b[1]}, {b[2]}, {b[3]}] has a negative width or height as {format}", name);
        }

        return box;
    }
}
