using System.CommandLine;

namespace DetEval.Cli;

/// <summary>Runs an action and turns bad input into one line on stderr and exit code 2.</summary>
internal static class CliRunner
{
    public static int Guard(ParseResult parse, Func<TextWriter, TextWriter, int> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            return action(output, error);
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
