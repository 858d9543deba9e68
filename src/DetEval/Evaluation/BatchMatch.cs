using DetEval.Data;
using DetEval.Formats;
using DetEval.Matching;

namespace DetEval.Evaluation;

/// <summary>
/// The batch update of the engine's evaluators: every image of a dataset matched in parallel (grouped once by
/// <see cref="ImageGroups"/>), and the first bad input by image position reported, with the file it came from.
/// </summary>
internal static class BatchMatch
{
    /// <summary>Matches image 0..n-1 with <paramref name="match"/> (null: skipped) and returns the records in image order.</summary>
    public static ImageMatch[] Run(DetectionDataset dataset, DetectionSet detections, Func<int, ImageGroups, ImageMatch?> match)
    {
        var byImage = ImageGroups.Build(dataset, detections);
        var records = new ImageMatch?[dataset.Images.Count];
        ParallelInput.For(records.Length, i =>
        {
            try
            {
                records[i] = match(i, byImage);
            }
            catch (DetEvalInputException e) when (e.File is MaskCellIou.GroundTruthSource or MaskCellIou.DetectionSource)
            {
                // A bad mask found while matching names the file it came from.
                string file = e.File == MaskCellIou.GroundTruthSource ? dataset.Source : detections.Source;
                throw file.Length == 0 ? e : new DetEvalInputException(file, e.Location, e.Problem, e);
            }
        });
        return [.. records.OfType<ImageMatch>()];
    }
}
