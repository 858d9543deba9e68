using DetEval.Matching;
using DetEval.Evaluation;

namespace DetEval;

/// <summary>The VOC result of one class: its AP and its ranked precision-recall curve.</summary>
/// <remarks>
/// The arrays have one entry per detection of the class, in rank order (descending score, ties in file
/// order). Detections on difficult objects keep their point (repeating the previous counts), as in the devkit.
/// </remarks>
public sealed class VocClassResult
{
    internal VocClassResult(
        string name, long categoryId, double averagePrecision, long numPositives, int numDifficult,
        double[] scores, double[] recall, double[] precision, MatchFlag[] flags, int[] detectionIndices)
    {
        Name = name;
        CategoryId = categoryId;
        AveragePrecision = averagePrecision;
        NumPositives = numPositives;
        NumDifficult = numDifficult;
        Scores = Array.AsReadOnly(scores);
        Recall = Array.AsReadOnly(recall);
        Precision = Array.AsReadOnly(precision);
        Flags = Array.AsReadOnly(flags);
        DetectionIndices = Array.AsReadOnly(detectionIndices);
        TruePositives = flags.Count(f => f == MatchFlag.TruePositive);
        FalsePositives = flags.Count(f => f == MatchFlag.FalsePositive);
    }

    /// <summary>The same result with another AP (DOTA reports none, NaN, for a class without positives).</summary>
    internal VocClassResult WithAveragePrecision(double averagePrecision) =>
        new(Name, CategoryId, averagePrecision, NumPositives, NumDifficult, [.. Scores], [.. Recall], [.. Precision], [.. Flags], [.. DetectionIndices]);

    /// <summary>The class name.</summary>
    public string Name { get; }

    /// <summary>The category id of the class in the dataset.</summary>
    public long CategoryId { get; }

    /// <summary>The AP; NaN when undefined (no positives, all-point or 101-point).</summary>
    public double AveragePrecision { get; }

    /// <summary>The number of objects that count (<c>npos</c>: non-difficult ones unless difficult is not ignored).</summary>
    public long NumPositives { get; }

    /// <summary>The number of objects marked difficult.</summary>
    public int NumDifficult { get; }

    /// <summary>The number of detections of the class.</summary>
    public int NumDetections => Scores.Count;

    /// <summary>The number of true positives at the end of the list.</summary>
    public int TruePositives { get; }

    /// <summary>The number of false positives at the end of the list.</summary>
    public int FalsePositives { get; }

    /// <summary>The detection scores in rank order.</summary>
    public IReadOnlyList<double> Scores { get; }

    /// <summary>Cumulative recall after each detection: <c>tp / npos</c> (NaN or infinity when npos is 0).</summary>
    public IReadOnlyList<double> Recall { get; }

    /// <summary>Cumulative precision after each detection: <c>tp / max(tp + fp, eps)</c>.</summary>
    public IReadOnlyList<double> Precision { get; }

    /// <summary>What each detection is, in rank order (<see cref="MatchFlag.Ignored"/>: on a difficult object).</summary>
    public IReadOnlyList<MatchFlag> Flags { get; }

    /// <summary>
    /// Each ranked detection's position in its input: in the detection set for images recorded by a batch update
    /// (<see cref="VocEvaluation"/>, <c>deteval voc</c>), in the image's detection spans for the per-image update.
    /// </summary>
    public IReadOnlyList<int> DetectionIndices { get; }
}
