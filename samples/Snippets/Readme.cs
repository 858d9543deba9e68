// The C# blocks of README.md, compiled as shown: each method body between the markers is one block, verbatim.
using DetEval;

namespace Snippets;

/// <summary>README.md's library blocks.</summary>
public static class Readme
{
    /// <summary>"Library": a COCO run from files.</summary>
    public static void Library()
    {
        var gt = CocoReader.ReadGroundTruth("gt.json");
        var dt = CocoReader.ReadResults("results.json", gt);
        CocoResult result = CocoEvaluation.Evaluate(gt, dt, CocoOptions.Coco(IouType.Bbox));
        Console.WriteLine(result.Stats.AP);
    }

    /// <summary>"In a training loop".</summary>
    /// <param name="gt">The ground truth.</param>
    /// <param name="batches">The validation images with their truths and detections.</param>
    /// <param name="other">Another worker's evaluator.</param>
    public static void TrainingLoop(DetectionDataset gt, IEnumerable<Sample> batches, CocoEvaluator other)
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), gt.Categories);
        Parallel.ForEach(batches, b => evaluator.Update(b.Image, b.Truths, b.Detections)); // or flat spans from tensors
        CocoEvaluationState part = evaluator.Snapshot();   // WriteTo(stream) / CocoEvaluationState.ReadFrom(stream)
        other.Merge(part);                                 // rejects an image seen twice
        CocoResult result = evaluator.Compute();           // non-destructive, cached until the next Update
        Console.WriteLine(result.Stats.AP);
    }
}

/// <summary>One validation image with its ground truth and the model's detections.</summary>
/// <param name="Image">The image.</param>
/// <param name="Truths">Its ground truths.</param>
/// <param name="Detections">Its detections.</param>
public sealed record Sample(ImageInfo Image, GroundTruth[] Truths, Detection[] Detections);
