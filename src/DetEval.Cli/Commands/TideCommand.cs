using System.CommandLine;
using System.Globalization;
using DetEval.Plotting;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval tide</c>, parsed from the command line.</summary>
internal sealed record TideSettings(
    FileInfo GroundTruth,
    FileInfo Results,
    TideOptions Options,
    FileInfo? Json,
    DirectoryInfo? Out,
    bool Plots,
    FileInfo? StateOut,
    bool Quiet,
    Shard? Shard = null);

/// <summary><c>deteval tide</c>: the TIDE error breakdown, at parity with tidecv 1.0.1.</summary>
internal static class TideCommand
{
    public static readonly Option<FileInfo> GroundTruth = new("--gt") { Description = "COCO ground-truth JSON (images, categories, annotations); crowd annotations are ignore regions.", Required = true, HelpName = "FILE" };
    public static readonly Option<FileInfo> Results = new("--dt") { Description = "COCO results JSON (a list of {image_id, category_id, bbox|segmentation, score}).", Required = true, HelpName = "FILE" };
    public static readonly Option<string> IouTypeOption = new("--iou-type") { Description = "bbox (tidecv's TIDE.BOX: each result's bbox) or segm (TIDE.MASK: each result's segmentation).", DefaultValueFactory = _ => "bbox" };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write {AP50, mainErrors, specialErrors, errorCounts, classes, ...} as JSON, every value a fraction (default: not written).", HelpName = "FILE" };
    public static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Write tide.json, tide_classes.csv and the summary plots (PNG and SVG) into this directory (default: not written).", HelpName = "DIR" };
    public static readonly Option<bool> NoPlots = new("--no-plots") { Description = "With --out, write the JSON and CSV only (default: off)." };
    public static readonly Option<FileInfo?> StateOut = new("--state-out") { Description = "Also write the evaluation state (compact per-image records) to this file, for 'deteval merge' (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the AP line; no tables (default: off)." };
    public static readonly Option<Shard?> ShardOption = Cli.ShardOption.Create();

    static TideCommand()
    {
        CliRunner.MustExist(GroundTruth);
        CliRunner.MustExist(Results);
        CliRunner.Output(Json);
        CliRunner.Output(StateOut);
        CliRunner.OutputFolder(Out);
        IouTypeOption.AcceptOnlyFromAmong("bbox", "segm");
    }

    public static Command Create()
    {
        var command = new Command("tide", "Break the AP at IoU 0.5 down into TIDE's error types (Cls, Loc, Both, Dupe, Bkg, Missed; FalsePos, FalseNeg) exactly as tidecv 1.0.1 does.")
        {
            GroundTruth, Results, IouTypeOption, Json, Out, NoPlots, StateOut, Quiet, ShardOption, ThreadsOption.Create(),
        };
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static TideSettings Parse(ParseResult parse) => new(
        parse.GetValue(GroundTruth)!,
        parse.GetValue(Results)!,
        TideOptions.Tide(parse.GetValue(IouTypeOption) == "segm" ? IouType.Segm : IouType.Bbox),
        parse.GetValue(Json),
        parse.GetValue(Out),
        !parse.GetValue(NoPlots),
        parse.GetValue(StateOut),
        parse.GetValue(Quiet),
        parse.GetValue(ShardOption));

    public static int Run(TideSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        status("reading ground truth and results…");
        var (gt, dt) = CocoReader.Read(settings.GroundTruth.FullName, settings.Results.FullName, readSegmentation: settings.Options.IouType == IouType.Segm);
        status("matching…");
        var evaluator = new TideEvaluator(settings.Options, gt);
        if (settings.Shard is { } shard)
        {
            (gt, dt) = (shard.Select(gt), shard.Select(dt));
        }

        CliRunner.NameMaskSource(() => evaluator.Update(gt, dt), gt.Source, dt.Source);
        status("fixing errors…");
        var result = evaluator.Compute();
        Print(stdout, result, settings.Quiet);
        // Every output through the run's one set: checked before the inputs were read, written all or nothing.
        if (settings.Json is not null)
        {
            outputs.SetContent(settings.Json.FullName, s => TideReport.WriteJson(result, s));
        }

        int inFolder = 0;
        if (settings.Out is not null)
        {
            inFolder = AddDirectory(outputs, result, settings.Out.FullName, settings.Plots).Count;
            var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth.ToString()), new("detections", settings.Results.ToString())] };
            ReportPage.Add(outputs, settings.Out.FullName, s => HtmlReport.Write(result, s, page));
            inFolder++;
        }

        CliRunner.AddState(outputs, settings.StateOut, () => Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard));
        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr, status);

        return ExitCodes.Ok;
    }

    /// <summary>tidecv's summary tables (only the AP line when quiet).</summary>
    internal static void Print(TextWriter stdout, TideResult result, bool quiet)
    {
        var lines = TideReport.Summary(result);
        foreach (string line in quiet ? lines.Take(1) : lines)
        {
            stdout.WriteLine(line);
        }
    }

    /// <summary>The TIDE files of an output directory: the JSON and CSV, and the plots when asked.</summary>
    internal static List<string> AddDirectory(OutputSet outputs, TideResult result, string directory, bool plots)
    {
        var written = new List<string>(TideReport.AddDirectory(outputs, result, directory));
        if (plots)
        {
            written.AddRange(TidePlotReport.AddDirectory(outputs, result, directory));
        }

        return written;
    }
}
