using System.CommandLine;
using DetEval.Cli.Commands;

namespace DetEval.Cli;

internal static class Program
{
    private static int Main(string[] args) => BuildRoot().Parse(args).Invoke();

    /// <summary>The command tree; tests parse argument arrays against it.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("deteval: object-detection and segmentation evaluation at parity with pycocotools and the VOC devkit.")
        {
            CocoCommand.Create(),
            SamCommand.Create(),
            VocCommand.Create(),
        };
        return root;
    }
}
