using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;

namespace DetEval.Cli;

/// <summary>Plain-text tables for the terminal (invariant culture).</summary>
internal static class ConsoleTables
{
    public static void WriteCategories(TextWriter w, CocoResult result, IReadOnlyList<Category> categories)
    {
        var names = categories.ToDictionary(c => c.Id, c => c.Name);
        int width = Math.Max(8, result.Categories.Max(c => Name(names, c.CategoryId).Length));
        if (result.KeypointStats is not null)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"category".PadRight(width)}  {"AP",6} {"AP50",6} {"AP75",6} {"APm",6} {"APl",6} {"AR",6} {"numGt",6} {"numDt",7}"));
            foreach (var c in result.Categories)
            {
                var s = c.KeypointStats!;
                w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Name(names, c.CategoryId).PadRight(width)}  {F(s.AP)} {F(s.AP50)} {F(s.AP75)} {F(s.APm)} {F(s.APl)} {F(s.AR)} {c.NumGroundTruths,6} {c.NumDetections,7}"));
            }

            return;
        }

        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"category".PadRight(width)}  {"AP",6} {"AP50",6} {"AP75",6} {"APs",6} {"APm",6} {"APl",6} {"AR100",6} {"numGt",6} {"numDt",7}"));
        foreach (var c in result.Categories)
        {
            var s = c.Stats;
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Name(names, c.CategoryId).PadRight(width)}  {F(s.AP)} {F(s.AP50)} {F(s.AP75)} {F(s.APs)} {F(s.APm)} {F(s.APl)} {F(s.AR100)} {c.NumGroundTruths,6} {c.NumDetections,7}"));
        }
    }

    private static string Name(Dictionary<long, string> names, long id) => names.TryGetValue(id, out string? n) ? n : (id == -1 ? "(all)" : id.ToString(CultureInfo.InvariantCulture));

    private static string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture).PadLeft(6);
}
