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
            CheckInputsExist(parse);
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

    /// <summary>
    /// Runs matching; a bad mask found there names no file (the library does not know it), so the file is
    /// taken from the place: a ground truth's mask is in <paramref name="truthFile"/>, anything else in <paramref name="resultsFile"/>.
    /// </summary>
    public static void NameMaskSource(Action match, string truthFile, string resultsFile)
    {
        try
        {
            match();
        }
        catch (DetEvalInputException e) when (e.File.Length == 0)
        {
            string file = e.Location.Contains("ground truth", StringComparison.Ordinal) ? truthFile : resultsFile;
            throw new DetEvalInputException(file, e.Location, e.Problem, e);
        }
    }

    // Options whose value must name an existing file or folder; checked when the command runs, so that a
    // missing input is bad input (exit 2) like any other, not a usage error.
    private static readonly HashSet<Option> MustExistOptions = [];

    /// <summary>Marks an option whose file or folder must exist; a missing one is bad input (exit 2).</summary>
    public static void MustExist(Option option)
    {
        lock (MustExistOptions)
        {
            MustExistOptions.Add(option);
        }
    }

    private static void CheckInputsExist(ParseResult parse)
    {
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is not System.CommandLine.Parsing.OptionResult { Implicit: false } result)
            {
                continue;
            }

            bool marked;
            lock (MustExistOptions)
            {
                marked = MustExistOptions.Contains(result.Option);
            }

            if (!marked)
            {
                continue;
            }

            (string? path, string what) = result.Option switch
            {
                Option<FileInfo> o => parse.GetValue(o) is { Exists: false } f ? (f.FullName, "file") : (null, ""),
                Option<DirectoryInfo> o => parse.GetValue(o) is { Exists: false } d ? (d.FullName, "folder") : (null, ""),
                Option<string> o => parse.GetValue(o) is string s && !File.Exists(s) && !Directory.Exists(s) ? (Path.GetFullPath(s), "file or folder") : (null, ""),
                Option<string[]> o => parse.GetValue(o)?.FirstOrDefault(s => !File.Exists(s) && !Directory.Exists(s)) is string s ? (Path.GetFullPath(s), "file or folder") : (null, ""),
                _ => (null, ""),
            };
            if (path is not null)
            {
                throw new DetEvalInputException(path, "", $"{result.Option.Name}: {what} not found");
            }
        }
    }
}
