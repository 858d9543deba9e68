using System.CommandLine;

namespace DetEval.Cli;

/// <summary>Runs an action and turns bad input into one line on stderr and exit code 2.</summary>
internal static class CliRunner
{
    public static int Guard(ParseResult parse, Func<TextWriter, TextWriter, int> action) =>
        Guard(parse, quiet: true, (stdout, stderr, _) => action(stdout, stderr));

    /// <summary>
    /// Runs an action that reports its stage ("matching…") through a status callback, shown as a spinner
    /// on stderr when it is an interactive console and <paramref name="quiet"/> is off.
    /// </summary>
    public static int Guard(ParseResult parse, bool quiet, Func<TextWriter, TextWriter, Action<string>, int> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return CliProgress.Run(CliProgress.IsInteractive(error, quiet), output, error, action);
        }
        catch (DetEvalInputException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: " + e.Message.ReplaceLineEndings(" "));
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Fails parsing with a message when a required input file does not exist.</summary>
    public static void MustExist(Option<FileInfo> option)
    {
        option.Validators.Add(result =>
        {
            var file = result.GetValueOrDefault<FileInfo?>();
            if (file is not null && !file.Exists)
            {
                result.AddError($"{option.Name}: file not found: {file}");
            }
        });
    }
}
