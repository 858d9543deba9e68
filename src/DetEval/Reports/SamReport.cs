using System.Globalization;

namespace DetEval.Reports;

/// <summary>
/// The reports of <c>deteval sam</c>: the text for the terminal, and the report files of <c>--out</c>
/// (<c>report.json</c> in the schema of <see cref="SamJsonReport"/>, and for automatic masks <c>images.csv</c>).
/// </summary>
public static class SamReport
{
    /// <summary>The name of the JSON report.</summary>
    public const string JsonFileName = "report.json";

    /// <summary>The name of the per-image table (automatic masks).</summary>
    public const string ImagesFileName = "images.csv";

    /// <summary>
    /// Writes the prompt report: the prompt count, mIoU, mBIoU and oracle mIoU, then (unless
    /// <paramref name="quiet"/>) the fractions at the IoU thresholds and the calibration numbers; NaN prints as
    /// <c>n/a</c>.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="quiet">Only the headline lines.</param>
    public static void WriteText(SamPromptResult result, TextWriter writer, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(I($"SAM prompted segmentation: {result.Prompts} prompts") + Skipped(result.Skipped));
        writer.WriteLine($"  mIoU (top-1)        {F(result.MeanIou)}");
        writer.WriteLine($"  mBIoU (top-1)       {F(result.MeanBoundaryIou)}");
        writer.WriteLine($"  oracle mIoU         {F(result.OracleMeanIou)}");
        if (quiet)
        {
            return;
        }

        for (int i = 0; i < SamMetrics.Thresholds.Count; i++)
        {
            writer.WriteLine($"  IoU >= {SamMetrics.Key(SamMetrics.Thresholds[i]),-5}        {F(result.IouAtLeast[i])}");
        }

        writer.WriteLine($"  calibration MAE     {F(result.CalibrationMae)}");
        writer.WriteLine($"  calibration Pearson {F(result.CalibrationPearson)}");
    }

    /// <summary>
    /// Writes the automatic-mask report: the counts, the images without a partner (unless <paramref name="quiet"/>),
    /// the 12 AP/AR numbers and (unless quiet) the best-IoU mean and recalls; NaN prints as <c>n/a</c>.
    /// </summary>
    /// <param name="result">The result.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="quiet">Only the headline lines.</param>
    public static void WriteText(SamAutoResult result, TextWriter writer, bool quiet = false)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine(I($"SAM automatic mask generation: {result.Paired} paired images, {result.GroundTruthMasks} GT masks, {result.PredictedMasks} generated masks, ranked by {SamJsonReport.ScoreName(result.Score)}")
            + Skipped(result.Skipped));
        if (!quiet && result.GroundTruthWithoutPredictions.Count > 0)
        {
            writer.WriteLine(I($"  GT images without predictions ({result.GroundTruthWithoutPredictions.Count}, counted as misses): {string.Join(", ", result.GroundTruthWithoutPredictions)}"));
        }

        if (!quiet && result.UnpairedPredictions.Count > 0)
        {
            writer.WriteLine(I($"  prediction images without GT ({result.UnpairedPredictions.Count}, excluded): {string.Join(", ", result.UnpairedPredictions)}"));
        }

        double[] stats = result.Stats.ToArray();
        for (int i = 0; i < stats.Length; i++)
        {
            writer.WriteLine($"  {SamAutoStats.Names[i],-7} {F(stats[i])}");
        }

        if (quiet)
        {
            return;
        }

        writer.WriteLine($"  best IoU mean   {F(result.MeanBestIou)}");
        for (int i = 0; i < SamMetrics.Thresholds.Count; i++)
        {
            writer.WriteLine($"  recall@{SamMetrics.Key(SamMetrics.Thresholds[i]),-5}    {F(result.RecallAt[i])}");
        }
    }

    /// <summary>Writes <c>report.json</c> and <c>images.csv</c> into <paramref name="directory"/> (created if missing), all or nothing.</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(SamAutoResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Writes <c>report.json</c> into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The paths written.</returns>
    public static IReadOnlyList<string> WriteDirectory(SamPromptResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the files of <see cref="WriteDirectory(SamAutoResult, string)"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, SamAutoResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string json = Path.Combine(directory, JsonFileName), images = Path.Combine(directory, ImagesFileName);
        outputs.AddFile(json, null, s => SamJsonReport.Write(result, s));
        outputs.AddFile(images, null, s => SamCsvReport.Write(result.Images, s));
        return [json, images];
    }

    /// <summary>Adds the file of <see cref="WriteDirectory(SamPromptResult, string)"/> to a run's <paramref name="outputs"/>; returns its path.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, SamPromptResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string json = Path.Combine(directory, JsonFileName);
        outputs.AddFile(json, null, s => SamJsonReport.Write(result, s));
        return [json];
    }

    private static string Skipped(int skipped) => skipped > 0 ? I($" ({skipped} bad items skipped)") : "";

    private static string I(FormattableString text) => FormattableString.Invariant(text);

    private static string F(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
