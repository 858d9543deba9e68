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

        // The first four bytes tell the protocol; every state must be of the same one.
        var kinds = settings.States.Select(KindOf).ToArray();
        for (int i = 1; i < kinds.Length; i++)
        {
            if (kinds[i] != kinds[0])
            {
                throw new DetEvalInputException(settings.States[i].FullName, "byte 0", $"a {kinds[i]} state cannot be merged with the {kinds[0]} state {settings.States[0].Name}");
            }
        }

        return kinds[0] switch
        {
            "VOC" => RunVoc(settings, stdout, stderr, status),
            "SAM" => RunSam(settings, stdout, stderr, status),
            "TIDE" => RunTide(settings, stdout, stderr, status),
            _ => RunCoco(settings, stdout, stderr, status),
        };
    }

    private static string KindOf(FileInfo file)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(file.FullName);
        int read = stream.ReadAtLeast(head, 12, throwOnEndOfStream: false);
        // The one state container (magic "DETEVAL" 0x1A, format version, protocol) names its protocol.
        if (read == 12 && head[..8].SequenceEqual("DETEVAL\x1A"u8) && (EvaluationProtocol)(head[10] | (head[11] << 8)) == EvaluationProtocol.Tide)
        {
            return "TIDE";
        }

        return VocEvaluationState.IsVocState(head[..Math.Min(read, 4)]) ? "VOC" : SamEvaluationState.IsSamState(head[..Math.Min(read, 4)]) ? "SAM" : "COCO";
    }

    private static int RunCoco(MergeSettings settings, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        CocoEvaluator? evaluator = null;
        CocoEvaluationState? first = null;
        foreach (var file in settings.States)
        {
            status($"reading {file.Name}…");
            var state = Read(file, CocoEvaluationState.ReadFrom);
            Merge(file, () =>
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

    private static int RunVoc(MergeSettings settings, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        VocEvaluator? evaluator = null;
        foreach (var file in settings.States)
        {
            status($"reading {file.Name}…");
            var state = Read(file, VocEvaluationState.ReadFrom);
            Merge(file, () =>
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

    private static int RunSam(MergeSettings settings, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        SamEvaluationState? merged = null;
        foreach (var file in settings.States)
        {
            status($"reading {file.Name}…");
            var state = Read(file, SamEvaluationState.ReadFrom);
            Merge(file, () => merged = merged is null ? state : SamEvaluationState.Merge([merged, state]));
        }

        status("accumulating…");
        SamCommand.Report(merged!, settings.Json, stdout, settings.Quiet);
        if (!settings.Quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {settings.States.Count} states: {merged!.Count} {(merged.IsPrompted ? "prompts" : "images")}"));
        }

        return ExitCodes.Ok;
    }

    /// <summary>TIDE states, each read through the common state reader.</summary>
    private static int RunTide(MergeSettings settings, TextWriter stdout, TextWriter stderr, Action<string> status)
    {
        TideEvaluator? evaluator = null;
        foreach (var file in settings.States)
        {
            status($"reading {file.Name}…");
            var state = EvaluationState.ReadFrom(file.FullName);
            if (state is not TideEvaluationState tide)
            {
                throw new DetEvalInputException(file.FullName, "", $"a {state.Protocol} state cannot be merged with TIDE states");
            }

            Merge(file, () =>
            {
                if (evaluator is null)
                {
                    evaluator = TideEvaluator.FromState(tide);
                }
                else
                {
                    evaluator.Merge(tide);
                }
            });
        }

        status("fixing errors…");
        var result = evaluator!.Compute();
        TideCommand.Print(stdout, result, settings.Quiet);
        if (!settings.Quiet)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"merged {settings.States.Count} states: {evaluator.ImageCount} images"));
        }

        if (settings.Json is not null)
        {
            AtomicFile.Write(settings.Json.FullName, s => TideReport.WriteJson(result, s));
        }

        return ExitCodes.Ok;
    }

    private static T Read<T>(FileInfo file, Func<Stream, string, T> read)
    {
        using var stream = File.OpenRead(file.FullName);
        return read(stream, file.FullName);
    }

    private static void Merge(FileInfo file, Action merge)
    {
        try
        {
            merge();
        }
        catch (InvalidOperationException e)
        {
            // Merge names the conflict: an image in two states, or different parameters or categories.
            throw new DetEvalInputException(file.FullName, "", e.Message);
        }
    }
}
