using System.CommandLine;
using System.Globalization;
using DetEval.Reports;

namespace DetEval.Cli.Commands;

/// <summary>The settings of <c>deteval sam --mode concept</c>, parsed from the command line.</summary>
internal sealed record SamConceptSettings(
    IReadOnlyList<string> GroundTruths,
    string Predictions,
    SamConceptOptions Options,
    (int Index, int Count) Shard,
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
    public static readonly Option<string?> Shard = new("--shard") { Description = "concept: evaluate only shard I of N (0-based) of the evaluated pairs, every N-th pair from the I-th in the first --gt file's order; merge the shards' --state-out files with 'deteval merge' (default: every pair).", HelpName = "I/N" };

    /// <summary>The options that mean nothing in concept mode, and the modes they belong to.</summary>
    private static readonly (Option Option, string Modes)[] OtherModesOnly =
    [
        (SamCommand.Score, "auto"), (SamCommand.Csv, "auto"), (SamCommand.SkipBad, "auto and prompt"),
    ];

    static SamConceptCommand()
    {
        IouTypeOption.AcceptOnlyFromAmong("segm", "bbox");
        Shard.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is string text && ParseShard(text) is null)
            {
                result.AddError($"--shard: expected I/N with 0 <= I < N, got '{text}'");
            }
        });
    }

    /// <summary>Adds the concept mode's own options and the rules between the modes' options to <c>deteval sam</c>.</summary>
    public static void Configure(Command command)
    {
        command.Options.Add(IouTypeOption);
        command.Options.Add(Shard);
        command.Validators.Add(result =>
        {
            bool concept = result.GetValue(SamCommand.Mode) == "concept";
            if (!concept && result.GetValue(SamCommand.GroundTruth) is { Length: > 1 })
            {
                result.AddError("--gt: several ground-truth files (annotators) are read in --mode concept only");
            }

            foreach (var option in (Option[])[IouTypeOption, Shard])
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
        parse.GetValue(Shard) is string shard ? ParseShard(shard)!.Value : (0, 1),
        parse.GetValue(SamCommand.Json),
        parse.GetValue(SamCommand.Out),
        parse.GetValue(SamCommand.StateOut),
        parse.GetValue(SamCommand.Quiet));

    public static int Run(SamConceptSettings settings, TextWriter stdout, TextWriter stderr, Action<string>? status = null)
    {
        status ??= static _ => { };
        status("reading ground truth…");
        var annotators = settings.GroundTruths.Select(SaCoReader.ReadGroundTruth).ToArray();
        status("reading predictions…");
        var predictions = SaCoReader.ReadPredictions(settings.Predictions);
        status("matching…");
        var evaluator = new SamConceptEvaluator(settings.Options, annotators);
        evaluator.Update(predictions, settings.Shard.Index, settings.Shard.Count);
        var result = evaluator.Compute();
        Report(result, settings.Json, settings.Out, settings.Quiet, stdout, stderr);
        if (settings.StateOut is not null)
        {
            AtomicFile.Write(settings.StateOut.FullName, evaluator.Snapshot().WriteTo);
        }

        return ExitCodes.Ok;
    }

    /// <summary>
    /// <c>deteval merge</c> of concept states: the report of every pair at once, as one run prints it, and a warning
    /// when evaluated pairs are in no state. Returns the "merged …" line.
    /// </summary>
    public static string ReportMerged(IReadOnlyList<SamConceptEvaluationState> states, SamConceptResult result, FileInfo? json, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        Report(result, json, null, quiet, stdout, stderr);
        int evaluated = states[0].EvaluatedPairCount;
        if (result.PairCount < evaluated)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {evaluated - result.PairCount} evaluated pairs are in no state; the report covers the others only"));
        }

        return string.Create(CultureInfo.InvariantCulture, $"merged {states.Count} states: {result.PairCount} of {evaluated} evaluated pairs");
    }

    /// <summary>Parses <c>I/N</c> with 0 &lt;= I &lt; N.</summary>
    public static (int Index, int Count)? ParseShard(string text)
    {
        string[] parts = text.Split('/');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count)
            && index < count
            ? (index, count)
            : null;
    }

    private static void Report(SamConceptResult result, FileInfo? json, DirectoryInfo? output, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        SamConceptReport.WriteSummary(result, stdout, quiet);
        if (json is not null)
        {
            AtomicFile.Write(json.FullName, s => SamConceptReport.WriteJson(result, s));
        }

        if (output is not null)
        {
            var written = SamConceptReport.WriteDirectory(result, output.FullName);
            if (!quiet)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {written.Count} files to {output.FullName}"));
            }
        }
    }
}
