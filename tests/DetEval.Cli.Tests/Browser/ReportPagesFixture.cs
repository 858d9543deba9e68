using System.Diagnostics;
using System.Text.Json;
using DetEval.Formats.Coco;

namespace DetEval.Cli.Tests.Browser;

/// <summary>
/// Writes the report page of every command once (on the bundled samples; coco with --tide and --bootstrap, so every
/// section is there) plus one whose class and file names are markup, and starts one headless Chromium for them. The
/// COCO page (the README's picture) is written by the <c>deteval</c> program run from the repository root with relative
/// input paths, as a user types them, so its header names no machine path.
/// </summary>
public sealed class ReportPagesFixture : IAsyncLifetime
{
    private static readonly string Small = TestData.Path("reference", "small");
    private static readonly string Sam = TestData.Path("reference", "sam-small");

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "deteval-browser-" + Guid.NewGuid().ToString("N"));

    /// <summary>The second results file of the compare page (an absolute path, as typed).</summary>
    public string CompareB => Path.Combine(Dir("inputs"), "b.json");

    /// <summary>The class names of the page written from markup-laden inputs.</summary>
    public static IReadOnlyList<string> HostileNames { get; } = ["<img src=x onerror=\"console.error('injected')\">", "a \"b\" & 'c' </td></tr></table>"];

    internal HeadlessChromium? Browser { get; private set; }

    public string Dir(string name) => Path.Combine(Root, name);

    public async Task InitializeAsync()
    {
        string gt = Path.Combine(Small, "gt.json"), dt = Path.Combine(Small, "dt_bbox.json");
        RunFromRepositoryRoot("coco", "--gt", "testdata/reference/small/gt.json", "--dt", "testdata/reference/small/dt_bbox.json", "--out", Dir("coco"), "--no-plots", "--tide", "--bootstrap", "40", "--seed", "1");
        Run("voc", "--gt", Path.Combine(Small, "voc"), "--dt", Path.Combine(Small, "voc", "results"), "--ap", "allpoint", "--out", Dir("voc"), "--no-plots");
        Run("sam", "--mode", "auto", "--gt", Path.Combine(Sam, "gt_sa1b"), "--dt", Path.Combine(Sam, "pred_png"), "--out", Dir("sam-auto"), "--no-plots");
        Run("sam", "--mode", "prompt", "--gt", Path.Combine(Sam, "gt_sa1b"), "--dt", Path.Combine(Sam, "prompts.json"), "--out", Dir("sam-prompt"));
        RunFromRepositoryRoot("tide", "--gt", "testdata/reference/small/gt.json", "--dt", "testdata/reference/small/dt_bbox.json", "--out", Dir("tide"), "--no-plots");
        string person = TestData.Path("reference", "keypoints-small", "person"), lvis = TestData.Path("reference", "lvis-small"), sav = TestData.Path("reference", "sav-small", "sav");
        Run("coco", "--iou-type", "keypoints", "--gt", Path.Combine(person, "gt.json"), "--dt", Path.Combine(person, "dt.json"), "--out", Dir("keypoints"), "--no-plots");
        Run("lvis", "--iou-type", "bbox", "--gt", Path.Combine(lvis, "gt.json"), "--dt", Path.Combine(lvis, "dt_bbox.json"), "--out", Dir("lvis"), "--no-plots");
        string dota = TestData.Path("dota", "dota-small");
        Run("dota", "--gt", Path.Combine(dota, "labelTxt"), "--dt", Path.Combine(dota, "results"), "--out", Dir("dota"), "--no-plots");
        Run("sam", "--mode", "video", "--gt", Path.Combine(sav, "gt"), "--dt", Path.Combine(sav, "pred"), "--out", Dir("sam-video"), "--no-plots");
        string concept = TestData.Path("reference", "cgf1-small");
        Run("sam", "--mode", "concept", "--gt", Path.Combine(concept, "gt.json"), "--gt", Path.Combine(concept, "gt_b.json"), "--gt", Path.Combine(concept, "gt_c.json"), "--dt", Path.Combine(concept, "dt.json"), "--out", Dir("sam-concept"));
        Directory.CreateDirectory(Dir("inputs"));
        string b = CompareB;
        WriteThinned(gt, dt, b);
        RunFromRepositoryRoot("compare", "--gt", "testdata/reference/small/gt.json", "--dt", "testdata/reference/small/dt_bbox.json", "--dt", b, "--bootstrap", "30", "--out", Dir("compare"));
        var (hostileGt, hostileDt) = WriteHostile(Dir("inputs"));
        Run("coco", "--gt", hostileGt, "--dt", hostileDt, "--out", Dir("hostile"), "--no-plots");
        if (HeadlessChromium.Find() is not null)
        {
            Browser = await HeadlessChromium.StartAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    private static void Run(params string[] args)
    {
        var (code, _, stderr) = CliHarness.Run(args);
        if (code != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"deteval {string.Join(' ', args)}: exit {code}: {stderr}");
        }
    }

    /// <summary>Runs the <c>deteval</c> program built beside the tests in the repository root (the folder above testdata/).</summary>
    private static void RunFromRepositoryRoot(params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "DetEval.Cli.exe" : "DetEval.Cli"))
        {
            WorkingDirectory = Path.GetDirectoryName(TestData.Path())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + start.FileName);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deteval {string.Join(' ', args)} did not finish in 2 minutes");
        }

        if (process.ExitCode != ExitCodes.Ok)
        {
            throw new InvalidOperationException($"deteval {string.Join(' ', args)}: exit {process.ExitCode}: {stderr.Result}");
        }
    }

    /// <summary>Model B of the comparison: A's two thirds highest-scoring detections of each image.</summary>
    private static void WriteThinned(string gtPath, string dtPath, string path)
    {
        var gt = CocoReader.ReadGroundTruth(gtPath);
        var dt = CocoReader.ReadResults(dtPath, gt);
        var thinned = dt.AsSpan().ToArray().GroupBy(d => d.ImageId).SelectMany(g => g.OrderByDescending(d => d.Score).Take(g.Count() * 2 / 3));
        File.WriteAllText(path, JsonSerializer.Serialize(thinned.Select(d => new { image_id = d.ImageId, category_id = d.CategoryId, bbox = new[] { d.Box.X, d.Box.Y, d.Box.Width, d.Box.Height }, score = d.Score })));
    }

    /// <summary>Two images, two classes named with markup, file names with markup; a hit, a miss and a false positive each.</summary>
    internal static (string Gt, string Dt) WriteHostile(string dir)
    {
        var gt = new
        {
            images = new[] { new { id = 1, width = 100, height = 100, file_name = "<b>one</b>.jpg" }, new { id = 2, width = 100, height = 100, file_name = "two&<i>.jpg" } },
            categories = new[] { new { id = 1, name = HostileNames[0] }, new { id = 2, name = HostileNames[1] } },
            annotations = new[]
            {
                new { id = 1, image_id = 1, category_id = 1, bbox = new[] { 10.0, 10, 30, 30 }, area = 900.0, iscrowd = 0 },
                new { id = 2, image_id = 1, category_id = 2, bbox = new[] { 50.0, 50, 30, 30 }, area = 900.0, iscrowd = 0 },
                new { id = 3, image_id = 2, category_id = 1, bbox = new[] { 20.0, 20, 40, 40 }, area = 1600.0, iscrowd = 0 },
                new { id = 4, image_id = 2, category_id = 2, bbox = new[] { 5.0, 60, 30, 30 }, area = 900.0, iscrowd = 0 },
            },
        };
        var dt = new[]
        {
            new { image_id = 1, category_id = 1, bbox = new[] { 11.0, 11, 30, 30 }, score = 0.9 },
            new { image_id = 1, category_id = 2, bbox = new[] { 0.0, 0, 20, 20 }, score = 0.8 },
            new { image_id = 2, category_id = 1, bbox = new[] { 22.0, 20, 40, 40 }, score = 0.7 },
            new { image_id = 2, category_id = 2, bbox = new[] { 6.0, 61, 30, 30 }, score = 0.6 },
        };
        string gtPath = Path.Combine(dir, "hostile_gt.json"), dtPath = Path.Combine(dir, "hostile_dt.json");
        File.WriteAllText(gtPath, JsonSerializer.Serialize(gt));
        File.WriteAllText(dtPath, JsonSerializer.Serialize(dt));
        return (gtPath, dtPath);
    }
}
