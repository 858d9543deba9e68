using System.Text.Json;

namespace DetEval.Cli.Tests;

public class InputWarningsCliTests
{
    private static string Gt => TestData.Path("bad", "companions", "coco", "gt.json");

    private static string WriteResults()
    {
        // Corner boxes (xyxy) with one score, one category absent from the ground truth: three warnings.
        string path = Path.Combine(Path.GetTempPath(), "deteval-warn-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, """
            [{"image_id": 139, "category_id": 1, "bbox": [400, 150, 630, 420], "score": 0.5},
             {"image_id": 139, "category_id": 1, "bbox": [300, 200, 600, 400], "score": 0.5},
             {"image_id": 285, "category_id": 3, "bbox": [300, 200, 580, 630], "score": 0.5}]
            """);
        return path;
    }

    [Fact]
    public void Coco_SuspiciousInput_PrintsWarningsAndCountsThemInJson()
    {
        string dt = WriteResults();
        string json = dt + ".report.json";
        try
        {
            var (code, _, stderr) = CliHarness.Run(["coco", "--gt", Gt, "--dt", dt, "--quiet", "--json", json]);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("warning: 3 detection boxes reach past the image edge", stderr, StringComparison.Ordinal);
            Assert.Contains("warning: all 3 detections have score 0.5", stderr, StringComparison.Ordinal);
            Assert.Contains("warning: 1 detections are of categories without any ground truth (ids 3)", stderr, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
            var warnings = doc.RootElement.GetProperty("warnings");
            Assert.Equal(3, warnings.GetProperty("xyxy_boxes").GetInt32());
            Assert.Equal(3, warnings.GetProperty("equal_scores").GetInt32());
            Assert.Equal(1, warnings.GetProperty("categories_without_gt").GetInt32());
        }
        finally
        {
            File.Delete(dt);
            File.Delete(json);
        }
    }

    [Fact]
    public void Coco_Strict_MakesWarningsInputErrors()
    {
        string dt = WriteResults();
        try
        {
            var (code, _, stderr) = CliHarness.Run(["coco", "--gt", Gt, "--dt", dt, "--quiet", "--strict"]);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("--strict", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(dt);
        }
    }
}
