using System.CommandLine;
using System.Globalization;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval compare</c>: two results files on one ground truth, or two states.</summary>
internal sealed record CompareSettings(
    FileInfo? GroundTruth,
    IReadOnlyList<FileInfo> Results,
    IReadOnlyList<FileInfo> States,
    IouType IouType,
    BootstrapOptions? Bootstrap,
    FileInfo? Json,
    DirectoryInfo? Out,
    bool Quiet);

/// <summary><c>deteval compare</c>: model B against model A on the same images, with paired bootstrap intervals.</summary>
internal static class CompareCommand
{
    public static readonly Argument<FileInfo[]> States = new("STATE") { Description = "Or two COCO evaluation states (from 'deteval coco --state-out') of the same options and dataset: A then B.", Arity = new ArgumentArity(0, 2) };
    public static readonly Option<FileInfo?> GroundTruth = new("--gt") { Description = "COCO ground-truth JSON both models are evaluated on (default: none; needed unless two states are given).", HelpName = "FILE" };
    public static readonly Option<FileInfo[]> Results = new("--dt") { Description = "A results JSON; give it twice: model A, then model B (default: none; needed with --gt).", HelpName = "FILE", Arity = ArgumentArity.OneOrMore };
    public static readonly Option<string> IouTypeOption = new("--iou-type") { Description = "bbox or segm.", DefaultValueFactory = _ => "bbox" };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the comparison as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<DirectoryInfo?> Out = new("--out", "-o") { Description = "Write comparison.json and comparison_classes.csv into this directory (default: not written).", HelpName = "DIR" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the 12 stats compared; no per-class table (default: off)." };

    static CompareCommand()
    {
        CliRunner.MustExist(GroundTruth);
        CliRunner.Input(States);
        CliRunner.Input(Results);
        CliRunner.Output(Json);
        CliRunner.OutputFolder(Out);
        IouTypeOption.AcceptOnlyFromAmong("bbox", "segm");
    }

    public static Command Create()
    {
        var command = new Command("compare", "Compare model B with model A on the same images: B - A for every COCO stat, overall and per class, with paired bootstrap intervals (--bootstrap N) and the share of resamples in which B wins.")
        {
            States, GroundTruth, Results, IouTypeOption, BootstrapCli.Resamples, BootstrapCli.Seed, BootstrapCli.Confidence, Json, Out, Quiet,
        };
        command.Validators.Add(result =>
        {
            int states = result.GetValue(States)?.Length ?? 0;
            int results = result.GetValue(Results)?.Length ?? 0;
            bool files = result.GetValue(GroundTruth) is not null || results > 0;
            if (states > 0 && files)
            {
                result.AddError("give either two states or --gt with two --dt, not both");
            }
            else if (states == 0 && (result.GetValue(GroundTruth) is null || results != 2))
            {
                result.AddError("expected --gt GT.json --dt A.json --dt B.json, or two states A.state B.state");
            }
            else if (states is 1)
            {
                result.AddError("expected two states: A.state B.state");
            }
        });
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static CompareSettings Parse(ParseResult parse) => new(
        parse.GetValue(GroundTruth),
        parse.GetValue(Results) ?? [],
        parse.GetValue(States) ?? [],
        parse.GetValue(IouTypeOption) == "segm" ? IouType.Segm : IouType.Bbox,
        BootstrapCli.Parse(parse),
        parse.GetValue(Json),
        parse.GetValue(Out),
        parse.GetValue(Quiet));

    public static int Run(CompareSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        CocoResult a, b;
        IReadOnlyList<Category> categories;
        (string A, string B) names;
        if (settings.States.Count == 2)
        {
            names = (settings.States[0].Name, settings.States[1].Name);
            status("reading the states…");
            var (x, y) = (ReadState(settings.States[0]), ReadState(settings.States[1]));
            if (!x.IsCompatibleWith(y, out string why))
            {
                throw new DetEvalInputException(settings.States[1].FullName, "", $"cannot be compared with {settings.States[0].Name}: {why}");
            }

            categories = [.. x.CategoryIds.Where(x.CategoryNames.ContainsKey).Select(id => new Category(id, x.CategoryNames[id]))];
            status("accumulating…");
            (a, b) = (CocoEvaluator.FromState(x).Compute(), CocoEvaluator.FromState(y).Compute());
        }
        else
        {
            names = (settings.Results[0].Name, settings.Results[1].Name);
            foreach (var file in settings.Results)
            {
                if (!file.Exists && !Directory.Exists(file.FullName))
                {
                    throw new DetEvalInputException(file.FullName, "", "--dt: file not found");
                }
            }

            status("reading ground truth and results…");
            var gt = CocoReader.ReadGroundTruth(settings.GroundTruth!.FullName, readSegmentation: settings.IouType == IouType.Segm);
            categories = gt.Categories;
            a = Evaluate(gt, settings.Results[0], settings.IouType, status);
            b = Evaluate(gt, settings.Results[1], settings.IouType, status);
        }

        CocoComparison comparison;
        try
        {
            status(settings.Bootstrap is null ? "comparing…" : "paired bootstrap…");
            comparison = CocoComparison.Compare(a, b, settings.Bootstrap);
        }
        catch (ArgumentException e)
        {
            throw new DetEvalInputException(names.B, "", e.Message);
        }

        string iou = a.Options.IouType.ToString().ToLowerInvariant();
        string resampling = settings.Bootstrap is { } o
            ? string.Create(CultureInfo.InvariantCulture, $"; {o.Resamples} paired resamples, seed {o.Seed}, {o.Confidence * 100:0.##}% percentile intervals")
            : "; no bootstrap (--bootstrap N for intervals)";
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B ({names.B}) - A ({names.A}) on {a.ImageCount} images, {iou}{resampling}"));
        var lines = ComparisonReport.Table(comparison, categories);
        foreach (string line in settings.Quiet ? lines.TakeWhile(l => l.Length > 0) : lines)
        {
            stdout.WriteLine(line);
        }

        // Every output through the run's one set: checked before the inputs were read, written all or nothing.
        if (settings.Json is not null)
        {
            outputs.SetContent(settings.Json.FullName, s => ComparisonReport.WriteJson(comparison, categories, names, s));
        }

        int inFolder = 0;
        if (settings.Out is not null)
        {
            inFolder = ComparisonReport.AddDirectory(outputs, comparison, categories, names, settings.Out.FullName).Count;
            // The inputs as typed (the legends keep the file names).
            var typed = settings.States.Count == 2
                ? new List<KeyValuePair<string, string>> { new("A", settings.States[0].ToString()), new("B", settings.States[1].ToString()) }
                : [new("ground truth", settings.GroundTruth!.ToString()), new("A", settings.Results[0].ToString()), new("B", settings.Results[1].ToString())];
            var page = new HtmlReportOptions { Inputs = typed };
            ReportPage.Add(outputs, settings.Out.FullName, s => HtmlReport.Write(comparison, categories, names, s, page), HtmlReport.ComparisonFileName);
            inFolder++;
        }

        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr);

        return ExitCodes.Ok;
    }

    private static CocoResult Evaluate(DetectionDataset gt, FileInfo results, IouType iouType, Action<string> status)
    {
        status($"matching {results.Name}…");
        var dt = CocoReader.ReadResults(results.FullName, gt);
        var evaluator = new CocoEvaluator(CocoOptions.Coco(iouType), gt.Categories);
        CliRunner.NameMaskSource(() => evaluator.Update(gt, dt), gt.Source, dt.Source);
        return evaluator.Compute();
    }

    private static CocoEvaluationState ReadState(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new DetEvalInputException(file.FullName, "", "state file not found");
        }

        var state = EvaluationState.ReadFrom(file.FullName);
        return state as CocoEvaluationState
            ?? throw new DetEvalInputException(file.FullName, "", $"is a {state.Protocol} state; compare reads COCO states");
    }
}
