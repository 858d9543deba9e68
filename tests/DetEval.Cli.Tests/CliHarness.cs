using System.CommandLine;

namespace DetEval.Cli.Tests;

/// <summary>Runs the command tree in process with captured output.</summary>
internal static class CliHarness
{
    public static (int Code, string Stdout, string Stderr) Run(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.BuildRoot().Parse(args).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
        return (code, stdout.ToString(), stderr.ToString());
    }
}
