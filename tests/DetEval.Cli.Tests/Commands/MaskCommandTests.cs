using System.Globalization;
using System.Text.Json;

namespace DetEval.Cli.Tests.Commands;

/// <summary><c>deteval mask</c>: PNG &lt;-&gt; RLE JSON conversion, info and IoU on masks built in a temporary folder.</summary>
public sealed class MaskCommandTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-mask-tests-" + Guid.NewGuid().ToString("N"));

    public MaskCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>A column-major mask of height x width with the rectangle [x0, x0+w) x [y0, y0+h) set.</summary>
    private static byte[] Rectangle(int height, int width, int x0, int y0, int w, int h)
    {
        var mask = new byte[height * width];
        for (int x = x0; x < x0 + w; x++)
        {
            for (int y = y0; y < y0 + h; y++)
            {
                mask[(x * height) + y] = 1;
            }
        }

        return mask;
    }

    /// <summary>An irregular mask: a disc plus a few scattered pixels.</summary>
    private static byte[] Blob(int height, int width, int seed)
    {
        var random = new Random(seed);
        var mask = new byte[height * width];
        for (int x = 0; x < width; x++)
        {
            for (int y = 0; y < height; y++)
            {
                int dx = x - (width / 2), dy = y - (height / 3);
                bool inDisc = (dx * dx) + (dy * dy) < height * width / 8;
                mask[(x * height) + y] = (byte)(inDisc || random.Next(20) == 0 ? 1 : 0);
            }
        }

        return mask;
    }

    private string WritePng(string name, byte[] mask, int height, int width)
    {
        string path = Path.Combine(dir, name);
        PngMask.WriteBinary(Rle.Encode(mask, height, width), path);
        return path;
    }

    [Fact]
    public void PngToRleToPng_IsLossless()
    {
        const int H = 37, W = 29;
        byte[][] masks = [Blob(H, W, 1), Blob(H, W, 2), Rectangle(H, W, 3, 4, 10, 7), new byte[H * W]];
        string[] pngs = masks.Select((m, i) => WritePng($"m{i}.png", m, H, W)).ToArray();
        string json = Path.Combine(dir, "masks.json");
        var toRle = CliHarness.Run(["mask", "to-rle", .. pngs, "--out", json]);
        Assert.True(toRle.Code == 0, toRle.Stderr);

        string outDir = Path.Combine(dir, "out");
        var toPng = CliHarness.Run(["mask", "to-png", json, "--out", outDir]);
        Assert.True(toPng.Code == 0, toPng.Stderr);
        for (int i = 0; i < masks.Length; i++)
        {
            string back = Path.Combine(outDir, $"m{i}.png");
            Assert.True(File.Exists(back), back);
            Assert.Equal(masks[i], PngMask.ReadBinary(back).Decode());
        }

        // The JSON holds size, area and bbox as the library computes them.
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var first = document.RootElement[2];
        Assert.Equal(pngs[2], first.GetProperty("file").GetString());
        Assert.Equal([H, W], first.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(70, first.GetProperty("area").GetDouble());
        Assert.Equal([3.0, 4, 10, 7], first.GetProperty("bbox").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Fact]
    public void ToRle_Instances_OneMaskPerValue()
    {
        const int H = 20, W = 16;
        var a = Rle.Encode(Rectangle(H, W, 1, 1, 4, 4), H, W);
        var b = Rle.Encode(Rectangle(H, W, 8, 10, 5, 3), H, W);
        string path = Path.Combine(dir, "labels.png");
        PngMask.WriteBinary(Rle.Merge([a, b]), path); // 255 everywhere set: a binary PNG read as instances is one value
        var (code, stdout, stderr) = CliHarness.Run(["mask", "to-rle", path, "--instances"]);
        Assert.True(code == 0, stderr);
        using var document = JsonDocument.Parse(stdout);
        var only = Assert.Single(document.RootElement.EnumerateArray());
        Assert.Equal(255, only.GetProperty("value").GetInt32());
        Assert.Equal(16 + 15, only.GetProperty("area").GetDouble());
    }

    [Fact]
    public void Info_KnownMask_PrintsAreaAndBbox()
    {
        const int H = 30, W = 40;
        string png = WritePng("rect.png", Rectangle(H, W, 5, 7, 12, 9), H, W);
        var (code, stdout, stderr) = CliHarness.Run(["mask", "info", png]);
        Assert.True(code == 0, stderr);
        Assert.Equal($"{png}: size=[30, 40] area=108 bbox=[5, 7, 12, 9] runs=25" + Environment.NewLine, stdout);
    }

    [Fact]
    public void Info_RleJson_ListCounts()
    {
        string json = Path.Combine(dir, "one.json");
        File.WriteAllText(json, """{"size": [3, 2], "counts": [1, 2, 3]}""");
        var (code, stdout, stderr) = CliHarness.Run(["mask", "info", json]);
        Assert.True(code == 0, stderr);
        Assert.Equal($"{json}: size=[3, 2] area=2 bbox=[0, 1, 1, 2] runs=3" + Environment.NewLine, stdout);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Iou_EqualsPixelLoop(bool crowd)
    {
        const int H = 41, W = 33;
        byte[] a = Blob(H, W, 7), b = Blob(H, W, 8);
        for (int i = 0; i < b.Length; i += 3)
        {
            b[i] = 0; // make b differ from a beyond the scattered pixels
        }

        string pa = WritePng("a.png", a, H, W);
        string pb = WritePng("b.png", b, H, W);
        long inter = 0, union = 0, areaA = 0;
        for (int i = 0; i < a.Length; i++)
        {
            inter += a[i] & b[i];
            union += a[i] | b[i];
            areaA += a[i];
        }

        double expected = (double)inter / (crowd ? areaA : union);
        var (code, stdout, stderr) = CliHarness.Run(crowd ? ["mask", "iou", pa, pb, "--crowd"] : ["mask", "iou", pa, pb]);
        Assert.True(code == 0, stderr);
        string expectedLine = string.Create(CultureInfo.InvariantCulture, $"iou={expected:R} intersection={inter} union={(crowd ? areaA : union)}");
        Assert.Equal(expectedLine + Environment.NewLine, stdout);
    }

    [Fact]
    public void Iou_DifferentSizes_IsBadInput()
    {
        string pa = WritePng("a.png", Rectangle(10, 10, 1, 1, 3, 3), 10, 10);
        string pb = WritePng("b.png", Rectangle(10, 12, 1, 1, 3, 3), 10, 12);
        var (code, _, stderr) = CliHarness.Run(["mask", "iou", pa, pb]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.StartsWith($"error: {pb}: size: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptRle_IsBadInputNamingTheFile()
    {
        string json = Path.Combine(dir, "corrupt.json");
        File.WriteAllText(json, """[{"size": [10, 10], "counts": "zzz~"}]""");
        foreach (string[] args in new[] { new[] { "mask", "info", json }, ["mask", "to-png", json, "--out", Path.Combine(dir, "o")] })
        {
            var (code, stdout, stderr) = CliHarness.Run(args);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Equal("", stdout);
            Assert.StartsWith($"error: {json}: $[0].counts: ", stderr, StringComparison.Ordinal);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public void NotAPng_AndMissingFile_AreBadInput()
    {
        string fake = Path.Combine(dir, "fake.png");
        File.WriteAllText(fake, "not a png");
        var notPng = CliHarness.Run(["mask", "to-rle", fake]);
        Assert.Equal(ExitCodes.BadInput, notPng.Code);
        Assert.StartsWith($"error: {fake}: byte 0: not a PNG file", notPng.Stderr, StringComparison.Ordinal);

        string missing = Path.Combine(dir, "missing.png");
        var gone = CliHarness.Run(["mask", "info", missing]);
        Assert.Equal(ExitCodes.BadInput, gone.Code);
        Assert.Equal($"error: {missing}: file not found" + Environment.NewLine, gone.Stderr);
    }

    [Fact]
    public void ReferenceStringCounts_RoundTripByteIdentical()
    {
        string results = TestData.Path("reference", "small", "dt_segm.json");
        string outDir = Path.Combine(dir, "pngs");
        var toPng = CliHarness.Run(["mask", "to-png", results, "--out", outDir]);
        Assert.True(toPng.Code == 0, toPng.Stderr);

        using var source = JsonDocument.Parse(File.ReadAllBytes(results));
        var originals = source.RootElement.EnumerateArray().Take(25)
            .Select(r => r.GetProperty("segmentation").GetProperty("counts").GetString())
            .ToArray();
        int digits = (source.RootElement.GetArrayLength() - 1).ToString(CultureInfo.InvariantCulture).Length;
        string[] pngs = Enumerable.Range(0, originals.Length)
            .Select(i => Path.Combine(outDir, i.ToString("D" + digits, CultureInfo.InvariantCulture) + ".png"))
            .ToArray();
        string json = Path.Combine(dir, "back.json");
        var toRle = CliHarness.Run(["mask", "to-rle", .. pngs, "--out", json]);
        Assert.True(toRle.Code == 0, toRle.Stderr);

        using var back = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.Equal(originals, back.RootElement.EnumerateArray().Select(e => e.GetProperty("counts").GetString()));

        // The counts are written as-is (no \u0060-style escapes), so the text of the file holds them verbatim.
        string text = File.ReadAllText(json);
        foreach (string? counts in originals.Where(c => !c!.Contains('\\', StringComparison.Ordinal)))
        {
            Assert.Contains("\"" + counts + "\"", text, StringComparison.Ordinal);
        }
    }
}
