using DetEval.Cli.Commands;

namespace DetEval.Cli.Tests.Commands;

public class CocoCommandParseTests
{
    private static readonly string Gt = TestData.Path("reference", "small", "gt.json");
    private static readonly string Dt = TestData.Path("reference", "small", "dt_bbox.json");

    [Fact]
    public void Parse_Defaults_NoOutAndPlotsOn()
    {
        var parse = Program.BuildRoot().Parse(["coco", "--gt", Gt, "--dt", Dt]);
        Assert.Empty(parse.Errors);
        var settings = CocoCommand.Parse(parse);
        Assert.Null(settings.Out);
        Assert.True(settings.Plots);
        Assert.False(settings.Quiet);
        Assert.Equal(Gt, settings.GroundTruth.FullName);
        Assert.Equal([1, 10, 100], settings.Options.MaxDetections);
    }

    [Fact]
    public void Parse_Out_SetsDirectory()
    {
        var parse = Program.BuildRoot().Parse(["coco", "--gt", Gt, "--dt", Dt, "--out", "some/dir", "-q"]);
        Assert.Empty(parse.Errors);
        var settings = CocoCommand.Parse(parse);
        Assert.Equal(Path.GetFullPath("some/dir"), settings.Out!.FullName);
        Assert.True(settings.Quiet);
    }

    [Fact]
    public void Parse_NoPlots_TurnsPlotsOff()
    {
        var parse = Program.BuildRoot().Parse(["coco", "--gt", Gt, "--dt", Dt, "--out", "x", "--no-plots"]);
        Assert.Empty(parse.Errors);
        Assert.False(CocoCommand.Parse(parse).Plots);
    }

    [Fact]
    public void Parse_ThePlotsOptionThatDidNothing_IsGone()
    {
        // Plots are on by default with --out; --no-plots turns them off. "--plots" did nothing and was removed.
        var parse = Program.BuildRoot().Parse(["coco", "--gt", Gt, "--dt", Dt, "--plots"]);
        Assert.Contains(parse.Errors, e => e.Message.Contains("--plots", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_OptionLists_AreParsedInvariantly()
    {
        var parse = Program.BuildRoot().Parse(["coco", "--gt", Gt, "--dt", Dt, "--iou-thresholds", "0.5,0.75", "--max-dets", "5,50", "--iou-type", "segm"]);
        Assert.Empty(parse.Errors);
        var settings = CocoCommand.Parse(parse);
        Assert.Equal([0.5, 0.75], settings.Options.IouThresholds);
        Assert.Equal([5, 50], settings.Options.MaxDetections);
        Assert.Equal(DetEval.IouType.Segm, settings.Options.IouType);
    }

    [Fact]
    public void Invoke_MissingFile_IsBadInput()
    {
        // A missing input is bad input (exit 2, as the root command's help says), not a usage error.
        var (code, _, stderr) = CliHarness.Run(["coco", "--gt", "does-not-exist.json", "--dt", Dt]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("does-not-exist.json: --gt: file not found", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_UsageError_ExitsWithOne()
    {
        var (code, _, _) = CliHarness.Run(["coco", "--dt", Dt]);
        Assert.Equal(ExitCodes.Usage, code);
    }

    [Fact]
    public void Invoke_Version_PrintsVersionAndExitsZero()
    {
        var (code, stdout, _) = CliHarness.Run(["--version"]);
        Assert.Equal(ExitCodes.Ok, code);
        // In process the version is the entry assembly's (the test host); the installed tool prints DetEval.Cli's.
        Assert.Matches(@"^\d+\.\d+", stdout.Trim());
    }

    [Fact]
    public void Invoke_Help_ListsOutAndPlotOptions()
    {
        var (code, stdout, _) = CliHarness.Run(["coco", "--help"]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("--out", stdout, StringComparison.Ordinal);
        Assert.Contains("--no-plots", stdout, StringComparison.Ordinal);
    }
}
