// The C# blocks of docs/architecture.md, docs/sam.md and docs/dota.md, compiled as shown.
using DetEval;

namespace Snippets;

/// <summary>The blocks of the architecture, SAM and DOTA pages.</summary>
public static class OtherDocs
{
    /// <summary>docs/architecture.md: the evaluator contract.</summary>
    /// <param name="gt">The ground truth.</param>
    /// <param name="image">An image.</param>
    /// <param name="truths">Its ground truths.</param>
    /// <param name="detections">Its detections.</param>
    /// <param name="otherPart">Another shard's state.</param>
    public static void Contract(DetectionDataset gt, ImageInfo image, GroundTruth[] truths, Detection[] detections, CocoEvaluationState otherPart)
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Bbox), gt.Categories);
        evaluator.Update(image, truths, detections);    // thread-safe, any order; each image once
        CocoEvaluationState part = evaluator.Snapshot(); // immutable; part.ToArray() / EvaluationState.FromBytes(...)
        evaluator.Merge(otherPart);                     // exact; refuses an image seen twice, other options or dataset
        CocoResult result = evaluator.Compute();        // non-destructive, cached until the next change (version counter)
        evaluator.Reset();
        var again = CocoEvaluator.FromState(part);      // rebuild from a state
        Console.WriteLine($"{result.Stats.AP} {again.ImageCount}");
    }

    /// <summary>docs/sam.md: SAM 2 video from code.</summary>
    /// <param name="gtRoot">The ground-truth folder.</param>
    /// <param name="predRoot">The predictions folder.</param>
    /// <param name="myShareOfTheVideos">This shard's videos.</param>
    public static void SamVideo(string gtRoot, string predRoot, IReadOnlyList<string> myShareOfTheVideos)
    {
        SamVideoResult result = SamVideoEvaluation.Evaluate("sav_val/Annotations_6fps", "pred/");

        var folders = SamReader.OpenVideoFolders(gtRoot, predRoot);
        var evaluator = new SamVideoEvaluator();
        evaluator.Update(folders, myShareOfTheVideos);          // or Update(SamVideo) with frames from memory
        byte[] state = evaluator.Snapshot().ToArray();          // merge elsewhere: other.Merge((SamVideoEvaluationState)EvaluationState.FromBytes(state, "shard"))
        Console.WriteLine($"{result.ObjectCount} {state.Length}");
    }

    /// <summary>docs/dota.md: DOTA from code.</summary>
    /// <param name="classes">The classes.</param>
    /// <param name="imageName">An image.</param>
    /// <param name="truthQuads">8 numbers per object.</param>
    /// <param name="truthLabels">Class id per object.</param>
    /// <param name="truthDifficult">Difficult flag per object.</param>
    /// <param name="detectionQuads">8 numbers per detection.</param>
    /// <param name="scores">Score per detection.</param>
    /// <param name="labels">Class id per detection.</param>
    public static void Dota(IEnumerable<Category> classes, string imageName, double[] truthQuads, long[] truthLabels, bool[] truthDifficult, double[] detectionQuads, double[] scores, long[] labels)
    {
        var gt = DotaReader.ReadGroundTruth("labelTxt", "valset.txt", resultsDirectory: "results");
        var dt = DotaReader.ReadResults("results", gt);
        DotaResult result = DotaEvaluation.Evaluate(gt, dt, DotaOptions.Dota());   // or new DotaOptions { AveragePrecisionMethod = AllPoint }
        Console.WriteLine(result.MeanAveragePrecision);

        // A training loop: 8 numbers per quad, thread-safe, mergeable (DotaEvaluationState on the one state format).
        var evaluator = new DotaEvaluator(DotaOptions.Dota(), classes);
        evaluator.Update(imageName, truthQuads, truthLabels, truthDifficult, detectionQuads, scores, labels);
        DotaResult now = evaluator.Compute();
        Console.WriteLine(now.MeanAveragePrecision);
    }
}
