using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace DetEval.Cli;

/// <summary>
/// <c>--shard I/N</c> and <c>--shard auto/N</c>, the one parser every evaluating command uses: the command evaluates
/// only the images of shard I of N (<see cref="Shard"/> documents the partition) and marks its state as that shard.
/// </summary>
internal static class ShardOption
{
    /// <summary>The variables <c>auto</c> reads, in order: Slurm job arrays, then Kubernetes Indexed Jobs.</summary>
    internal static readonly string[] IndexVariables = ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"];

    /// <summary>A new <c>--shard</c> option (one per command, as every option is).</summary>
    public static Option<Shard?> Create() => new("--shard")
    {
        Description = "Evaluate only shard I of N (images partitioned by XxHash64 of the image id or name, mod N) and mark "
            + "--state-out as that shard, for 'deteval merge --expect N'. auto/N takes I from SLURM_ARRAY_TASK_ID or "
            + "JOB_COMPLETION_INDEX (default: every image).",
        HelpName = "I/N",
        CustomParser = result => Parse(result, Environment.GetEnvironmentVariable),
    };

    private static Shard? Parse(ArgumentResult result, Func<string, string?> environment)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (TryParse(text, environment, out var shard, out string error))
        {
            return shard;
        }

        result.AddError("--shard: " + error);
        return null;
    }

    /// <summary>Parses <c>I/N</c> or <c>auto/N</c> (I from the first of <see cref="IndexVariables"/> that is set).</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <param name="shard">The shard.</param>
    /// <param name="error">Why the text is not a shard, naming the variable for <c>auto</c>.</param>
    /// <returns>True when the text is a shard.</returns>
    internal static bool TryParse(string text, Func<string, string?> environment, out Shard shard, out string error)
    {
        shard = default;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !TryParseCount(text[(slash + 1)..], out int count))
        {
            error = $"'{text}' is not I/N or auto/N (N a whole number from 1)";
            return false;
        }

        string index = text[..slash];
        string source = "";
        if (index == "auto")
        {
            string? variable = IndexVariables.FirstOrDefault(v => !string.IsNullOrEmpty(environment(v)));
            if (variable is null)
            {
                error = $"auto/{count}: neither {string.Join(" nor ", IndexVariables)} is set";
                return false;
            }

            index = environment(variable)!;
            source = $"{variable}={index}: ";
        }

        if (!int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out int i) || i >= count)
        {
            error = source.Length > 0
                ? $"{source}not a shard index of auto/{count} (expected 0 to {count - 1}; a Slurm array is --array=0-{count - 1})"
                : $"'{text}': the index is not a whole number from 0 to {count - 1}";
            return false;
        }

        shard = new Shard(i, count);
        error = "";
        return true;
    }

    /// <summary>The state to write: marked as the shard when the command ran on one.</summary>
    public static EvaluationState Mark(EvaluationState state, Shard? shard) => shard is { } s ? state.WithShard(s) : state;

    private static bool TryParseCount(string text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1;
}
