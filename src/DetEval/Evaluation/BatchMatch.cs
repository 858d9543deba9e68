using System.Runtime.ExceptionServices;
using DetEval.Data;
using DetEval.Matching;

namespace DetEval.Evaluation;

/// <summary>
/// The batch update of the engine's evaluators: every image of a dataset matched in parallel, and the first bad input
/// (by image position) reported with the file it came from.
/// </summary>
internal static class BatchMatch
{
    /// <summary>Matches image 0..n-1 with <paramref name="match"/> (null: skipped) and returns the records in image order.</summary>
    public static ImageMatch[] Run(DetectionDataset dataset, DetectionSet detections, Func<int, ImageGroups, ImageMatch?> match)
    {
        var byImage = ImageGroups.Build(dataset, detections);
        int n = dataset.Images.Count;
        var records = new ImageMatch?[n];
        var errors = new DetEvalInputException?[n];
        Parallel.For(0, n, i =>
        {
            try
            {
                records[i] = match(i, byImage);
            }
            catch (DetEvalInputException e)
            {
                // A bad mask found while matching names the file it came from.
                string file = e.File switch
                {
                    MaskCellIou.GroundTruthSource when dataset.Source.Length > 0 => dataset.Source,
                    MaskCellIou.DetectionSource when detections.Source.Length > 0 => detections.Source,
                    _ => e.File,
                };
                errors[i] = file == e.File ? e : new DetEvalInputException(file, e.Location, e.Problem, e);
            }
        });
        foreach (var error in errors)
        {
            if (error is not null)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }

        return [.. records.OfType<ImageMatch>()];
    }
}
