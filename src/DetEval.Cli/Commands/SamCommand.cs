using System.CommandLine;
using System.Globalization;
using DetEval.Evaluation;
using DetEval.Formats.Sam;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval sam</c>, parsed from the command line.</summary>
internal sealed record SamSettings(
    string Mode,
    string GroundTruth,
    string Predictions,
    SamScore Score,
    FileInfo? Json,
    FileInfo? Csv,
    bool SkipBad,
    bool Quiet = false,
    FileInfo? StateOut = null,
    DirectoryInfo? Out = null,
    bool Plots = true,
    Shard? Shard = null);

/// <summary><c>deteval sam</c>: Segment Anything outputs, prompted masks or automatic mask generation.</summary>
internal static class SamCommand
{
    public static readonly Option<string> Mode = new("--mode") { Description = "prompt: masks per prompt vs the prompted GT mask; auto: the automatic mask generator's masks vs all GT masks; video: SAM 2 video object segmentation J, F, J&F (SA-V or DAVIS PNG folders); concept: SAM 3 concept segmentation (cgF1) on SA-Co data.", Required = true };
    public static readonly Option<string[]> GroundTruth = new("--gt") { Description = "Ground truth: a folder of SA-1B per-image JSON files, or a COCO JSON file (categories ignored); video: the annotation root (one folder per video, SA-V or DAVIS layout); concept: an SA-Co ground-truth JSON, given once per annotator for the oracle (the first is the primary).", Required = true, HelpName = "PATH" };
    public static readonly Option<string> Predictions = new("--pred", "--dt") { Description = "The predictions (--dt as in coco and voc). auto: the generator's output folder (one folder of PNGs + metadata.csv, or one RLE JSON, per image); prompt: the prompt JSON; video: the prediction root, laid out as the ground truth; concept: a COCO results JSON (image_id = the pair).", Required = true, HelpName = "PATH" };
    public static readonly Option<string> Score = new("--score") { Description = "auto: the score ranking the masks: predicted_iou, stability or product.", DefaultValueFactory = _ => "predicted_iou" };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the report as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<FileInfo?> Csv = new("--csv") { Description = "auto: write the per-image table (image, gtMasks, predictions, meanBestIoU) as CSV to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the headline lines (prompt: mIoU, mBIoU and oracle mIoU; auto: the AP/AR lines); no progress display (default: off)." };
    public static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Write report.json, report.html and, in auto mode, images.csv and the plots (pr_curves, confidence; PNG and SVG), in concept mode phrases.csv and pairs.csv, into this directory (default: not written).", HelpName = "DIR" };
    public static readonly Option<bool> NoPlots = new("--no-plots") { Description = "With --out, write the JSON and CSV reports only (default: off)." };
    public static readonly Option<FileInfo?> StateOut = new("--state-out") { Description = "Also write the evaluation state (match records, best IoUs, prompt outcomes; no masks) to this file, for 'deteval merge' (default: not written).", HelpName = "FILE" };
    public static readonly Option<Shard?> ShardOption = Cli.ShardOption.Create();
    public static readonly Option<bool> SkipBad = new("--skip-bad") { Description = "Skip bad items (missing metadata.csv or PNG, wrong mask size, unknown gt_id) with a warning each, instead of failing (default: off)." };

    static SamCommand()
    {
        Mode.AcceptOnlyFromAmong("auto", "prompt", "video", "concept");
        Score.AcceptOnlyFromAmong("predicted_iou", "stability", "product");
        CliRunner.MustExist(GroundTruth);
        CliRunner.MustExist(Predictions);
        CliRunner.Output(Json);
        CliRunner.Output(Csv);
        CliRunner.Output(StateOut);
        CliRunner.OutputFolder(Out);
    }

    public static Command Create()
    {
        var command = new Command("sam", "Evaluate Segment Anything outputs read in SAM's own formats (prompted masks or automatic mask generation).")
        {
            Mode, GroundTruth, Predictions, Score, Json, Csv, SkipBad, Quiet, StateOut, Out, NoPlots, ShardOption, ThreadsOption.Create(),
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(Csv) is not null && result.GetValue(Mode) != "auto")
            {
                result.AddError("--csv: the per-image table is written in --mode auto only");
            }

            SamVideoCommand.Validate(result);
        });
        SamConceptCommand.Configure(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(Mode) == "concept")
            {
                var concept = SamConceptCommand.Parse(parse);
                return CliRunner.Guard(parse, concept.Quiet, (stdout, stderr, status, outputs) => SamConceptCommand.Run(concept, stdout, stderr, outputs, status));
            }

            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static SamSettings Parse(ParseResult parse) => new(
        parse.GetValue(Mode)!,
        parse.GetValue(GroundTruth)![0],
        parse.GetValue(Predictions)!,
        parse.GetValue(Score) switch
        {
            "stability" => SamScore.Stability,
            "product" => SamScore.Product,
            _ => SamScore.PredictedIou,
        },
        parse.GetValue(Json),
        parse.GetValue(Csv),
        parse.GetValue(SkipBad),
        parse.GetValue(Quiet),
        parse.GetValue(StateOut),
        parse.GetValue(Out),
        !parse.GetValue(NoPlots),
        parse.GetValue(ShardOption));

    public static int Run(SamSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        if (settings.Mode == "video")
        {
            return SamVideoCommand.Run(settings, stdout, stderr, outputs, status);
        }

        int skipped = 0;
        var input = new SamInputOptions
        {
            // auto: images partitioned by stem, and only the shard's files are read; prompt: by image id, below.
            Shard = settings.Mode == "auto" ? settings.Shard : null,
            SkipBad = settings.SkipBad,
            Skipped = e =>
            {
                skipped++;
                stderr.WriteLine("warning: skipped: " + e.Message);
            },
        };
        status("reading ground truth…");
        var truth = SamReader.ReadGroundTruth(settings.GroundTruth, input);
        if (settings.Mode == "prompt")
        {
            status("reading prompts…");
            var prompts = SamReader.ReadPrompts(settings.Predictions);
            if (settings.Shard is { } shard)
            {
                truth = [.. truth.Where(t => shard.Contains(t.Image.Id))];
                prompts = prompts with { Prompts = [.. prompts.Prompts.Where(p => shard.Contains(p.ImageId))] };
            }

            status("matching…");
            var evaluator = new SamPromptEvaluator(input);
            evaluator.AddSkipped(skipped);
            evaluator.Update(truth, prompts);
            var prompted = evaluator.Compute();
            Report(prompted, settings.Json, stdout, settings.Quiet, outputs);
            Write(outputs, null, prompted, Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard), settings, stderr);
        }
        else
        {
            status("reading generated masks…");
            var predictions = SamReader.ReadGeneratorOutput(settings.Predictions, truth, input);
            status("matching…");
            var evaluator = new SamAutoEvaluator(settings.Score, input);
            evaluator.AddSkipped(skipped);
            evaluator.Update(truth, predictions);
            var result = evaluator.Compute();
            Report(result, settings.Json, stdout, settings.Quiet, outputs);
            if (settings.Csv is not null)
            {
                outputs.SetContent(settings.Csv.FullName, s => SamCsvReport.Write(result.Images, s));
            }

            Write(outputs, result, null, Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard), settings, stderr);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints a prompt report (and gives its JSON to the run's outputs).</summary>
    internal static void Report(SamPromptResult prompted, FileInfo? json, TextWriter stdout, bool quiet, OutputSet outputs)
    {
        SamReport.WriteText(prompted, stdout, quiet);
        if (json is not null)
        {
            outputs.SetContent(json.FullName, s => SamJsonReport.Write(prompted, s));
        }
    }

    /// <summary>Prints an automatic-mask report (and gives its JSON to the run's outputs).</summary>
    internal static void Report(SamAutoResult result, FileInfo? json, TextWriter stdout, bool quiet, OutputSet outputs)
    {
        SamReport.WriteText(result, stdout, quiet);
        if (json is not null)
        {
            outputs.SetContent(json.FullName, s => SamJsonReport.Write(result, s));
        }
    }

    /// <summary>Adds --out's files and the state to the run's outputs and writes them all, all or nothing.</summary>
    private static void Write(OutputSet outputs, SamAutoResult? result, SamPromptResult? prompted, EvaluationState state, SamSettings settings, TextWriter stderr)
    {
        CliRunner.AddState(outputs, settings.StateOut, () => state);

        int inFolder = 0;
        if (settings.Out is not null)
        {
            string dir = settings.Out.FullName;
            inFolder += (result is not null ? SamReport.AddDirectory(outputs, result, dir) : SamReport.AddDirectory(outputs, prompted!, dir)).Count;
            var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth), new("predictions", settings.Predictions)] };
            ReportPage.Add(outputs, dir, s =>
            {
                if (result is not null)
                {
                    HtmlReport.Write(result, s, page);
                }
                else
                {
                    HtmlReport.Write(prompted!, s, page);
                }
            });
            inFolder++;
            if (result is not null && settings.Plots)
            {
                inFolder += Plotting.SamPlotReport.AddDirectory(outputs, result, dir).Count;
            }
        }

        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr, null);
    }
}
