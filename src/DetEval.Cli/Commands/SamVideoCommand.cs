using System.CommandLine;
using System.Globalization;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>
/// <c>deteval sam --mode video</c>: SAM 2 video object segmentation (J, F, J&amp;F) of a prediction root against a
/// ground-truth root, read in the SA-V or DAVIS layout per video as SAM 2's <c>sav_evaluator.py</c> reads them.
/// </summary>
internal static class SamVideoCommand
{
    /// <summary>The options of <c>deteval sam</c> that mean nothing in video mode.</summary>
    public static void Validate(System.CommandLine.Parsing.CommandResult result)
    {
        if (result.GetValue(SamCommand.Mode) != "video")
        {
            return;
        }

        if (result.GetValue(SamCommand.SkipBad))
        {
            result.AddError("--skip-bad: in --mode video every refusal of the reference stops the run (exit 2)");
        }

        if (result.GetResult(SamCommand.Score) is { Implicit: false })
        {
            result.AddError("--score: masks are not ranked in --mode video");
        }
    }

    public static int Run(SamSettings settings, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        var options = SamVideoOptions.Default;
        status("listing videos…");
        var folders = SamReader.OpenVideoFolders(settings.GroundTruth, settings.Predictions);
        var evaluator = new SamVideoEvaluator(options);
        int total = folders.Videos.Count;
        evaluator.Update(folders, progress: new Progress(done => status(string.Create(CultureInfo.InvariantCulture, $"scoring videos… {done}/{total}"))));
        var result = evaluator.Compute();

        SamVideoReport.WriteTable(result, stdout, settings.Quiet);
        if (!settings.Quiet)
        {
            if (folders.GroundTruthOnly.Count > 0)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ground-truth videos without predictions ({folders.GroundTruthOnly.Count}, skipped): {string.Join(", ", folders.GroundTruthOnly)}"));
            }

            if (folders.PredictionOnly.Count > 0)
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  prediction videos without ground truth ({folders.PredictionOnly.Count}, ignored): {string.Join(", ", folders.PredictionOnly)}"));
            }
        }

        Action<Stream> json = s => SamVideoReport.WriteJson(result, options, s, folders.GroundTruthOnly, folders.PredictionOnly);
        if (settings.Json is not null)
        {
            AtomicFile.Write(settings.Json.FullName, json);
        }

        WriteOut(result, json, settings, stderr);
        if (settings.StateOut is not null)
        {
            var state = evaluator.Snapshot();
            AtomicFile.Write(settings.StateOut.FullName, state.WriteTo);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints and writes the report of merged states (<c>deteval merge</c>).</summary>
    public static void Report(SamVideoEvaluator evaluator, FileInfo? jsonFile, TextWriter stdout, bool quiet)
    {
        var result = evaluator.Compute();
        SamVideoReport.WriteTable(result, stdout, quiet);
        if (jsonFile is not null)
        {
            AtomicFile.Write(jsonFile.FullName, s => SamVideoReport.WriteJson(result, evaluator.Options, s));
        }
    }

    // Reports at once on the scoring thread (System.Progress would post to the thread pool, out of order).
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    private static void WriteOut(SamVideoResult result, Action<Stream> json, SamSettings settings, TextWriter stderr)
    {
        if (settings.Out is null)
        {
            return;
        }

        string dir = settings.Out.FullName;
        Directory.CreateDirectory(dir);
        var written = new List<string> { Path.Combine(dir, "report.json"), Path.Combine(dir, "videos.csv"), Path.Combine(dir, "objects.csv") };
        AtomicFile.Write(written[0], json);
        AtomicFile.Write(written[1], s => SamVideoReport.WriteVideosCsv(result, s));
        AtomicFile.Write(written[2], s => SamVideoReport.WriteObjectsCsv(result, s));
        if (settings.Plots)
        {
            written.AddRange(Plotting.SamVideoPlots.WriteDirectory(result, dir));
        }

        if (!settings.Quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written.Count} files to {dir}"));
        }
    }
}
