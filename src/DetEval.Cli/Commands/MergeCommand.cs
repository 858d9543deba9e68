using System.CommandLine;
using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval merge</c>, parsed from the command line.</summary>
internal sealed record MergeSettings(IReadOnlyList<FileInfo> States, FileInfo? Json, bool Quiet);

/// <summary>
/// <c>deteval merge</c>: combines evaluation states written by <c>deteval coco</c>, <c>voc</c> or <c>sam</c> with <c>--state-out</c> on shards of
/// a dataset (each shard's ground truth holding only its images, all categories) into one report, equal to
/// evaluating everything at once.
/// </summary>
internal static class MergeCommand
{
    public static readonly Argument<FileInfo[]> States = new("STATE") { Description = "Evaluation states written by 'deteval coco', 'voc' or 'sam' with --state-out, one per shard, all of one protocol.", Arity = ArgumentArity.OneOrMore };
    public static readonly Option<FileInfo?> Json = new("--json") { Description = "Write the report as JSON to this file (default: not written).", HelpName = "FILE" };
    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "Print only the headline, as the command that wrote the states does with --quiet (coco: the 12 summary lines; voc: the mAP line); no table, no progress display (default: off)." };

    static MergeCommand()
    {
        States.Validators.Add(result =>
        {
            foreach (var file in result.GetValueOrDefault<FileInfo[]>() ?? [])
            {
                if (!file.Exists)
                {
                    result.AddError($"STATE: file not found: {file}");
                }
            }
        });
    }

    public static Command Create()
    {
        var command = new Command("merge", "Merge evaluation states of dataset shards (from 'deteval coco', 'voc' or 'sam' with --state-out) and print the report of the whole, as that command does.")
        {
            States, Json, Quiet,
        };
        command.SetAction(parse =>
        {
            var settings = Parse(parse);
            return CliRunner.Guard(parse, settings.Quiet, (stdout, stderr, status) => Run(settings, stdout, stderr, status));
        });
        return command;
    }

    public static MergeSettings Parse(ParseResult parse) => new(parse.GetValue(States) ?? [], parse.GetValue(Json), parse.GetValue(Quiet));

    public static int Run(MergeSettings settings, TextWriter stdout, TextWriter stderr, Action<string>? status = null)
    {
        status ??= static _ => { };
        if (settings.States.Count == 0)
        {
            throw new DetEvalInputException("", "", "no state to merge");
        }

        // Every state is read (and checked) through the common reader; all must be of one protocol.
        var states = new List<(FileInfo File, EvaluationState State)>();
        foreach (var file in settings.States)
        {
            status($"reading {file.Name}…");
            var state = EvaluationState.ReadFrom(file.FullName);
            if (states.Count > 0 && state.Protocol != states[0].State.Protocol)
            {
                throw new DetEvalInputException(file.FullName, "byte 10", $"a {state.Protocol} state cannot be merged with the {states[0].State.Protocol} state {states[0].File.FullName}");
            }

            states.Add((file, state));
        }

        return states[0].State.Protocol switch
        {
            EvaluationProtocol.Voc => RunVoc(settings, [.. states.Select(s => (s.File, (VocEvaluationState)s.State))], stdout, stderr, status),
            EvaluationProtocol.Coco => RunCoco(settings, [.. states.Select(s => (s.File, (CocoEvaluationState)s.State))], stdout, stderr, status),
            EvaluationProtocol.SamAuto => RunSamAuto(settings, [.. states.Select(s => (s.File, (SamAutoEvaluationState)s.State))], stdout, stderr, status),
            EvaluationProtocol.SamPrompt => RunSamPrompt(settings, [.. states.Select(s => (s.File, (SamPromptEvaluationState)s.State))], stdout, stderr, status),
            var other => throw new DetEvalInputException(states[0].File.FullName, "byte 10", $"{other} states cannot be merged by this command"),
        };
    }

    private static int RunCoco(MergeSettings settings, (FileInfo File, CocoEvaluationState State)[] states, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        CocoEvaluator? evaluator = null;
        CocoEvaluationState? first = null;
        foreach (var (file, state) in states)
        {
            Merge(file, states[0].File, () =>
            {
                if (evaluator is null)
                {
                    evaluator = CocoEvaluator.FromState(state);
                    first = state;
                }
                else
                {
                    evaluator.Merge(state);
                }
            });
        }

        status("accumulating…");
        var result = evaluator!.Compute();
        var categories = first!.CategoryIds
            .Where(first.CategoryNames.ContainsKey)
            .Select(id => new Category(id, first.CategoryNames[id]))
            .ToArray();
        stdout.Write(CocoSummaryText.Format(result));
        if (!settings.Quiet)
        {
            stdout.WriteLine();
            ConsoleTables.WriteCategories(stdout, result, categories);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {settings.States.Count} states: {evaluator.ImageCount} images"));
        }

        if (settings.Json is not null)
        {
            AtomicFile.Write(settings.Json.FullName, s => CocoJsonReport.Write(result, categories, s));
        }

        return ExitCodes.Ok;
    }

    private static int RunVoc(MergeSettings settings, (FileInfo File, VocEvaluationState State)[] states, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        VocEvaluator? evaluator = null;
        foreach (var (file, state) in states)
        {
            Merge(file, states[0].File, () =>
            {
                if (evaluator is null)
                {
                    evaluator = VocEvaluator.FromState(state);
                }
                else
                {
                    evaluator.Merge(state);
                }
            });
        }

        status("accumulating…");
        var result = evaluator!.Compute();
        VocCommand.WriteTable(stdout, result, settings.Quiet);
        if (!settings.Quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {settings.States.Count} states: {evaluator.ImageCount} images"));
        }

        if (settings.Json is not null)
        {
            AtomicFile.Write(settings.Json.FullName, s => VocJsonReport.Write(result, s));
        }

        return ExitCodes.Ok;
    }

    private static int RunSamAuto(MergeSettings settings, (FileInfo File, SamAutoEvaluationState State)[] states, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        var evaluator = new SamAutoEvaluator(states[0].State.Score);
        foreach (var (file, state) in states)
        {
            Merge(file, states[0].File, () => evaluator.Merge(state));
        }

        status("accumulating…");
        SamCommand.Report(evaluator.Compute(), settings.Json, stdout, settings.Quiet);
        if (!settings.Quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {settings.States.Count} states: {evaluator.ImageCount} images"));
        }

        return ExitCodes.Ok;
    }

    private static int RunSamPrompt(MergeSettings settings, (FileInfo File, SamPromptEvaluationState State)[] states, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        var evaluator = new SamPromptEvaluator();
        foreach (var (file, state) in states)
        {
            Merge(file, states[0].File, () => evaluator.Merge(state));
        }

        status("accumulating…");
        var result = evaluator.Compute();
        SamCommand.Report(result, settings.Json, stdout, settings.Quiet);
        if (!settings.Quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {settings.States.Count} states: {result.Prompts} prompts"));
        }

        return ExitCodes.Ok;
    }

    private static void Merge(FileInfo file, FileInfo first, Action merge)
    {
        try
        {
            merge();
        }
        catch (InvalidOperationException e)
        {
            // Merge names the conflict: an image in two states, or different parameters or categories.
            throw new DetEvalInputException(file.FullName, "", file.FullName == first.FullName ? e.Message : $"{e.Message} (merging into the state of {first.FullName})");
        }
    }
}
