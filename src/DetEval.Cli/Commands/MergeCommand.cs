using System.CommandLine;
using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval merge</c>, parsed from the command line.</summary>
internal sealed record MergeSettings(IReadOnlyList<string> States, FileInfo? Json, bool Quiet, int? Expect = null);

/// <summary>
/// <c>deteval merge</c>: combines evaluation states written by <c>deteval coco</c>, <c>voc</c>, <c>dota</c> or <c>sam</c> with <c>--state-out</c> on shards of
/// a dataset (each shard's ground truth holding only its images, all categories) into one report, equal to
/// evaluating everything at once.
/// </summary>
internal static class MergeCommand
{
    public static readonly Argument<string[]> States = new("STATE") { Description = "Evaluation states written by 'deteval coco', 'voc', 'dota', 'lvis', 'tide' or 'sam' with --state-out, one per shard, all of one protocol; a folder stands for its *.state files.", Arity = ArgumentArity.OneOrMore };
    public static readonly Option<int?> Expect = new("--expect") { Description = "Refuse to report unless the states are shards 0..N-1 of one --shard I/N run, each exactly once, from the same dataset, options and DetEval version (default: no check).", HelpName = "N" };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the report as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the headline, as the command that wrote the states does with --quiet (coco: the 12 summary lines; voc, dota: the mAP line); no table, no progress display (default: off)." };

    static MergeCommand()
    {
        // A missing state is bad input (exit 2) named by the state reader, as in every command; a folder stands for its states.
        Expect.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--expect: expected the number of shards, a whole number from 1");
            }
        });
        CliRunner.Output(Json);
        CliRunner.Input(States); // --json naming a state would replace it
    }

    public static Command Create()
    {
        var command = new Command("merge", "Merge evaluation states of dataset shards (from 'deteval coco', 'voc', 'dota' or 'sam' with --state-out) and print the report of the whole, as that command does.")
        {
            States, Json, Quiet, Expect,
        };
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status, outputs) => Run(settings, stdout, stderr, outputs, status));
        });
        return command;
    }

    public static MergeSettings Parse(ParseResult parse) => new(parse.GetValue(States) ?? [], parse.GetValue(Json), parse.GetValue(Quiet), parse.GetValue(Expect));

    public static int Run(MergeSettings settings, TextWriter stdout, TextWriter stderr, OutputSet outputs, Action<string>? status = null)
    {
        status ??= static _ => { };
        if (settings.States.Count == 0)
        {
            throw new DetEvalInputException("", "", "no state to merge");
        }

        // Every state is read (and checked) through the common reader; all must be of one protocol.
        var states = new List<EvaluationState>();
        foreach (string file in ShardCheck.Files(settings.States))
        {
            status($"reading {Path.GetFileName(file)}…");
            var state = EvaluationState.ReadFrom(Path.GetFullPath(file));
            if (states.Count > 0 && state.Protocol != states[0].Protocol)
            {
                throw new DetEvalInputException(state.Source, "byte 10", $"a {state.Protocol} state cannot be merged with the {states[0].Protocol} state {states[0].Source}");
            }

            states.Add(state);
        }

        if (settings.Expect is int expected)
        {
            ShardCheck.Check(states, expected, settings.States[0]);
        }

        status("accumulating…");
        // One line per protocol: merge the states into its evaluator, then report as the protocol's command does.
        string merged = string.Create(CultureInfo.InvariantCulture, $"merged {states.Count} states: {states.Sum(s => s.ImageCount)} images");
        switch (states[0].Protocol)
        {
            case EvaluationProtocol.Coco:
                var coco = Merge<CocoEvaluator, CocoEvaluationState, CocoResult>(states);
                var first = (CocoEvaluationState)states[0];
                var categories = first.CategoryIds.Where(first.CategoryNames.ContainsKey).Select(id => new Category(id, first.CategoryNames[id])).ToArray();
                CocoReport.WriteText(coco, categories, stdout, settings.Quiet);
                WriteJson(settings, outputs, s => CocoJsonReport.Write(coco, categories, s));
                break;
            case EvaluationProtocol.Voc:
                var voc = Merge<VocEvaluator, VocEvaluationState, VocResult>(states);
                VocReport.WriteText(voc, stdout, settings.Quiet);
                WriteJson(settings, outputs, s => VocJsonReport.Write(voc, s));
                break;
            case EvaluationProtocol.Dota:
                var dota = Merge<DotaEvaluator, DotaEvaluationState, DotaResult>(states);
                DotaReport.WriteText(dota, stdout, settings.Quiet);
                WriteJson(settings, outputs, s => DotaReport.WriteJson(dota, s));
                break;
            case EvaluationProtocol.SamAuto:
                var auto = Merge<SamAutoEvaluator, SamAutoEvaluationState, SamAutoResult>(states);
                SamCommand.Report(auto, settings.Json, stdout, settings.Quiet, outputs);
                break;
            case EvaluationProtocol.SamPrompt:
                var prompt = Merge<SamPromptEvaluator, SamPromptEvaluationState, SamPromptResult>(states);
                SamCommand.Report(prompt, settings.Json, stdout, settings.Quiet, outputs);
                merged = string.Create(CultureInfo.InvariantCulture, $"merged {states.Count} states: {prompt.Prompts} prompts");
                break;
            case EvaluationProtocol.SamVideo:
                var video = Rebuild<SamVideoEvaluator, SamVideoEvaluationState, SamVideoResult>(states);
                SamVideoCommand.Report(video, settings.Json, stdout, settings.Quiet, outputs);
                merged = string.Create(CultureInfo.InvariantCulture, $"merged {states.Count} states: {video.ImageCount} videos");
                break;
            case EvaluationProtocol.Lvis:
                var lvis = Merge<LvisEvaluator, LvisEvaluationState, LvisResult>(states);
                LvisCommand.Report(lvis, settings.Json, stdout, settings.Quiet, outputs);
                merged = string.Create(CultureInfo.InvariantCulture, $"merged {states.Count} states: {lvis.ImageCount} images");
                break;
            case EvaluationProtocol.Tide:
                var tide = Merge<TideEvaluator, TideEvaluationState, TideResult>(states);
                TideCommand.Print(stdout, tide, settings.Quiet);
                WriteJson(settings, outputs, s => TideReport.WriteJson(tide, s));
                break;
            case EvaluationProtocol.SamConcept:
                var concept = Merge<SamConceptEvaluator, SamConceptEvaluationState, SamConceptResult>(states);
                merged = SamConceptCommand.ReportMerged([.. states.Cast<SamConceptEvaluationState>()], concept, settings.Quiet, stdout, stderr);
                WriteJson(settings, outputs, s => SamConceptReport.WriteJson(concept, s));
                break;
            default:
                throw new DetEvalInputException(states[0].Source, "byte 10", $"{states[0].Protocol} states cannot be merged by this command");
        }

        outputs.Commit();
        if (!settings.Quiet)
        {
            stderr.WriteLine(merged);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The result of every state merged into one evaluator (conflicts are bad input naming both files).</summary>
    private static TResult Merge<TEvaluator, TState, TResult>(List<EvaluationState> states)
        where TEvaluator : class, IEvaluator<TEvaluator, TState, TResult>
        where TState : EvaluationState
        where TResult : class =>
        Rebuild<TEvaluator, TState, TResult>(states).Compute();

    /// <summary>One evaluator holding every state (conflicts are bad input naming both files).</summary>
    private static TEvaluator Rebuild<TEvaluator, TState, TResult>(List<EvaluationState> states)
        where TEvaluator : class, IEvaluator<TEvaluator, TState, TResult>
        where TState : EvaluationState
        where TResult : class =>
        TEvaluator.FromStates([.. states.Cast<TState>()]);

    private static void WriteJson(MergeSettings settings, OutputSet outputs, Action<Stream> write)
    {
        if (settings.Json is not null)
        {
            outputs.SetContent(settings.Json.FullName, write);
        }
    }
}
