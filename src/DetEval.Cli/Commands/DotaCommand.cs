using System.CommandLine;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval dota</c>, parsed from the command line.</summary>
internal sealed record DotaSettings(
    DirectoryInfo GroundTruth,
    DirectoryInfo Results,
    FileInfo? ImageSet,
    DotaOptions Options,
    bool YoloObb,
    IReadOnlyList<string>? Classes,
    FileInfo? ImageSizes,
    FileInfo? Json,
    bool Quiet = false,
    FileInfo? StateOut = null,
    DirectoryInfo? Out = null,
    bool Plots = true,
    bool SkipUnlistedImages = false,
    Shard? Shard = null);

/// <summary><c>deteval dota</c>: DOTA Task1 (oriented boxes) at parity with the DOTA devkit's <c>voc_eval</c> and <c>polyiou</c>.</summary>
internal static class DotaCommand
{
    public static readonly Option<DirectoryInfo> GroundTruth = new("--gt") { Description = "The labelTxt folder (<image>.txt: x1 y1 ... x4 y4 class difficult) or, with --format yolo-obb, a folder of YOLO-OBB label files.", Required = true, HelpName = "DIR" };
    public static readonly Option<DirectoryInfo> Results = new("--dt") { Description = "The folder of Task1_<class>.txt results files (image score x1 y1 ... x4 y4) or, with --format yolo-obb, of per-image prediction files (class x1 y1 ... x4 y4 conf).", Required = true, HelpName = "DIR" };
    public static readonly Option<FileInfo?> ImageSet = new("--image-set") { Description = "The image-set list, one name per line (default: every *.txt in --gt, by name).", HelpName = "FILE" };
    public static readonly Option<string> Ap = new("--ap") { Description = "AP: 11point (the devkit's main(): use_07_metric=True) or allpoint.", DefaultValueFactory = _ => "11point" };
    public static readonly Option<double> Iou = new("--iou") { Description = "IoU threshold; a match needs a polygon IoU strictly greater.", HelpName = "NUMBER", DefaultValueFactory = _ => 0.5, CustomParser = VocCommand.ParseIouThreshold };
    public static readonly Option<string> IouMode = new("--iou-mode") { Description = "devkit (polyiou's arithmetic, to the last bit) or exact (the true IoU, rounded once; differs only where polyiou's rounding decides a match).", DefaultValueFactory = _ => "devkit" };
    public static readonly Option<string> Format = new("--format") { Description = "Input format: dota (labelTxt + Task1_<class>.txt) or yolo-obb (normalised corners per image, as ultralytics writes them; needs --image-sizes).", DefaultValueFactory = _ => "dota" };
    public static readonly Option<string?> Classes = new("--classes") { Description = "dota: the classes to evaluate, comma-separated (default: the ground-truth names plus those of the Task1_*.txt files, sorted); yolo-obb: the names of class indices 0, 1, ... (default: the indices found in the ground truth).", HelpName = "LIST" };
    public static readonly Option<FileInfo?> ImageSizes = new("--image-sizes") { Description = "yolo-obb: a file of 'name width height' lines, to turn normalised corners into pixels (default: none; yolo-obb needs it).", HelpName = "FILE" };
    public static readonly Option<FileInfo?> StateOut = new("--state-out") { Description = "Also write the evaluation state to this file, for 'deteval merge'; give every shard the same --classes (default: not written).", HelpName = "FILE" };
    // --json, --quiet, --out and --no-plots are the VOC command's options: the same files in the same forms.
    public static readonly Option<Shard?> ShardOption = Cli.ShardOption.Create();
    public static readonly Option<bool> SkipUnlistedImages = new("--skip-unlisted-images") { Description = "Skip detections of images that are not in --image-set instead of refusing them: shards of one results folder, whose states merge into exactly the report of one run (default: off)." };

    static DotaCommand()
    {
        CliRunner.MustExist(GroundTruth);
        CliRunner.MustExist(Results);
        CliRunner.Input(ImageSet);
        CliRunner.Input(ImageSizes);
        CliRunner.Output(StateOut);
        Ap.AcceptOnlyFromAmong("11point", "allpoint");
        IouMode.AcceptOnlyFromAmong("devkit", "exact");
        Format.AcceptOnlyFromAmong("dota", "yolo-obb");
        Classes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string text && VocCommand.SplitClasses(text).Length == 0)
            {
                result.AddError("--classes: expected a comma-separated list of class names");
            }
        });
    }

    public static Command Create()
    {
        var command = new Command("dota", "Evaluate oriented boxes with the DOTA Task1 protocol, exactly as the DOTA devkit's voc_eval and polyiou do.")
        {
            GroundTruth, Results, ImageSet, Ap, Iou, IouMode, Format, Classes, ImageSizes, VocCommand.Json, VocCommand.Quiet, StateOut, SkipUnlistedImages, VocCommand.Out, VocCommand.NoPlots, ShardOption, ThreadsOption.Create(),
        };
        command.Validators.Add(result =>
        {
            // From the tokens: GetValue would throw on a --format value that its own validator refuses.
            bool yolo = result.GetResult(Format)?.Tokens.Any(t => t.Value == "yolo-obb") == true;
            if (yolo && result.GetResult(ImageSizes) is null)
            {
                result.AddError("--format yolo-obb needs --image-sizes: the corners are relative to each image's size");
            }
        });
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static DotaSettings Parse(ParseResult parse) => new(
        parse.GetValue(GroundTruth)!,
        parse.GetValue(Results)!,
        parse.GetValue(ImageSet),
        new DotaOptions
        {
            IouThreshold = parse.GetValue(Iou),
            AveragePrecisionMethod = parse.GetValue(Ap) == "allpoint" ? AveragePrecisionMethod.AllPoint : AveragePrecisionMethod.ElevenPoint,
            IouMode = parse.GetValue(IouMode) == "exact" ? OrientedIouMode.Exact : OrientedIouMode.Devkit,
        },
        parse.GetValue(Format) == "yolo-obb",
        parse.GetValue(Classes) is string c ? VocCommand.SplitClasses(c) : null,
        parse.GetValue(ImageSizes),
        parse.GetValue(VocCommand.Json),
        parse.GetValue(VocCommand.Quiet),
        parse.GetValue(StateOut),
        parse.GetValue(VocCommand.Out),
        !parse.GetValue(VocCommand.NoPlots),
        parse.GetValue(SkipUnlistedImages),
        parse.GetValue(ShardOption));

    public static int Run(DotaSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        DotaDataset gt;
        DotaDetectionSet dt;
        string? imageSet = settings.ImageSet?.FullName;
        if (settings.YoloObb)
        {
            var sizes = PerImageTextReader.ReadImageSizes(settings.ImageSizes!.FullName);
            status("reading ground truth…");
            gt = YoloObbReader.ReadGroundTruth(settings.GroundTruth.FullName, sizes, imageSet, settings.Classes);
            status("reading detections…");
            dt = YoloObbReader.ReadDetections(settings.Results.FullName, gt, sizes, settings.Classes, settings.SkipUnlistedImages);
        }
        else
        {
            status("reading ground truth…");
            gt = DotaReader.ReadGroundTruth(settings.GroundTruth.FullName, imageSet, settings.Classes, settings.Results.FullName);
            status("reading detections…");
            dt = DotaReader.ReadResults(settings.Results.FullName, gt, settings.SkipUnlistedImages);
        }

        status("matching…");
        // One evaluator: the report and --state-out come from the same records.
        var evaluator = new DotaEvaluator(settings.Options, gt);
        if (settings.Shard is { } shard)
        {
            // The evaluator keeps the whole image set; the shard's detections keep their positions in the whole files.
            gt = shard.Select(gt);
            dt = Shard.Select(dt, gt);
        }

        evaluator.Update(gt, dt);
        var result = evaluator.Compute();
        DotaReport.WriteText(result, stdout, settings.Quiet);
        var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth.ToString()), new("detections", settings.Results.ToString())] };
        VocCommand.WriteFiles(
            outputs, settings.Json, settings.Out, settings.Plots, settings.Quiet, settings.StateOut, result.ToVocResult(),
            s => DotaReport.WriteJson(result, s),
            dir => [.. DotaReport.AddDirectory(outputs, result, dir), ReportPage.Add(outputs, dir, s => HtmlReport.Write(result, s, page))],
            () => Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard),
            stderr,
            status);

        return ExitCodes.Ok;
    }
}
