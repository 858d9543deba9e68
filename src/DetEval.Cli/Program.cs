using System.CommandLine;
using System.Globalization;
using DetEval.Cli.Commands;

namespace DetEval.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        // Numbers are printed and parsed with invariant culture whatever the machine's locale.
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        HugePages.AdviseHeap(Environment.GetEnvironmentVariable(HugePages.Variable));
        return BuildRoot().Parse(args).Invoke();
    }

    /// <summary>
    /// The command tree; tests parse argument arrays against it. The root is named <c>deteval</c> (a RootCommand
    /// takes the entry assembly's name, DetEval.Cli), so help and usage lines say <c>deteval</c>, as installed.
    /// </summary>
    internal static Command BuildRoot()
    {
        var root = new Command(
            "deteval",
            "deteval: object-detection and segmentation evaluation at parity with pycocotools and the VOC devkit.\n"
            + "Exit codes: 0 ok, 1 usage (the command line could not be parsed), 2 bad input (a file is missing, malformed or inconsistent).")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
            CocoCommand.Create(),
            DotaCommand.Create(),
            LvisCommand.Create(),
            CompareCommand.Create(),
            MaskCommand.Create(),
            MergeCommand.Create(),
            SamCommand.Create(),
            TideCommand.Create(),
            VocCommand.Create(),
        };
        return root;
    }
}
