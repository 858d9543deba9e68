using System.CommandLine;
using System.Globalization;

namespace DetEval.Cli.Tests;

/// <summary>Help text, --quiet, shared option names and invariant culture across the commands.</summary>
public class CliPolishTests
{
    private static readonly string Gt = TestData.Path("reference", "small", "gt.json");
    private static readonly string Dt = TestData.Path("reference", "small", "dt_bbox.json");
    private static readonly string VocGt = TestData.Path("external", "rafaelpadilla-7img-voc", "groundtruths");
    private static readonly string VocDt = TestData.Path("external", "rafaelpadilla-7img-voc", "detections");

    [Fact]
    public void RootHelp_ListsEveryCommandAndTheExitCodes()
    {
        var (code, stdout, _) = CliHarness.Run(["--help"]);
        Assert.Equal(ExitCodes.Ok, code);
        foreach (string command in new[] { "coco", "voc", "dota", "sam", "merge" })
        {
            Assert.Contains("  " + command, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("0 ok, 1 usage", stdout, StringComparison.Ordinal);
        Assert.Contains("2 bad input", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOption_StatesItsDefault_UnlessRequired()
    {
        // Sub-commands too (deteval mask to-rle, …).
        static IEnumerable<System.CommandLine.Command> All(System.CommandLine.Command c) => c.Subcommands.SelectMany(s => All(s).Prepend(s));
        foreach (var command in All(Program.BuildRoot()))
        {
            foreach (var option in command.Options.Where(o => o.Name is not "--help" and not "-h" and not "-?" && !o.Required))
            {
                bool shown = option.HasDefaultValue && option.ValueType != typeof(bool);
                Assert.True(shown || option.Description!.Contains("default", StringComparison.Ordinal), $"{command.Name} {option.Name}: no default in help");
            }
        }
    }

    [Theory]
    [InlineData("coco")]
    [InlineData("voc")]
    [InlineData("dota")]
    [InlineData("sam")]
    [InlineData("merge")]
    public void EveryCommand_HasQuietAndJson(string name)
    {
        var command = Program.BuildRoot().Subcommands.Single(c => c.Name == name);
        Assert.Contains(command.Options, o => o.Name == "--quiet" && o.Aliases.Contains("-q"));
        Assert.Contains(command.Options, o => o.Name == "--json");
    }

    [Fact]
    public void Sam_AcceptsDtForPredictions()
    {
        var sam = Program.BuildRoot().Subcommands.Single(c => c.Name == "sam");
        Assert.Contains(sam.Options, o => o.Name == "--pred" && o.Aliases.Contains("--dt"));
    }

    [Fact]
    public void VocQuiet_PrintsOnlyTheMapLine()
    {
        var (code, stdout, stderr) = CliHarness.Run(["voc", "--gt", VocGt, "--dt", VocDt, "--format", "text", "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge", "--ap", "allpoint", "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal("mAP = 0.2457 over 1 of 1 classes (classes without positives are left out)", stdout.Trim());
    }

    [Fact]
    public void CocoQuiet_PrintsTwelveLines()
    {
        var (code, stdout, stderr) = CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt, "--quiet"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal(12, stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Output_UsesInvariantCulture_UnderACommaDecimalLocale()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            // A comma-decimal culture built by hand: the test machine may run in globalization-invariant mode.
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            var coco = CliHarness.Run(["coco", "--gt", Gt, "--dt", Dt]);
            var voc = CliHarness.Run(["voc", "--gt", VocGt, "--dt", VocDt, "--format", "text", "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge"]);
            Assert.Equal(ExitCodes.Ok, coco.Code);
            Assert.Equal(ExitCodes.Ok, voc.Code);
            Assert.DoesNotMatch(@"\d,\d", coco.Stdout);
            Assert.DoesNotMatch(@"\d,\d", voc.Stdout);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
