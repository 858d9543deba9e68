using System.CommandLine;
using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Formats.Text;
using DetEval.Formats.Voc;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval voc</c>, parsed from the command line.</summary>
internal sealed record VocSettings(
    DirectoryInfo GroundTruth,
    DirectoryInfo Results,
    FileInfo? ImageSet,
    VocOptions Options,
    string Format,
    TextBoxFormat BoxFormat,
    IReadOnlyList<string>? Classes,
    FileInfo? ImageSizes,
    FileInfo? Json,
    bool Quiet = false,
    FileInfo? StateOut = null,
    DirectoryInfo? Out = null,
    bool Plots = true,
    bool BoxFormatGiven = false,
    Shard? Shard = null,
    bool Timings = false);

/// <summary><c>deteval voc</c>: Pascal VOC evaluation at parity with the devkit's <c>voc_eval</c>.</summary>
internal static class VocCommand
{
    public static readonly Option<DirectoryInfo> GroundTruth = new("--gt") { Description = "The ground truth: a VOC root (Annotations/, ImageSets/Main/), the Annotations folder itself, or a folder of per-image text files (YOLO with --image-sizes); the layout is detected and said in the conventions line.", Required = true, HelpName = "DIR" };
    public static readonly Option<DirectoryInfo> Results = new("--dt") { Description = "The folder of per-class results files (comp4_det_test_<class>.txt or <class>.txt) or, with --format text, of per-image detection files.", Required = true, HelpName = "DIR" };
    public static readonly Option<FileInfo?> ImageSet = new("--image-set") { Description = "The image-set list (default: <gt>/ImageSets/Main/test.txt).", HelpName = "FILE" };
    public static readonly Option<string> Ap = new("--ap") { Description = "AP: 11point (VOC2007), allpoint (VOC2010+) or 101point (COCO sampling).", DefaultValueFactory = _ => "11point" };
    public static readonly Option<double> Iou = new("--iou") { Description = "IoU threshold.", HelpName = "NUMBER", DefaultValueFactory = _ => 0.5, CustomParser = ParseIouThreshold };
    public static readonly Option<string> IouCompare = new("--iou-compare") { Description = "Match if IoU is gt (greater than, the devkit) or ge (greater or equal) the threshold.", DefaultValueFactory = _ => "gt" };
    public static readonly Option<string> PixelConventionOption = new("--pixel-convention") { Description = "inclusive (+1 pixel sizes, the devkit) or continuous.", DefaultValueFactory = _ => "inclusive" };
    public static readonly Option<string> RecallLevels = new("--recall-levels") { Description = "11-point levels: numpy (k*0.1 in double, the devkit) or exact (k/10).", DefaultValueFactory = _ => "numpy" };
    public static readonly Option<bool> IgnoreDifficult = new("--ignore-difficult") { Description = "Leave difficult objects out (true, the devkit) or count them as ordinary objects (false) (default: true).", DefaultValueFactory = _ => true };
    public static readonly Option<string> Format = new("--format") { Description = "Input format: auto (detected from --gt: Annotations/ or *.xml is voc, *.txt is text), voc (XML + per-class results) or text (one file per image).", DefaultValueFactory = _ => "auto" };
    public static readonly Option<string> BoxFormat = new("--box-format") { Description = "Text format boxes: xyxy, xywh or yolo (relative cx cy w h; needs --image-sizes).", DefaultValueFactory = _ => "xyxy" };
    public static readonly Option<string?> Classes = new("--classes") { Description = "The classes to evaluate, comma-separated (default: the ground-truth names in order of appearance).", HelpName = "LIST" };
    public static readonly Option<FileInfo?> ImageSizes = new("--image-sizes") { Description = "Text format: a file of 'name width height' lines, for YOLO boxes (default: none).", HelpName = "FILE" };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the report as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the mAP line; no per-class table, no progress display (default: off)." };
    public static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Write report.json, classes.csv, pr_curves.csv and per-class AP plots (PNG and SVG) into this directory (default: not written).", HelpName = "DIR" };
    public static readonly Option<bool> NoPlots = new("--no-plots") { Description = "With --out, write the JSON and CSV reports only (default: off)." };
    public static readonly Option<Shard?> ShardOption = Cli.ShardOption.Create();
    public static readonly Option<bool> Timings = new("--timings") { Description = "Print the time each stage took to stderr (default: off)." };
    public static readonly Option<FileInfo?> StateOut = new("--state-out") { Description = "Also write the evaluation state (compact binary match records) to this file, for 'deteval merge'; give every shard the same --classes (default: not written).", HelpName = "FILE" };

    static VocCommand()
    {
        CliRunner.MustExist(GroundTruth);
        CliRunner.MustExist(Results);
        CliRunner.Input(ImageSet);
        CliRunner.Input(ImageSizes);
        CliRunner.Output(Json);
        CliRunner.Output(StateOut);
        CliRunner.OutputFolder(Out);
        Ap.AcceptOnlyFromAmong("11point", "allpoint", "101point");
        IouCompare.AcceptOnlyFromAmong("gt", "ge");
        PixelConventionOption.AcceptOnlyFromAmong("inclusive", "continuous");
        RecallLevels.AcceptOnlyFromAmong("numpy", "exact");
        Format.AcceptOnlyFromAmong("auto", "voc", "text");
        BoxFormat.AcceptOnlyFromAmong("xyxy", "xywh", "yolo");
        Classes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string text && SplitClasses(text).Length == 0)
            {
                result.AddError("--classes: expected a comma-separated list of class names");
            }
        });
    }

    public static Command Create()
    {
        var command = new Command("voc", "Evaluate detections with the Pascal VOC protocol, exactly as the devkit's voc_eval does.")
        {
            GroundTruth, Results, ImageSet, Ap, Iou, IouCompare, PixelConventionOption, RecallLevels, IgnoreDifficult,
            Format, BoxFormat, Classes, ImageSizes, Json, Quiet, StateOut, Out, NoPlots, Timings, ShardOption, ThreadsOption.Create(),
        };
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet || settings.Timings, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static VocSettings Parse(ParseResult parse)
    {
        var options = new VocOptions
        {
            IouThreshold = parse.GetValue(Iou),
            IouComparison = parse.GetValue(IouCompare) == "ge" ? IouComparison.GreaterOrEqual : IouComparison.GreaterThan,
            PixelConvention = parse.GetValue(PixelConventionOption) == "continuous" ? PixelConvention.Continuous : PixelConvention.Inclusive,
            AveragePrecisionMethod = parse.GetValue(Ap) switch
            {
                "allpoint" => AveragePrecisionMethod.AllPoint,
                "101point" => AveragePrecisionMethod.CocoInterpolated,
                _ => AveragePrecisionMethod.ElevenPoint,
            },
            ElevenPointLevels = parse.GetValue(RecallLevels) == "exact" ? ElevenPointLevels.Exact : ElevenPointLevels.Numpy,
            IgnoreDifficult = parse.GetValue(IgnoreDifficult),
        };
        return new VocSettings(
            parse.GetValue(GroundTruth)!,
            parse.GetValue(Results)!,
            parse.GetValue(ImageSet),
            options,
            parse.GetValue(Format)!,
            parse.GetValue(BoxFormat) switch
            {
                "xywh" => TextBoxFormat.Xywh,
                "yolo" => TextBoxFormat.Yolo,
                _ => TextBoxFormat.Xyxy,
            },
            parse.GetValue(Classes) is string c ? SplitClasses(c) : null,
            parse.GetValue(ImageSizes),
            parse.GetValue(Json),
            parse.GetValue(Quiet),
            parse.GetValue(StateOut),
            parse.GetValue(Out),
            !parse.GetValue(NoPlots),
            parse.GetResult(BoxFormat) is { Implicit: false },
            parse.GetValue(ShardOption),
            parse.GetValue(Timings));
    }

    public static int Run(VocSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        var clock = new StageClock(settings.Timings, stderr);
        VocDataset gt;
        VocDetectionSet dt;
        var convention = settings.Options.PixelConvention;
        string root = settings.GroundTruth.FullName;
        // The layout is detected (or taken from --format) and said in the conventions line.
        var layout = settings.Format switch
        {
            "text" => settings.BoxFormat == TextBoxFormat.Yolo ? VocLayout.Yolo : VocLayout.PerImageText,
            "voc" => Directory.Exists(Path.Combine(root, "Annotations")) ? VocLayout.VocRoot : VocLayout.AnnotationsFolder,
            _ => VocReader.DetectLayout(root, settings.ImageSizes is not null),
        };
        if (layout is VocLayout.PerImageText or VocLayout.Yolo)
        {
            var format = new TextFormatOptions
            {
                BoxFormat = layout == VocLayout.Yolo && !settings.BoxFormatGiven ? TextBoxFormat.Yolo : settings.BoxFormat,
                Classes = settings.Classes,
                ImageSizes = settings.ImageSizes is null ? null : PerImageTextReader.ReadImageSizes(settings.ImageSizes.FullName),
                PixelConvention = convention,
            };
            status("reading ground truth…");
            gt = PerImageTextReader.ReadGroundTruth(root, format);
            clock.Stage("read ground truth");
            status("reading detections…");
            dt = PerImageTextReader.ReadDetections(settings.Results.FullName, gt, format);
        }
        else
        {
            status("reading ground truth…");
            gt = VocReader.ReadGroundTruth(root, settings.ImageSet?.FullName, settings.Classes, convention);
            clock.Stage("read ground truth");
            status("reading detections…");
            dt = VocReader.ReadResults(settings.Results.FullName, gt, convention);
        }

        clock.Stage("read results");
        status("matching…");
        // One evaluator: the report and --state-out come from the same records (the image set orders tied scores).
        var evaluator = new VocEvaluator(settings.Options, gt);
        if (settings.Shard is { } shard)
        {
            // The evaluator keeps the whole image set (tied scores go by image-set position); it scores the shard only.
            gt = shard.Select(gt);
            dt = Shard.Select(dt, gt);
        }

        evaluator.Update(gt, dt);
        clock.Stage("match");
        var result = evaluator.Compute();
        clock.Stage("accumulate");
        VocReport.WriteText(result, stdout, settings.Quiet, VocReader.Describe(layout));
        var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth.ToString()), new("detections", settings.Results.ToString())] };
        WriteFiles(
            outputs, settings.Json, settings.Out, settings.Plots, settings.Quiet, settings.StateOut, result,
            s => VocJsonReport.Write(result, s),
            dir => [.. VocReport.AddDirectory(outputs, result, dir), ReportPage.Add(outputs, dir, s => HtmlReport.Write(result, s, page))],
            () => Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard),
            stderr,
            status);
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The files of a run on the VOC engine (VOC, DOTA): <c>--json</c>, <c>--out</c> (the reports, then the AP plots of
    /// <paramref name="curves"/> unless <paramref name="plots"/> is off) and <c>--state-out</c>, each written whole or not at all.
    /// </summary>
    /// <summary>
    /// Gives every output of a VOC-engine run (<c>--json</c>, <c>--out</c>'s files and plots, <c>--state-out</c>) to
    /// the run's one set and writes them, all or nothing.
    /// </summary>
    internal static void WriteFiles(
        OutputSet outputs, FileInfo? json, DirectoryInfo? outDir, bool plots, bool quiet, FileInfo? stateOut, VocResult curves,
        Action<Stream> writeJson, Func<string, IReadOnlyList<string>> addDirectory, Func<EvaluationState> snapshot,
        TextWriter stderr, Action<string> status)
    {
        if (json is not null)
        {
            outputs.SetContent(json.FullName, writeJson);
        }

        int inFolder = 0;
        if (outDir is not null)
        {
            inFolder += addDirectory(outDir.FullName).Count;
            if (plots)
            {
                inFolder += Plotting.VocPlotReport.AddDirectory(outputs, curves, outDir.FullName).Count;
            }
        }

        CliRunner.AddState(outputs, stateOut, snapshot);
        CliRunner.Finish(outputs, outDir, inFolder, quiet, stderr, status);
    }

    /// <summary>Parses the IoU threshold with invariant culture ("0.3" whatever the locale) and checks it is in [0, 1].</summary>
    internal static double ParseIouThreshold(System.CommandLine.Parsing.ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 && value <= 1)
        {
            return value;
        }

        result.AddError($"--iou: '{text}' is not a number in [0, 1]");
        return 0;
    }

    internal static string[] SplitClasses(string text) => text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
