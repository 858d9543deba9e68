using Spectre.Console;

namespace DetEval.Cli;

/// <summary>
/// A status spinner on stderr ("reading ground truth…", "matching…") while a command works. Shown only
/// when stderr is the interactive console and --quiet is off; otherwise the command runs as is.
/// </summary>
internal static class CliProgress
{
    /// <summary>Whether a spinner may be drawn on <paramref name="stderr"/>.</summary>
    public static bool IsInteractive(TextWriter stderr, bool quiet) =>
        !quiet && ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>
    /// Runs <paramref name="work"/>, which reports its stage through the status callback. With a spinner,
    /// the command's stdout and stderr text is held back and written once the spinner is gone, so the
    /// two never interleave on the terminal.
    /// </summary>
    public static int Run(bool interactive, TextWriter stdout, TextWriter stderr, Func<TextWriter, TextWriter, Action<string>, int> work)
    {
        if (!interactive)
        {
            return work(stdout, stderr, static _ => { });
        }

        var heldOut = new StringWriter();
        var heldErr = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        try
        {
            return console.Status()
                .Spinner(Spinner.Known.Dots)
                .Start("starting…", context => work(heldOut, heldErr, text => context.Status(Markup.Escape(text))));
        }
        finally
        {
            stdout.Write(heldOut.ToString());
            stderr.Write(heldErr.ToString());
        }
    }
}
