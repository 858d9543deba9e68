using System.Runtime.ExceptionServices;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Matching;

namespace DetEval;

public sealed partial class CocoEvaluator
{
    /// <summary>
    /// Records one image from flat arrays, as a training loop holds them (e.g. copied from tensors):
    /// four numbers per box in <paramref name="format"/>, one label per box, one score per detection, and
    /// optionally everything else the object form takes (areas, crowd and ignore flags).
    /// </summary>
    /// <param name="imageId">The image id.</param>
    /// <param name="truthBoxes">Ground-truth boxes, 4 numbers each.</param>
    /// <param name="truthLabels">Ground-truth category ids.</param>
    /// <param name="detectionBoxes">Detection boxes, 4 numbers each.</param>
    /// <param name="detectionScores">Detection scores.</param>
    /// <param name="detectionLabels">Detection category ids.</param>
    /// <param name="format">How the four numbers describe a box.</param>
    /// <param name="truthCrowd">Crowd flags per ground truth (empty: none).</param>
    /// <param name="truthAreas">The area of each ground truth that the area ranges test (COCO's <c>area</c>, e.g. a
    /// mask's pixel count; empty: the box areas).</param>
    /// <param name="truthIgnore">Ignore flags per ground truth, used with <see cref="CocoOptions.HonorIgnoreFlag"/>
    /// (empty: none).</param>
    /// <param name="detectionAreas">The area of each detection that the area ranges test (empty: the box areas).</param>
    /// <exception cref="ArgumentException">A length does not match or a value is not finite; the message and the
    /// parameter name the element.</exception>
    /// <exception cref="InvalidOperationException">The image was recorded before.</exception>
    public void Update(
        long imageId,
        ReadOnlySpan<double> truthBoxes,
        ReadOnlySpan<long> truthLabels,
        ReadOnlySpan<double> detectionBoxes,
        ReadOnlySpan<double> detectionScores,
        ReadOnlySpan<long> detectionLabels,
        BoxFormat format = BoxFormat.Xyxy,
        ReadOnlySpan<bool> truthCrowd = default,
        ReadOnlySpan<double> truthAreas = default,
        ReadOnlySpan<bool> truthIgnore = default,
        ReadOnlySpan<double> detectionAreas = default)
    {
        if (Options.IouType != IouType.Bbox)
        {
            throw new InvalidOperationException($"the flat-span Update takes boxes, but this evaluator computes {Options.IouType} IoU; use Update(ImageInfo, truths, detections) with masks");
        }

        int truthCount = truthLabels.Length, detCount = detectionLabels.Length;
        CheckLength(truthBoxes.Length, truthCount * 4, nameof(truthBoxes), "numbers for", truthCount, "ground-truth labels (4 per box)");
        CheckOptionalLength(truthCrowd.Length, truthCount, nameof(truthCrowd), "flags");
        CheckOptionalLength(truthAreas.Length, truthCount, nameof(truthAreas), "areas");
        CheckOptionalLength(truthIgnore.Length, truthCount, nameof(truthIgnore), "flags");
        CheckLength(detectionBoxes.Length, detCount * 4, nameof(detectionBoxes), "numbers for", detCount, "detection labels (4 per box)");
        CheckLength(detectionScores.Length, detCount, nameof(detectionScores), "scores for", detCount, "detection labels");
        CheckOptionalLength(detectionAreas.Length, detCount, nameof(detectionAreas), "areas");

        var truths = new GroundTruth[truthCount];
        for (int g = 0; g < truths.Length; g++)
        {
            var box = ToBox(truthBoxes.Slice(g * 4, 4), format, nameof(truthBoxes), g);
            double area = truthAreas.IsEmpty ? box.Area : Finite(truthAreas[g], nameof(truthAreas), g);
            // Ids start at 1: the reference treats a match to ground-truth id 0 as no match.
            truths[g] = new GroundTruth(g + 1, imageId, truthLabels[g], box, area, !truthCrowd.IsEmpty && truthCrowd[g], !truthIgnore.IsEmpty && truthIgnore[g]);
        }

        var detections = new Detection[detCount];
        for (int d = 0; d < detections.Length; d++)
        {
            var box = ToBox(detectionBoxes.Slice(d * 4, 4), format, nameof(detectionBoxes), d);
            double score = Finite(detectionScores[d], nameof(detectionScores), d);
            double area = detectionAreas.IsEmpty ? box.Area : Finite(detectionAreas[d], nameof(detectionAreas), d);
            detections[d] = new Detection(imageId, detectionLabels[d], box, score, area);
        }

        Update(imageId, truths, detections);
    }

    /// <summary>
    /// Records every image of <paramref name="dataset"/> with its detections (a batch), matching in parallel. Bad
    /// input found while matching (a malformed mask) is reported for the lowest image position, whatever the threads.
    /// </summary>
    /// <param name="dataset">The images and their ground truths.</param>
    /// <param name="detections">Detections on those images.</param>
    /// <exception cref="DetEvalInputException">A detection is on an image that is not in the dataset, a mask is malformed, or (keypoints) an
    /// annotation or result has another keypoint count than its category's sigmas.</exception>
    /// <exception cref="InvalidOperationException">An image was recorded before.</exception>
    public void Update(DetectionDataset dataset, DetectionSet detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(detections);
        if (Options.IouType == IouType.Keypoints)
        {
            KeypointInputs.CheckDataset(context, dataset, detections);
        }

        var records = BatchMatch.Run(dataset, detections, (i, byImage) => MatchOrNull(dataset.Images[i], byImage.Truths(i), byImage.Detections(i)));
        images.AddAll(records, static id => $"image {id} was already recorded");
    }

    /// <summary>
    /// Records every image of <paramref name="dataset"/> with its results from a COCO results file read image by image
    /// (<see cref="CocoReader.TryStreamResults"/>): each image is matched as soon as its results are read, so memory
    /// holds a window of results, not the file. Null, with nothing recorded, where the file cannot be read so (its
    /// results apart, bad input, keypoints): read it whole and use <see cref="Update(DetectionDataset, DetectionSet)"/>.
    /// </summary>
    internal CocoReader.StreamedResults? TryUpdateStreamed(DetectionDataset dataset, string resultsPath, CocoResultsOptions options)
    {
        if (Options.IouType == IouType.Keypoints)
        {
            return null; // the keypoint checks take the whole set
        }

        ImageGroups truths = null!;
        var records = new ImageMatch?[dataset.Images.Count];
        var streamed = CocoReader.TryStreamResults(
            resultsPath,
            dataset,
            Options.IouType != IouType.Bbox,
            options,
            (i, image, detections) => records[i] = MatchOrNull(image, truths.Truths(i), detections),
            prepare: () => truths = ImageGroups.Build(dataset, new DetectionSet([], 0, resultsPath)));
        if (streamed is null)
        {
            return null;
        }

        // The images without results: their ground truths are misses.
        Parallel.For(0, records.Length, Parallelism.Options, i =>
        {
            if (!streamed.HasResults[i])
            {
                records[i] = MatchOrNull(dataset.Images[i], truths.Truths(i), []);
            }
        });
        images.AddAll([.. records.OfType<ImageMatch>()], static id => $"image {id} was already recorded");
        return streamed;
    }

    private static void CheckLength(int actual, int expected, string name, string what, int count, string per)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} {what} {count} {per}; expected {expected}", name);
        }
    }

    private static void CheckOptionalLength(int actual, int expected, string name, string what)
    {
        if (actual != 0 && actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} {what} for {expected} boxes (give one per box, or none)", name);
        }
    }

    private static double Finite(double value, string name, int index) =>
        double.IsFinite(value) ? value : throw new ArgumentException($"{name}[{index}] = {value} is not finite", name);

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
