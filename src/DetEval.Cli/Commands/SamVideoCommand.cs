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

    public static int Run(SamSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string> status)
    {
        var options = SamVideoOptions.Default;
        status("listing videos…");
        var folders = SamReader.OpenVideoFolders(settings.GroundTruth, settings.Predictions);
        var evaluator = new SamVideoEvaluator(options);

        // Videos are partitioned by name; only the shard's folders are read.
        IReadOnlyList<string> videos = settings.Shard is { } shard ? [.. folders.Videos.Where(shard.Contains)] : folders.Videos;
        int total = videos.Count;
        evaluator.Update(folders, videos, progress: new Progress(done => status(string.Create(CultureInfo.InvariantCulture, $"scoring videos… {done}/{total}"))));
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

        // Every output through the run's one set: checked before the inputs were read, written all or nothing.
        if (settings.Json is not null)
        {
            outputs.SetContent(settings.Json.FullName, s => SamVideoReport.WriteJson(result, options, s, folders.GroundTruthOnly, folders.PredictionOnly));
        }

        CliRunner.AddState(outputs, settings.StateOut, () => Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard));

        int inFolder = 0;
        if (settings.Out is not null)
        {
            string dir = settings.Out.FullName;
            inFolder += SamVideoReport.AddDirectory(outputs, result, options, dir, folders.GroundTruthOnly, folders.PredictionOnly).Count;
            var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth), new("predictions", settings.Predictions)] };
            ReportPage.Add(outputs, dir, s => HtmlReport.Write(result, options, s, page));
            inFolder++;
            if (settings.Plots)
            {
                inFolder += Plotting.SamVideoPlots.AddDirectory(outputs, result, dir).Count;
            }
        }

        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr, status);

        return ExitCodes.Ok;
    }

    /// <summary>Prints and writes the report of merged states (<c>deteval merge</c>).</summary>
    public static void Report(SamVideoEvaluator evaluator, FileInfo? jsonFile, TextWriter stdout, bool quiet, OutputSet outputs)
    {
        var result = evaluator.Compute();
        SamVideoReport.WriteTable(result, stdout, quiet);
        if (jsonFile is not null)
        {
            outputs.SetContent(jsonFile.FullName, s => SamVideoReport.WriteJson(result, evaluator.Options, s));
        }
    }

    // Reports at once on the scoring thread (System.Progress would post to the thread pool, out of order).
    private sealed class Progress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
