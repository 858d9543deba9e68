using System.CommandLine;
using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Formats.Coco;
using DetEval.Plotting;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval coco</c>, parsed from the command line.</summary>
internal sealed record CocoSettings(
    FileInfo GroundTruth,
    FileInfo Results,
    CocoOptions Options,
    ResultAreaSource AreaSource,
    FileInfo? Json,
    bool Quiet,
    DirectoryInfo? Out = null,
    bool Plots = true,
    bool Timings = false,
    FileInfo? StateOut = null,
    bool Strict = false,
    int MaxDetections = 50_000_000,
    bool Tide = false,
    BootstrapOptions? Bootstrap = null,
    Shard? Shard = null);

/// <summary><c>deteval coco</c>: COCO evaluation at parity with pycocotools.</summary>
internal static class CocoCommand
{
    public static readonly Option<FileInfo> GroundTruth = new("--gt") { Description = "COCO ground-truth JSON (images, categories, annotations).", Required = true, HelpName = "FILE" };
    public static readonly Option<FileInfo> Results = new("--dt") { Description = "COCO results JSON (a list of {image_id, category_id, bbox|segmentation, score}).", Required = true, HelpName = "FILE" };
    public static readonly Option<string> IouTypeOption = new("--iou-type") { Description = "What IoU is computed on: bbox, segm, boundary (Boundary AP as boundary-iou-api: min of mask and boundary IoU, ground truths' own 'ignore' honoured) or keypoints (OKS; then max dets 20 and the areas all, medium, large).", DefaultValueFactory = _ => "bbox" };
    public static readonly Option<string?> DilationRatio = new("--dilation-ratio") { Description = "With --iou-type boundary: the boundary band's width as a fraction of the image diagonal, in [0, 1] (default: 0.02, as boundary-iou-api).", HelpName = "RATIO" };
    public static readonly Option<string[]> KptSigmas = new("--kpt-sigmas") { Description = "Keypoint OKS sigmas, one per keypoint, comma-separated, used as given (default: COCO's 17 person sigmas). Repeat as ID:s1,s2,... to give one category its own.", HelpName = "LIST", Arity = ArgumentArity.ZeroOrMore };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the report as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<string?> IouThresholds = new("--iou-thresholds") { Description = "IoU thresholds, comma-separated (default: .50:.05:.95 as np.linspace).", HelpName = "LIST" };
    public static readonly Option<string?> MaxDets = new("--max-dets") { Description = "Max detections per image, comma-separated (default: 1,10,100).", HelpName = "LIST" };
    public static readonly Option<string?> AreaRanges = new("--area-ranges") { Description = "Area ranges as label=min:max, comma-separated (default: all=0:1e10,small=0:1024,medium=1024:9216,large=9216:1e10).", HelpName = "LIST" };
    public static readonly Option<bool> NoCategories = new("--no-categories") { Description = "Match across categories (useCats=0) (default: off, match within each category)." };
    public static readonly Option<string?> ImageIds = new("--image-ids") { Description = "Evaluate only these image ids, comma-separated (default: every image of --gt).", HelpName = "LIST" };
    public static readonly Option<string?> CategoryIds = new("--category-ids") { Description = "Evaluate only these category ids, comma-separated (default: every category of --gt).", HelpName = "LIST" };
    public static readonly Option<bool> HonorIgnore = new("--honor-ignore") { Description = "Fix: also ignore ground truths whose own 'ignore' flag is set (the reference overwrites it with iscrowd) (default: off for bbox and segm, as pycocotools; always on for boundary, as boundary-iou-api)." };
    public static readonly Option<bool> SummaryLastMaxDets = new("--summary-last-max-dets") { Description = "Fix: summarise AP at the last --max-dets value (the reference reads a literal 100) (default: off, as the reference)." };
    public static readonly Option<string> AreaFrom = new("--area-from") { Description = "Segm results' area: reference (the first result decides: bbox w*h if it has a bbox, else the mask) or mask.", DefaultValueFactory = _ => "reference" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the 12 summary lines; no per-category table, no progress display (default: off)." };
    public static readonly Option<FileInfo?> StateOut = new("--state-out") { Description = "Also write the evaluation state (compact binary match records) to this file, for 'deteval merge' (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Timings = new("--timings") { Description = "Print the time each stage took to stderr (default: off)." };
    public static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Write report.json, classes.csv, pr_curves.csv, confusion_matrix.csv and the plots (PNG and SVG) into this directory (default: not written).", HelpName = "DIR" };
    public static readonly Option<bool> NoPlots = new("--no-plots") { Description = "With --out, write the JSON and CSV reports only (default: off)." };
    public static readonly Option<bool> Strict = new("--strict") { Description = "Treat input warnings (xyxy-looking boxes, equal scores, categories or images without ground truth) as errors (exit 2) (default: off)." };
    public static readonly Option<Shard?> ShardOption = Cli.ShardOption.Create();
    public static readonly Option<bool> TideOption = new("--tide") { Description = "Also break AP50 down into TIDE's error types (tidecv 1.0.1) on the same files: print its tables and, with --out, write tide.json, tide_classes.csv and its plots (default: off)." };
    public static readonly Option<int?> Bootstrap = BootstrapCli.Resamples;
    public static readonly Option<long> Seed = BootstrapCli.Seed;
    public static readonly Option<double> Confidence = BootstrapCli.Confidence;
    public static readonly Option<int> MaxDetectionsRead = new("--max-detections") { Description = "The most results read from --dt; more is an input error (keeps memory bounded).", DefaultValueFactory = _ => new CocoResultsOptions().MaxDetections };

    static CocoCommand()
    {
        CliRunner.MustExist(GroundTruth);
        CliRunner.MustExist(Results);
        CliRunner.Output(Json);
        CliRunner.Output(StateOut);
        CliRunner.OutputFolder(Out);
        IouTypeOption.AcceptOnlyFromAmong("bbox", "segm", "boundary", "keypoints");
        DilationRatio.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string text && ParseRatio(text) is null)
            {
                result.AddError($"--dilation-ratio: '{text}' is not a number in [0, 1]");
            }
        });
        KptSigmas.Validators.Add(result =>
        {
            try
            {
                ParseSigmas(result.GetValueOrDefault<string[]>() ?? []);
            }
            catch (FormatException e)
            {
                result.AddError($"--kpt-sigmas: {e.Message}");
            }
        });
        AreaFrom.AcceptOnlyFromAmong("reference", "mask");
        AddListValidator(IouThresholds, s => ParseDoubles(s, 0, 1));
        AddListValidator(MaxDets, s => ParseInts(s));
        AddListValidator(AreaRanges, s => ParseAreaRanges(s));
        AddListValidator(ImageIds, s => ParseLongs(s));
        AddListValidator(CategoryIds, s => ParseLongs(s));
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
        var command = new Command("coco", "Evaluate COCO results (bbox, segm, boundary or keypoints) exactly as pycocotools COCOeval (boundary-iou-api for boundary) does.")
        {
            GroundTruth, Results, IouTypeOption, DilationRatio, KptSigmas, Json, IouThresholds, MaxDets, AreaRanges, NoCategories,
            ImageIds, CategoryIds, HonorIgnore, SummaryLastMaxDets, AreaFrom, Quiet, Out, NoPlots, Timings, StateOut,
            Strict, MaxDetectionsRead, TideOption, Bootstrap, Seed, Confidence, ShardOption, ThreadsOption.Create(),
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(DilationRatio) is not null && result.GetValue(IouTypeOption) != "boundary")
            {
                result.AddError("--dilation-ratio needs --iou-type boundary");
            }
        });
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet || settings.Timings, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static CocoSettings Parse(ParseResult parse)
    {
        var iouType = parse.GetValue(IouTypeOption) switch
        {
            "segm" => IouType.Segm,
            "boundary" => IouType.Boundary,
            "keypoints" => IouType.Keypoints,
            _ => IouType.Bbox,
        };
        var options = CocoOptions.Coco(iouType);
        if (parse.GetValue(DilationRatio) is string ratioText && ParseRatio(ratioText) is double ratio)
        {
            options = options with { DilationRatio = ratio };
        }

        if (parse.GetValue(KptSigmas) is { Length: > 0 } sigmaArgs)
        {
            var (all, byCategory) = ParseSigmas(sigmaArgs);
            options = options with { KeypointSigmas = all ?? options.KeypointSigmas, KeypointSigmasByCategory = byCategory };
        }
        if (parse.GetValue(IouThresholds) is string t)
        {
            options = options with { IouThresholds = ParseDoubles(t, 0, 1) };
        }

        if (parse.GetValue(MaxDets) is string m)
        {
            options = options with { MaxDetections = ParseInts(m) };
        }

        if (parse.GetValue(AreaRanges) is string a)
        {
            options = options with { AreaRanges = ParseAreaRanges(a) };
        }

        if (parse.GetValue(ImageIds) is string images)
        {
            options = options with { ImageIds = ParseLongs(images) };
        }

        if (parse.GetValue(CategoryIds) is string cats)
        {
            options = options with { CategoryIds = ParseLongs(cats) };
        }

        options = options with
        {
            UseCategories = !parse.GetValue(NoCategories),
            // Parity: boundary-iou-api honours the ground truths' own "ignore" field, so boundary always does.
            HonorIgnoreFlag = parse.GetValue(HonorIgnore) || iouType == IouType.Boundary,
            SummaryUsesLastMaxDetections = parse.GetValue(SummaryLastMaxDets),
        };
        return new CocoSettings(
            parse.GetValue(GroundTruth)!,
            parse.GetValue(Results)!,
            options,
            parse.GetValue(AreaFrom) == "mask" ? ResultAreaSource.Mask : ResultAreaSource.Reference,
            parse.GetValue(Json),
            parse.GetValue(Quiet),
            parse.GetValue(Out),
            !parse.GetValue(NoPlots),
            parse.GetValue(Timings),
            parse.GetValue(StateOut),
            parse.GetValue(Strict),
            parse.GetValue(MaxDetectionsRead),
            parse.GetValue(TideOption),
            BootstrapCli.Parse(parse),
            parse.GetValue(ShardOption));
    }

    public static int Run(CocoSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        var clock = new StageClock(settings.Timings, stderr);
        void Stage(string name) => clock.Stage(name);

        var resultsOptions = new CocoResultsOptions { AreaSource = settings.AreaSource, MaxDetections = settings.MaxDetections };
        bool readSegmentation = settings.Options.IouType != IouType.Bbox;
        DetectionDataset gt;
        DetectionSet? dt = null;
        CocoEvaluator? evaluator = null;
        CocoReader.StreamedResults? streamed = null;
        // Streamed when nothing after matching needs the detections themselves: each image matched as soon as its
        // results are read (CocoEvaluator.TryUpdateStreamed); read whole otherwise, or when the file does not allow it.
        if (settings.Out is null && !settings.Tide && settings.Shard is null && settings.Options.IouType != IouType.Keypoints)
        {
            // One region without collections for the ground truth and the streamed results: streaming allocates the
            // match records and a window of results, a third of what the whole-file read holds.
            gt = CliRunner.ReadWithoutCollections(CliRunner.BytesOf(settings.GroundTruth, settings.Results), () =>
            {
                status("reading ground truth…");
                var truth = CocoReader.ReadGroundTruth(settings.GroundTruth.FullName, readSegmentation);
                Stage("read ground truth");
                status("reading and matching results…");
                evaluator = NewEvaluator(settings, truth);
                streamed = evaluator.TryUpdateStreamed(truth, settings.Results.FullName, resultsOptions);
                return truth;
            });
            if (streamed is not null)
            {
                Stage("read and match results");
            }
            else
            {
                status("reading results…");
                dt = CliRunner.ReadWithoutCollections(CliRunner.BytesOf(settings.Results), () =>
                    CocoReader.ReadResults(settings.Results.FullName, gt, readSegmentation, resultsOptions));
                Stage("read results whole");
            }
        }
        else
        {
            status("reading ground truth and results…");
            (gt, dt) = CliRunner.ReadWithoutCollections(CliRunner.BytesOf(settings.GroundTruth, settings.Results), () => CocoReader.Read(
                settings.GroundTruth.FullName,
                settings.Results.FullName,
                readSegmentation,
                resultsOptions));
            Stage("read ground truth and results");
        }

        InputWarnings? warnings = null;
        if (dt is not null)
        {
            CliRunner.CollectAfterReading(dt.Count);
            warnings = Warn(settings, InputWarnings.Compute(gt, dt), gt, stderr);
            if (settings.Shard is { } shard)
            {
                (gt, dt) = (shard.Select(gt), shard.Select(dt));
            }

            evaluator ??= NewEvaluator(settings, gt);
            status("matching…");
            evaluator.Update(gt, dt);
            Stage("match");
        }

        // Streamed: the warnings (the ground truth and the results' scan) made while the accumulation runs.
        var dataset = gt;
        var streamedWarnings = streamed is { } scanned ? Parallelism.Start(() => InputWarnings.Compute(dataset, scanned.Scan)) : null;
        bool keypoints = settings.Options.IouType == IouType.Keypoints;
        status("accumulating…");
        var result = evaluator!.Compute();
        Stage("accumulate");
        warnings ??= Warn(settings, streamedWarnings!.GetAwaiter().GetResult(), gt, stderr);
        CocoReport.WriteText(result, gt.Categories, stdout, settings.Quiet);
        BootstrapResult? bootstrap = null;
        if (settings.Bootstrap is not null)
        {
            status("bootstrap…");
            bootstrap = result.Bootstrap(settings.Bootstrap);
            Stage("bootstrap");
            BootstrapCli.Print(stdout, result.Stats.ToArray(), bootstrap, result.ImageCount);
        }

        // Every output through the run's one set: checked before the inputs were read, written all or nothing.
        if (settings.Json is not null)
        {
            outputs.SetContent(settings.Json.FullName, s => CocoJsonReport.Write(result, gt.Categories, s, warnings, bootstrap: bootstrap));
        }

        TideResult? tide = null;
        if (settings.Tide)
        {
            status("TIDE…");
            var tideEvaluator = new TideEvaluator(TideOptions.Tide(settings.Options.IouType), gt);
            CliRunner.NameMaskSource(() => tideEvaluator.Update(gt, dt!), gt.Source, dt!.Source);
            tide = tideEvaluator.Compute();
            Stage("tide");
            if (!settings.Quiet)
            {
                stdout.WriteLine();
                TideCommand.Print(stdout, tide, quiet: false);
            }
        }

        CliRunner.AddState(outputs, settings.StateOut, () => Cli.ShardOption.Mark(evaluator!.Snapshot(), settings.Shard));

        int inFolder = 0;
        if (settings.Out is not null)
        {
            string dir = settings.Out.FullName;
            // A confusion matrix of boxes says nothing about keypoints: keypoints get the per-keypoint errors instead.
            inFolder += CocoReport.AddDirectory(outputs, result, gt, keypoints ? null : dt, dir, warnings: warnings, bootstrap: bootstrap).Count;
            var errors = keypoints ? KeypointErrors.Compute(settings.Options, gt, dt!) : null;
            if (errors is not null)
            {
                KeypointReport.Add(outputs, errors, dir);
                inFolder++;
            }

            Stage("write reports");
            // The header names the inputs as given on the command line (a relative path stays relative: no machine path in a shared page).
            var page = new HtmlReportOptions { Inputs = [new("ground truth", settings.GroundTruth.ToString()), new("detections", settings.Results.ToString())], Bootstrap = bootstrap, Tide = tide, KeypointErrors = errors };
            ReportPage.Add(outputs, dir, s => HtmlReport.Write(result, gt, keypoints ? null : dt, s, page));
            inFolder++;
            Stage("write report.html");
            if (settings.Plots)
            {
                inFolder += PlotReport.AddDirectory(outputs, result, gt, keypoints ? null : dt, dir).Count;
                if (errors is not null)
                {
                    inFolder += KeypointErrorPlot.Add(outputs, errors, dir).Count;
                }
            }

            if (tide is not null)
            {
                inFolder += TideCommand.AddDirectory(outputs, tide, dir, settings.Plots).Count;
            }
        }

        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr, status);

        return ExitCodes.Ok;
    }

    /// <summary>Prints the warnings (or, with --strict, fails on the first); returns them.</summary>
    private static InputWarnings Warn(CocoSettings settings, InputWarnings warnings, DetectionDataset gt, TextWriter stderr)
    {
        foreach (var warning in warnings.Items)
        {
            if (settings.Strict)
            {
                string file = warning.Kind is InputWarningKind.ImageWithoutGroundTruth ? gt.Source : settings.Results.FullName;
                throw new DetEvalInputException(file, "", warning.Message + " (--strict makes warnings errors)");
            }

            stderr.WriteLine("warning: " + warning.Message);
        }

        return warnings;
    }

    private static CocoEvaluator NewEvaluator(CocoSettings settings, DetectionDataset gt)
    {
        var evaluator = new CocoEvaluator(settings.Options, gt.Categories);
        if (settings.Json is not null || settings.Out is not null)
        {
            // The reports' per-class rows: their curves made while accumulating.
            evaluator.KeepCurveAt = new ReportOptions().F1IouThreshold;
        }

        return evaluator;
    }

    private static void AddListValidator<T>(Option<string?> option, Func<string, T> parse)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string text)
            {
                try
                {
                    parse(text);
                }
                catch (FormatException e)
                {
                    result.AddError($"{option.Name}: {e.Message}");
                }
            }
        });
    }

    internal static double[] ParseDoubles(string text, double min, double max) =>
        [.. Split(text).Select(s =>
        {
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !(v >= min && v <= max))
            {
                throw new FormatException($"'{s}' is not a number in [{min}, {max}]");
            }

            return v;
        })];

    internal static double? ParseRatio(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v >= 0 && v <= 1 ? v : null;

    /// <summary>
    /// The <c>--kpt-sigmas</c> values: a plain list for every category (at most one), or <c>ID:list</c> for one
    /// category; each sigma parsed to the nearest double and used as given.
    /// </summary>
    internal static (double[]? All, Dictionary<long, IReadOnlyList<double>>? ByCategory) ParseSigmas(IReadOnlyList<string> values)
    {
        double[]? all = null;
        Dictionary<long, IReadOnlyList<double>>? byCategory = null;
        foreach (string value in values)
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            string list = colon >= 0 ? value[(colon + 1)..] : value;
            double[] sigmas = [.. Split(list).Select(s =>
                double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && v > 0 && double.IsFinite(v)
                    ? v
                    : throw new FormatException($"'{s}' is not a positive number"))];
            if (colon < 0)
            {
                all = all is null ? sigmas : throw new FormatException("give one list for all categories at most; name a category as ID:s1,s2,...");
                continue;
            }

            if (!long.TryParse(value[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out long id))
            {
                throw new FormatException($"'{value[..colon]}' is not a category id (expected ID:s1,s2,...)");
            }

            byCategory ??= [];
            if (!byCategory.TryAdd(id, sigmas))
            {
                throw new FormatException($"category {id} is given twice");
            }
        }

        return (all, byCategory);
    }

    internal static int[] ParseInts(string text) =>
        [.. Split(text).Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= 0 ? v : throw new FormatException($"'{s}' is not a non-negative integer"))];

    internal static long[] ParseLongs(string text) =>
        [.. Split(text).Select(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : throw new FormatException($"'{s}' is not an integer id"))];

    internal static AreaRange[] ParseAreaRanges(string text) =>
        [.. Split(text).Select(s =>
        {
            int eq = s.IndexOf('=', StringComparison.Ordinal);
            string[] bounds = eq > 0 ? s[(eq + 1)..].Split(':') : [];
            if (eq <= 0 || bounds.Length != 2
                || !double.TryParse(bounds[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double lo)
                || !double.TryParse(bounds[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double hi)
                || !(lo <= hi))
            {
                throw new FormatException($"'{s}' is not label=min:max");
            }

            return new AreaRange(s[..eq], lo, hi);
        })];

    private static string[] Split(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? parts : throw new FormatException("expected a comma-separated list");
    }
}
