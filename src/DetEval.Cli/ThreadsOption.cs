using System.CommandLine;

namespace DetEval.Cli;

/// <summary>
/// <c>--threads N</c>, shared by the evaluating commands: the most threads reading, matching and accumulating use
/// (<see cref="Parallelism.MaxThreads"/>). <see cref="CliRunner.Guard(ParseResult, bool, Func{TextWriter, TextWriter, Action{string}, Reports.OutputSet, int})"/>
/// applies it before the command runs.
/// </summary>
internal static class ThreadsOption
{
    public const string Name = "--threads";

    /// <summary>A new instance for one command (an option belongs to one command).</summary>
    public static Option<int?> Create()
    {
        var option = new Option<int?>(Name) { Description = "The most threads reading, matching and accumulating use (default: every core).", HelpName = "N" };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError($"{Name}: expected a positive integer");
            }
        });
        return option;
    }

    /// <summary>Sets <see cref="Parallelism.MaxThreads"/> from the parsed command (every core when not given).</summary>
    public static void Apply(ParseResult parse)
    {
        int threads = Environment.ProcessorCount;
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is System.CommandLine.Parsing.OptionResult { Option: Option<int?> { Name: Name } option })
            {
                threads = parse.GetValue(option) ?? threads;
            }
        }

        Parallelism.MaxThreads = threads;
    }
}
