using System.CommandLine;
using System.Globalization;
using DetEval.Plotting;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval lvis</c>, parsed from the command line.</summary>
internal sealed record LvisSettings(
    FileInfo GroundTruth,
    FileInfo Results,
    LvisOptions Options,
    FileInfo? Json,
    bool Quiet,
    DirectoryInfo? Out = null,
    bool Plots = true,
    FileInfo? StateOut = null,
    int MaxDetections = 50_000_000,
    Shard? Shard = null);

/// <summary><c>deteval lvis</c>: LVIS federated evaluation at parity with lvis-api.</summary>
internal static class LvisCommand
{
    public static readonly Option<FileInfo> GroundTruth = new("--gt") { Description = "LVIS ground-truth JSON (images with neg_category_ids and not_exhaustive_category_ids, categories with frequency, annotations).", Required = true, HelpName = "FILE" };
    public static readonly Option<FileInfo> Results = new("--dt") { Description = "LVIS results JSON (a list of {image_id, category_id, bbox|segmentation, score}).", Required = true, HelpName = "FILE" };
    public static readonly Option<string> IouTypeOption = new("--iou-type") { Description = "What IoU is computed on: bbox or segm.", DefaultValueFactory = _ => "segm" };
    public static readonly Option<int> MaxDets = new("--max-dets") { Description = "Results kept per image over all categories, before any filter (-1: no cap).", DefaultValueFactory = _ => 300 };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the report as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Write report.json, classes.csv, pr_curves.csv, frequency_groups.csv and the plots (PNG and SVG) into this directory (default: not written).", HelpName = "DIR" };
    public static readonly Option<bool> NoPlots = new("--no-plots") { Description = "With --out, write the JSON and CSV reports only (default: off; with many categories the per-class plots take a while)." };
    public static readonly Option<FileInfo?> StateOut = new("--state-out") { Description = "Also write the evaluation state (compact match records) to this file, for 'deteval merge' (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the 13 result lines; no group table, no progress display (default: off)." };
    public static readonly Option<Shard?> ShardOption = Cli.ShardOption.Create();
    public static readonly Option<int> MaxDetectionsRead = new("--max-detections") { Description = "The most results read from --dt; more is an input error (keeps memory bounded).", DefaultValueFactory = _ => 50_000_000 };

    static LvisCommand()
    {
        CliRunner.MustExist(GroundTruth);
        CliRunner.MustExist(Results);
        CliRunner.Output(Json);
        CliRunner.Output(StateOut);
        CliRunner.OutputFolder(Out);
        IouTypeOption.AcceptOnlyFromAmong("bbox", "segm");
        MaxDets.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < -1)
            {
                result.AddError("--max-dets: expected a non-negative integer, or -1 for no cap");
            }
        });
        MaxDetectionsRead.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
            {
                result.AddError("--max-detections: expected a positive integer");
            }
        });
    }

    public static Command Create()
    {
        var command = new Command("lvis", "Evaluate LVIS results (bbox or segm) exactly as lvis-api's LVISEval does (federated: APr, APc, APf).")
        {
            GroundTruth, Results, IouTypeOption, MaxDets, Json, Out, NoPlots, StateOut, Quiet, MaxDetectionsRead, ShardOption, ThreadsOption.Create(),
        };
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static LvisSettings Parse(ParseResult parse)
    {
        var options = LvisOptions.Lvis(parse.GetValue(IouTypeOption) == "bbox" ? IouType.Bbox : IouType.Segm) with
        {
            MaxDetectionsPerImage = parse.GetValue(MaxDets),
        };
        return new LvisSettings(
            parse.GetValue(GroundTruth)!,
            parse.GetValue(Results)!,
            options,
            parse.GetValue(Json),
            parse.GetValue(Quiet),
            parse.GetValue(Out),
            !parse.GetValue(NoPlots),
            parse.GetValue(StateOut),
            parse.GetValue(MaxDetectionsRead),
            parse.GetValue(ShardOption));
    }

    public static int Run(LvisSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        status("reading ground truth…");
        var gtTask = Task.Run(() => LvisReader.ReadGroundTruth(settings.GroundTruth.FullName, readSegmentation: settings.Options.IouType == IouType.Segm));
        var gt = gtTask.GetAwaiter().GetResult();
        status("reading results…");
        var dt = LvisReader.ReadResults(settings.Results.FullName, gt, settings.Options, settings.MaxDetections);
        if (settings.Shard is { } shard)
        {
            (gt, dt) = (shard.Select(gt), shard.Select(dt));
        }

        var evaluator = new LvisEvaluator(settings.Options, gt.Categories);
        status("matching…");
        evaluator.Update(gt, dt);

        status("accumulating…");
        var result = evaluator.Compute();
        // Every output through the run's one set: checked before the inputs were read, written all or nothing.
        Report(result, settings.Json, stdout, settings.Quiet, outputs);
        CliRunner.AddState(outputs, settings.StateOut, () => Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard));

        int inFolder = 0;
        if (settings.Out is not null)
        {
            string dir = settings.Out.FullName;
            inFolder += LvisReport.AddDirectory(outputs, result, dir).Count;
            var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth.ToString()), new("detections", settings.Results.ToString())] };
            ReportPage.Add(outputs, dir, s => HtmlReport.Write(result, s, page));
            inFolder++;
            if (settings.Plots)
            {
                inFolder += PlotReport.AddDirectory(outputs, result.Coco, new DetectionDataset(gt.Dataset.Images, LvisReport.Categories(result), [], gt.Dataset.Source), null, dir).Count;
            }
        }

        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr, status);

        return ExitCodes.Ok;
    }

    /// <summary>Prints the 13 lines (and, unless quiet, the frequency groups) and writes <paramref name="json"/> when given.</summary>
    internal static void Report(LvisResult result, FileInfo? json, TextWriter stdout, bool quiet, OutputSet outputs)
    {
        stdout.Write(LvisReport.Format(result));
        if (!quiet)
        {
            stdout.WriteLine();
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"group",-6} {"classes",8} {"with gt",8} {"numGt",8} {"numDt",9} {"AP",7}"));
            foreach (var row in LvisReport.FrequencyGroups(result))
            {
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Group,-6} {row.Categories,8} {row.CategoriesWithGroundTruth,8} {row.GroundTruths,8} {row.Detections,9} {row.AP,7:0.000}"));
            }
        }

        if (json is not null)
        {
            outputs.SetContent(json.FullName, s => LvisReport.WriteJson(result, s));
        }
    }
}
