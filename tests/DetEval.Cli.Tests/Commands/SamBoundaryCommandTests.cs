using System.Globalization;
using System.Text.Json;
using DetEval.Formats.Sam;

namespace DetEval.Cli.Tests.Commands;

/// <summary><c>deteval sam --mode prompt</c> reports mBIoU beside mIoU: printed, in <c>--json</c>, the library's value.</summary>
public sealed class SamBoundaryCommandTests
{
    private static readonly string Root = TestData.Path("reference", "sam-small");

    [Fact]
    public void Prompt_PrintsAndWritesMBIoU_BesideMIoU()
    {
        string json = Path.Combine(Path.GetTempPath(), "deteval-sam-mbiou-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var (code, stdout, stderr) = CliHarness.Run(["sam", "--mode", "prompt", "--gt", Path.Combine(Root, "gt_sa1b"), "--dt", Path.Combine(Root, "prompts.json"), "--json", json, "-q"]);
            Assert.True(code == ExitCodes.Ok, stderr);
            var result = SamPromptEvaluation.Evaluate(SamReader.ReadGroundTruth(Path.Combine(Root, "gt_sa1b")), SamReader.ReadPrompts(Path.Combine(Root, "prompts.json")));
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith("  mIoU (top-1)", StringComparison.Ordinal));
            Assert.Contains(lines, l => l == "  mBIoU (top-1)       " + result.MeanBoundaryIou.ToString("0.0000", CultureInfo.InvariantCulture));
            using var report = JsonDocument.Parse(File.ReadAllBytes(json));
            Assert.Equal(result.MeanBoundaryIou, report.RootElement.GetProperty("mBIoU").GetDouble());
        }
        finally
        {
            File.Delete(json);
        }
    }
}
