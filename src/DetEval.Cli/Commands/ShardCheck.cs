using System.Globalization;

namespace DetEval.Cli.Commands;

/// <summary>
/// <c>deteval merge --expect N</c>: the states must be shards 0..N-1 of one partitioned run, each exactly once, from
/// the same dataset, options and DetEval version; anything else is bad input naming the shard or file at fault.
/// </summary>
internal static class ShardCheck
{
    /// <summary>The state files named on the command line: a file as given, a folder as its <c>*.state</c> files in name order.</summary>
    public static IEnumerable<string> Files(IEnumerable<string> inputs)
    {
        foreach (string input in inputs)
        {
            if (!Directory.Exists(input))
            {
                yield return input;
                continue;
            }

            string[] files = [.. Directory.GetFiles(input, "*.state").Order(StringComparer.Ordinal)];
            if (files.Length == 0)
            {
                throw new DetEvalInputException(Path.GetFullPath(input), "", "no *.state files in this folder");
            }

            foreach (string file in files)
            {
                yield return file;
            }
        }
    }

    /// <summary>Checks that <paramref name="states"/> are shards 0..<paramref name="count"/>-1, each once, of one run.</summary>
    /// <param name="states">The states read, in command-line order.</param>
    /// <param name="count">The number of shards expected.</param>
    /// <param name="where">What to name when a shard is missing (the first input).</param>
    /// <exception cref="DetEvalInputException">A foreign, duplicated or missing shard.</exception>
    public static void Check(IReadOnlyList<EvaluationState> states, int count, string where)
    {
        var first = states[0];
        var byIndex = new Dictionary<int, EvaluationState>();
        foreach (var state in states)
        {
            string foreign = state.Shard is not { } shard ? "is not a shard (it was written without --shard)"
                : shard.Count != count ? Invariant($"is shard {shard} of a {shard.Count}-shard run, not of {count}")
                : state.WriterVersion != first.WriterVersion ? $"was written by DetEval {state.WriterVersion}, {first.Source} by {first.WriterVersion}"
                : !state.IsCompatibleWith(first, out string why) ? $"is from another run than {first.Source}: {why}"
                : "";
            if (foreign.Length > 0)
            {
                throw new DetEvalInputException(state.Source, "byte 32", Invariant($"--expect {count}: foreign shard: ") + foreign);
            }

            if (!byIndex.TryAdd(state.Shard!.Value.Index, state))
            {
                throw new DetEvalInputException(state.Source, "byte 32", Invariant($"--expect {count}: shard {state.Shard} is given twice: also {byIndex[state.Shard.Value.Index].Source}"));
            }
        }

        int[] missing = [.. Enumerable.Range(0, count).Where(i => !byIndex.ContainsKey(i))];
        if (missing.Length > 0)
        {
            string list = string.Join(", ", missing.Take(20).Select(i => Invariant($"{i}/{count}")));
            throw new DetEvalInputException(
                Path.GetFullPath(where),
                "",
                Invariant($"--expect {count}: shard{(missing.Length > 1 ? "s" : "")} {list}{(missing.Length > 20 ? ", ..." : "")} missing ({missing.Length} of {count}; {states.Count} states given)"));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
