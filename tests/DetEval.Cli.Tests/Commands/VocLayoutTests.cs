using System.Globalization;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval voc --gt</c> detects the layout of its folder (VOC root, the Annotations folder itself, per-image text,
/// YOLO with image sizes), says it in the conventions line, and refuses a folder that could be two layouts or none.
/// </summary>
public sealed class VocLayoutTests : IDisposable
{
    private static readonly string Root = TestData.Path("reference", "small", "voc");
    private static readonly string TextGt = TestData.Path("external", "rafaelpadilla-7img-voc", "groundtruths");
    private static readonly string TextDt = TestData.Path("external", "rafaelpadilla-7img-voc", "detections");
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-voc-layout-" + Guid.NewGuid().ToString("N"));

    public VocLayoutTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string MeanLine(string stdout) => stdout.Split('\n').Single(l => l.StartsWith("mAP = ", StringComparison.Ordinal));

    private static string Conventions(string stdout) => stdout.Split('\n').Single(l => l.StartsWith("conventions: ", StringComparison.Ordinal));

    /// <summary>Runs both command lines; the second succeeds with the first's mAP and says <paramref name="input"/>.</summary>
    private static void AssertSameMean(string[] expected, string[] actual, string? input)
    {
        var want = CliHarness.Run(expected);
        var got = CliHarness.Run(actual);
        Assert.True(got.Code == ExitCodes.Ok, got.Stderr);
        Assert.Equal(MeanLine(want.Stdout), MeanLine(got.Stdout));
        if (input is not null)
        {
            Assert.StartsWith("conventions: input " + input + "; ", Conventions(got.Stdout), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AVocRoot_IsSaidToBeOne()
    {
        var (code, stdout, stderr) = CliHarness.Run(["voc", "--gt", Root, "--dt", Path.Combine(Root, "results")]);
        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.StartsWith("conventions: input VOC root (Annotations/*.xml); ", Conventions(stdout), StringComparison.Ordinal);
    }

    [Fact]
    public void TheAnnotationsFolderItself_GivesTheVocRootsNumbers_AndIsSaidToBeIt()
    {
        AssertSameMean(
            ["voc", "--gt", Root, "--dt", Path.Combine(Root, "results"), "--ap", "allpoint"],
            ["voc", "--gt", Path.Combine(Root, "Annotations"), "--dt", Path.Combine(Root, "results"), "--ap", "allpoint"],
            "the Annotations folder (*.xml)");
    }

    [Fact]
    public void TheAnnotationsFolderWithoutAnImageSetBesideIt_ReadsEveryXmlFile()
    {
        string annotations = Path.Combine(dir, "Annotations");
        Directory.CreateDirectory(annotations);
        foreach (string file in Directory.GetFiles(Path.Combine(Root, "Annotations"), "*.xml"))
        {
            File.Copy(file, Path.Combine(annotations, Path.GetFileName(file)));
        }

        // The image set of the root lists every annotation file, so the numbers agree.
        Assert.Equal(File.ReadAllLines(Path.Combine(Root, "ImageSets", "Main", "test.txt")).Count(l => l.Trim().Length > 0), Directory.GetFiles(annotations).Length);
        AssertSameMean(
            ["voc", "--gt", Root, "--dt", Path.Combine(Root, "results"), "--ap", "allpoint"],
            ["voc", "--gt", annotations, "--dt", Path.Combine(Root, "results"), "--ap", "allpoint"],
            "the Annotations folder (*.xml)");
    }

    [Fact]
    public void PerImageTextFiles_NeedNoFormatOption()
    {
        AssertSameMean(
            ["voc", "--gt", TextGt, "--dt", TextDt, "--format", "text", "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge", "--ap", "allpoint"],
            ["voc", "--gt", TextGt, "--dt", TextDt, "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge", "--ap", "allpoint"],
            "per-image text files (*.txt)");
    }

    [Fact]
    public void YoloFilesWithImageSizes_AreDetected_AndGiveTheAbsoluteBoxesNumbers()
    {
        // The 7-image set in YOLO form on 1024 x 1024 images: every conversion is exact (a power of two).
        string gt = Path.Combine(dir, "gt");
        string dt = Path.Combine(dir, "dt");
        Directory.CreateDirectory(gt);
        Directory.CreateDirectory(dt);
        var sizes = new List<string>();
        foreach (string file in Directory.GetFiles(TextGt, "*.txt"))
        {
            File.WriteAllLines(Path.Combine(gt, Path.GetFileName(file)), File.ReadAllLines(file).Where(l => l.Trim().Length > 0).Select(l => ToYolo(l, 1)));
            sizes.Add(Path.GetFileNameWithoutExtension(file) + " 1024 1024");
        }

        foreach (string file in Directory.GetFiles(TextDt, "*.txt"))
        {
            File.WriteAllLines(Path.Combine(dt, Path.GetFileName(file)), File.ReadAllLines(file).Where(l => l.Trim().Length > 0).Select(l => ToYolo(l, 2)));
        }

        string sizeFile = Path.Combine(dir, "sizes.txt");
        File.WriteAllLines(sizeFile, sizes);
        AssertSameMean(
            ["voc", "--gt", TextGt, "--dt", TextDt, "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge", "--ap", "allpoint", "--pixel-convention", "continuous"],
            ["voc", "--gt", gt, "--dt", dt, "--image-sizes", sizeFile, "--iou", "0.3", "--iou-compare", "ge", "--ap", "allpoint", "--pixel-convention", "continuous"],
            "per-image YOLO text files with image sizes");
    }

    private static string ToYolo(string line, int first)
    {
        // "<class> [score] x y w h" -> "<class> [score] cx cy w h" relative to 1024.
        string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        double x = double.Parse(f[first], CultureInfo.InvariantCulture), y = double.Parse(f[first + 1], CultureInfo.InvariantCulture);
        double w = double.Parse(f[first + 2], CultureInfo.InvariantCulture), h = double.Parse(f[first + 3], CultureInfo.InvariantCulture);
        string R(double v) => (v / 1024).ToString("R", CultureInfo.InvariantCulture);
        return string.Join(' ', f.Take(first)) + " " + string.Join(' ', R(x + w / 2), R(y + h / 2), R(w), R(h));
    }

    [Fact]
    public void AFolderOfBothXmlAndText_IsRefused_NamingTheChoices()
    {
        File.WriteAllText(Path.Combine(dir, "a.xml"), "<annotation/>");
        File.WriteAllText(Path.Combine(dir, "b.txt"), "cat 1 2 3 4\n");
        var (code, stdout, stderr) = CliHarness.Run(["voc", "--gt", dir, "--dt", TextDt]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        string line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(dir, line, StringComparison.Ordinal);
        Assert.Contains("--format voc", line, StringComparison.Ordinal);
        Assert.Contains("--format text", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderOfNeither_IsRefused_NamingTheLayoutsExpected()
    {
        File.WriteAllText(Path.Combine(dir, "a.json"), "{}");
        var (code, _, stderr) = CliHarness.Run(["voc", "--gt", dir, "--dt", TextDt]);
        Assert.Equal(ExitCodes.BadInput, code);
        string line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("expected a VOC root (holding Annotations/), the Annotations folder itself (*.xml files), or per-image text files (*.txt)", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFormatOption_SettlesAnAmbiguousFolder()
    {
        foreach (string file in Directory.GetFiles(TextGt, "*.txt"))
        {
            File.Copy(file, Path.Combine(dir, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(dir, "stray.xml"), "<annotation/>");
        AssertSameMean(
            ["voc", "--gt", TextGt, "--dt", TextDt, "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge"],
            ["voc", "--gt", dir, "--dt", TextDt, "--format", "text", "--box-format", "xywh", "--iou", "0.3", "--iou-compare", "ge"],
            null);
    }
}
