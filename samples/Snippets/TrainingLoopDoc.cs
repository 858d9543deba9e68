// The C# blocks of docs/training-loop.md, compiled as shown: each method body is one block, verbatim.
using DetEval;

namespace Snippets;

/// <summary>docs/training-loop.md's blocks.</summary>
public static class TrainingLoopDoc
{
    /// <summary>The loop: update on several threads, compute, snapshot, write, read back, merge.</summary>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="batch">A batch of validation images.</param>
    /// <param name="stream">Where the state goes (a file, a socket).</param>
    /// <param name="other">Another worker's evaluator.</param>
    public static CocoResult Loop(DetectionDataset dataset, IEnumerable<Sample> batch, Stream stream, CocoEvaluator other)
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), dataset.Categories);
        Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            s => evaluator.Update(s.Image, s.Truths, s.Detections));  // thread-safe, any order
        CocoResult now = evaluator.Compute();                          // non-destructive, cached until the next Update
        CocoEvaluationState part = evaluator.Snapshot();               // immutable
        part.WriteTo(stream);                                          // compact binary form
        stream.Position = 0;                                           // read it back from the start
        other.Merge(CocoEvaluationState.ReadFrom(stream, "worker 2"));  // exact; an image held twice is refused
        return now;
    }

    /// <summary>Flat spans, as tensors give them.</summary>
    /// <param name="evaluator">The evaluator.</param>
    /// <param name="imageId">The image's id.</param>
    /// <param name="truthBoxes">4 numbers per ground truth.</param>
    /// <param name="truthLabels">Category id per ground truth.</param>
    /// <param name="truthCrowd">Crowd flag per ground truth.</param>
    /// <param name="truthAreas">Area per ground truth (a mask's, say).</param>
    /// <param name="detectionBoxes">4 numbers per detection.</param>
    /// <param name="detectionScores">Score per detection.</param>
    /// <param name="detectionLabels">Category id per detection.</param>
    public static void Tensors(CocoEvaluator evaluator, long imageId, double[] truthBoxes, long[] truthLabels, bool[] truthCrowd, double[] truthAreas, double[] detectionBoxes, double[] detectionScores, long[] detectionLabels)
    {
        evaluator.Update(imageId, truthBoxes, truthLabels, detectionBoxes, detectionScores, detectionLabels, BoxFormat.Xyxy,
            truthCrowd: truthCrowd, truthAreas: truthAreas);   // areas and crowd flags as in the object API
    }

    /// <summary>Grouping a results file by image for a per-image loop.</summary>
    /// <param name="evaluator">The evaluator.</param>
    public static void PerImage(CocoEvaluator evaluator)
    {
        var dataset = CocoReader.ReadGroundTruth("gt.json");
        var results = CocoReader.ReadResults("results.json", dataset);
        var truthsOf = dataset.GroundTruths.ToLookup(g => g.ImageId);
        var detectionsOf = results.ToLookup(d => d.ImageId);               // DetectionSet is a list of Detection
        foreach (var image in dataset.Images)
        {
            evaluator.Update(image, [.. truthsOf[image.Id]], [.. detectionsOf[image.Id]]);
        }
    }

    /// <summary>Rebuilding an evaluator from a state, and the same shape for VOC and SAM.</summary>
    /// <param name="path">A state file.</param>
    /// <param name="classes">The VOC classes.</param>
    /// <param name="imageSet">The VOC image set (names in order).</param>
    /// <param name="truthBoxes">Corners per object.</param>
    /// <param name="truthLabels">Class id per object.</param>
    /// <param name="truthDifficult">Difficult flag per object.</param>
    /// <param name="detectionBoxes">Corners per detection.</param>
    /// <param name="detectionScores">Score per detection.</param>
    /// <param name="detectionLabels">Class id per detection.</param>
    public static void OtherProtocols(string path, IEnumerable<Category> classes, IEnumerable<string> imageSet, double[] truthBoxes, long[] truthLabels, bool[] truthDifficult, double[] detectionBoxes, double[] detectionScores, long[] detectionLabels)
    {
        using var file = File.OpenRead(path);
        var resumed = CocoEvaluator.FromState(CocoEvaluationState.ReadFrom(file, path));  // carry on where a run stopped

        var voc = new VocEvaluator(VocOptions.Voc2007(), classes, imageSet);   // or VocOptions.Voc2010() (all-point)
        voc.Update("000032", truthBoxes, truthLabels, truthDifficult,         // corners x1 y1 x2 y2, class ids
                   detectionBoxes, detectionScores, detectionLabels);
        VocResult vocNow = voc.Compute();                                     // per-class AP and curves, mAP
        VocEvaluationState vocPart = voc.Snapshot();                          // WriteTo / ReadFrom / Merge as above

        var sam = new SamAutoEvaluator();                                     // SAM's automatic masks: AP, AR, recall
        sam.Update(SamReader.ReadSa1bGroundTruth("sa_1.json"), SamReader.ReadGeneratorFolder("amg_out/sa_1"));
        SamAutoResult samNow = sam.Compute();
        Console.WriteLine($"{resumed.ImageCount} {vocNow.MeanAveragePrecision} {vocPart.ImageCount} {samNow.Stats.AP}");
    }
}
