using System.Globalization;
using CsvHelper;
using DetEval.Evaluation;

namespace DetEval.Reports;

/// <summary>Writes the per-image table of an auto-mode evaluation as CSV (CsvHelper), one row per image.</summary>
/// <remarks>Columns <c>image,gtMasks,predictions,meanBestIoU</c>; numbers in invariant culture, round-trip;
/// <c>meanBestIoU</c> is empty for a prediction image without ground truth. Sort by it to find the worst images.</remarks>
public static class SamCsvReport
{
    /// <summary>The header columns.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["image", "gtMasks", "predictions", "meanBestIoU"];

    /// <summary>Writes the table.</summary>
    /// <param name="rows">The rows, for example <see cref="SamAutoResult.Images"/>.</param>
    /// <param name="stream">Where to write UTF-8 CSV.</param>
    public static void Write(IReadOnlyList<SamImageRow> rows, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var options = new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\n" };
        using CsvWriter csv = CsvWriter.Create(stream, options, true);
        csv.WriteHeader([.. Columns]);
        foreach (SamImageRow row in rows)
        {
            csv.WriteField(row.Stem);
            csv.WriteField(row.GroundTruthMasks.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(row.Predictions.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(double.IsFinite(row.MeanBestIou) ? row.MeanBestIou.ToString("R", CultureInfo.InvariantCulture) : "");
            csv.EndRecord();
        }

        csv.Flush();
    }
}
