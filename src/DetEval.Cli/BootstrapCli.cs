using System.CommandLine;
using System.Globalization;

namespace DetEval.Cli;

/// <summary>The bootstrap options shared by <c>coco</c> and <c>compare</c> (<c>voc</c> has none yet), and the interval table they print.</summary>
internal static class BootstrapCli
{
    public static readonly Option<int?> Resamples = new("--bootstrap") { Description = "Percentile bootstrap intervals from this many resamples of the images, recomputed from the kept match records (default: none).", HelpName = "N" };
    public static readonly Option<long> Seed = new("--seed") { Description = "The bootstrap seed; the intervals depend only on it, not on the threads.", DefaultValueFactory = _ => 0 };
    public static readonly Option<double> Confidence = new("--confidence") { Description = "The coverage of each bootstrap interval, in (0, 1).", DefaultValueFactory = _ => 0.95, CustomParser = ParseConfidence };

    static BootstrapCli()
    {
        Resamples.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is int n && n < 1)
            {
                result.AddError("--bootstrap: expected a positive number of resamples");
            }
        });
    }

    /// <summary>The bootstrap options, or null when --bootstrap was not given.</summary>
    public static BootstrapOptions? Parse(ParseResult parse) => parse.GetValue(Resamples) is int n
        ? new BootstrapOptions { Resamples = n, Seed = parse.GetValue(Seed), Confidence = parse.GetValue(Confidence) }
        : null;

    /// <summary>Prints each headline number with its interval.</summary>
    public static void Print(TextWriter w, IReadOnlyList<double> values, BootstrapResult bootstrap, int images)
    {
        w.WriteLine();
        w.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bootstrap: {bootstrap.Options.Resamples} resamples of {images} images, seed {bootstrap.Options.Seed}, {bootstrap.Options.Confidence * 100:0.##}% percentile intervals"));
        for (int i = 0; i < bootstrap.Names.Count; i++)
        {
            var interval = bootstrap.Interval(bootstrap.Names[i]);
            string range = interval.IsDefined ? string.Create(CultureInfo.InvariantCulture, $"[{interval.Low:0.0000}, {interval.High:0.0000}]") : "n/a";
            w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bootstrap.Names[i],-6} {values[i],8:0.0000}  {range}"));
        }
    }

    private static double ParseConfidence(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value < 1)
        {
            return value;
        }

        result.AddError($"--confidence: '{text}' is not a number in (0, 1)");
        return 0.95;
    }
}
