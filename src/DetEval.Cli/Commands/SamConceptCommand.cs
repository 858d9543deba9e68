using System.CommandLine;
using System.Globalization;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval sam --mode concept</c>, parsed from the command line.</summary>
internal sealed record SamConceptSettings(
    IReadOnlyList<string> GroundTruths,
    string Predictions,
    SamConceptOptions Options,
    Shard? Shard,
    FileInfo? Json,
    DirectoryInfo? Out,
    FileInfo? StateOut,
    bool Quiet);

/// <summary>
/// <c>deteval sam --mode concept</c>: SAM 3 concept segmentation (cgF1, IL_MCC, positive micro F1) on SA-Co data, as
/// sam3's <c>CGF1Evaluator</c>; the options are <see cref="SamCommand"/>'s.
/// </summary>
internal static class SamConceptCommand
{
    public static readonly Option<string> IouTypeOption = new("--iou-type") { Description = "concept: what IoU is computed on, segm or bbox.", DefaultValueFactory = _ => "segm" };

    /// <summary>The options that mean nothing in concept mode, and the modes they belong to.</summary>
    private static readonly (Option Option, string Modes)[] OtherModesOnly =
    [
        (SamCommand.Score, "auto"), (SamCommand.Csv, "auto"), (SamCommand.SkipBad, "auto and prompt"),
    ];

    static SamConceptCommand()
    {
        IouTypeOption.AcceptOnlyFromAmong("segm", "bbox");
    }

    /// <summary>Adds the concept mode's own options and the rules between the modes' options to <c>deteval sam</c>.</summary>
    public static void Configure(Command command)
    {
        command.Options.Add(IouTypeOption);
        command.Validators.Add(result =>
        {
            bool concept = result.GetValue(SamCommand.Mode) == "concept";
            if (!concept && result.GetValue(SamCommand.GroundTruth) is { Length: > 1 })
            {
                result.AddError("--gt: several ground-truth files (annotators) are read in --mode concept only");
            }

            foreach (var option in (Option[])[IouTypeOption])
            {
                if (!concept && result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name}: used in --mode concept only");
                }
            }

            foreach (var (option, modes) in OtherModesOnly)
            {
                if (concept && result.GetResult(option) is { Implicit: false })
                {
                    result.AddError($"{option.Name}: used in --mode {modes} only");
                }
            }
        });
    }

    public static SamConceptSettings Parse(ParseResult parse) => new(
        parse.GetValue(SamCommand.GroundTruth)!,
        parse.GetValue(SamCommand.Predictions)!,
        SamConceptOptions.Reference(parse.GetValue(IouTypeOption) == "bbox" ? IouType.Bbox : IouType.Segm),
        parse.GetValue(SamCommand.ShardOption),
        parse.GetValue(SamCommand.Json),
        parse.GetValue(SamCommand.Out),
        parse.GetValue(SamCommand.StateOut),
        parse.GetValue(SamCommand.Quiet));

    public static int Run(SamConceptSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        status("reading ground truth…");
        var annotators = settings.GroundTruths.Select(SaCoReader.ReadGroundTruth).ToArray();
        status("reading predictions…");
        var predictions = SaCoReader.ReadPredictions(settings.Predictions);
        status("matching…");
        var evaluator = new SamConceptEvaluator(settings.Options, annotators);
        evaluator.Update(predictions, settings.Shard);
        var result = evaluator.Compute();
        SamConceptReport.WriteSummary(result, stdout, settings.Quiet);
        if (settings.Json is not null)
        {
            outputs.SetContent(settings.Json.FullName, s => SamConceptReport.WriteJson(result, s));
        }

        CliRunner.AddState(outputs, settings.StateOut, () => Cli.ShardOption.Mark(evaluator.Snapshot(), settings.Shard));
        int inFolder = 0;
        if (settings.Out is not null)
        {
            string dir = settings.Out.FullName;
            inFolder += SamConceptReport.AddDirectory(outputs, result, dir).Count;
            var page = new HtmlReportOptions { Inputs = [.. Inputs(settings)] };
            ReportPage.Add(outputs, dir, s => HtmlReport.Write(result, s, page));
            inFolder++;
        }

        CliRunner.Finish(outputs, settings.Out, inFolder, settings.Quiet, stderr, status);
        return ExitCodes.Ok;
    }

    /// <summary>The inputs named in the page header, as given on the command line: every annotator's file, then the predictions.</summary>
    private static IEnumerable<KeyValuePair<string, string>> Inputs(SamConceptSettings settings)
    {
        var gts = settings.GroundTruths;
        for (int a = 0; a < gts.Count; a++)
        {
            string label = gts.Count == 1 ? "ground truth" : a == 0 ? "ground truth (primary)" : string.Create(CultureInfo.InvariantCulture, $"ground truth {a + 1}");
            yield return new(label, gts[a]);
        }

        yield return new("predictions", settings.Predictions);
    }

    /// <summary>
    /// <c>deteval merge</c> of concept states: the report of every pair at once, as one run prints it, and a warning
    /// when evaluated pairs are in no state. Returns the "merged …" line.
    /// </summary>
    public static string ReportMerged(IReadOnlyList<SamConceptEvaluationState> states, SamConceptResult result, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        SamConceptReport.WriteSummary(result, stdout, quiet);
        int evaluated = states[0].EvaluatedPairCount;
        if (result.PairCount < evaluated)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {evaluated - result.PairCount} evaluated pairs are in no state; the report covers the others only"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"merged {states.Count} states: {result.PairCount} of {evaluated} evaluated pairs");
    }
}
