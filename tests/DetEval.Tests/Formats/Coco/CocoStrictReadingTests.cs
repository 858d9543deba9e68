using System.Diagnostics;
using System.Text;

namespace DetEval.Tests.Formats.Coco;

/// <summary>
/// COCO files that are not what they claim are refused, not read with a guess: text after the JSON value, a key given
/// twice, an annotation without a box in box evaluation, segm masks without image sizes or of another size than the
/// masks they are compared with. Unused and wrong-typed values cost constant memory; pipes are read as streams.
/// </summary>
[Collection(nameof(PipeTests))]
public sealed class CocoStrictReadingTests : IDisposable
{
    private const string Images = """[{"id": 1, "width": 20, "height": 10}, {"id": 2, "width": 20, "height": 10}]""";
    private const string Annotation = """{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "area": 16, "iscrowd": 0}""";
    private const string Gt = "{\"images\": " + Images + ", \"categories\": [{\"id\": 1, \"name\": \"a\"}], \"annotations\": [" + Annotation + "]}";
    private const string Results = """[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": 0.9}]""";

    private readonly string dir = Directory.CreateTempSubdirectory("deteval-strict-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Theory]
    [InlineData(Gt + " []", "line 1, byte 238")]
    [InlineData(Gt + "\n{\"images\": []}", "line 2, byte 238")]
    [InlineData(Gt + " x", "line 1, byte 238")]
    public void GroundTruth_TextAfterTheValue_IsRefused(string text, string place)
    {
        string path = Write("gt.json", text);
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(path));
        Assert.Equal($"{path}: {place}: text after the JSON value; expected the end of the file", e.Message);
    }

    [Theory]
    [InlineData(Results + Results)]
    [InlineData(Results + "\n,")]
    [InlineData("{\"annotations\": " + Results + "} {}")]
    public void Results_ASecondArrayOrTrailingText_IsRefused(string text)
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string path = Write("dt.json", text);
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt));
        Assert.Contains("text after the JSON value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeResults_TruncatedOrFollowedByText_AreRefusedFromTheirTail_BeforeParsing()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string large = LargeResults(40_000);
        foreach (string text in new[] { large[..^20], large + " [1]x", large + "\n{}" })
        {
            string path = Write("dt.json", text);
            var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt));
            Assert.Contains("does not end with the ']' that closes its array: it is truncated, or other text follows the JSON value", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal(40_000, CocoReader.ReadResults(Write("dt.json", large), gt).Count);
    }

    [Fact]
    public void LargeResults_ASecondArray_IsRefused()
    {
        // Ends with ']' like a whole file: the parse, not the tail check, finds the second value.
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string path = Write("dt.json", LargeResults(40_000) + "\n[]");
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt));
        Assert.Contains("text after the JSON value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TopLevelKeyGivenTwice_IsRefused()
    {
        string path = Write("gt.json", Gt[..^1] + ", \"annotations\": []}");
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(path));
        Assert.Equal($"{path}: $.annotations: the key \"annotations\" is given twice; expected each top-level key once", e.Message);

        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string results = Write("dt.json", "{\"annotations\": " + Results + ", \"annotations\": []}");
        Assert.Contains("$.annotations: the key \"annotations\" is given twice", Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(results, gt)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "bbox": [1, 1, 2, 2]}""", "$.annotations[0].bbox")]
    [InlineData("""{"id": 1, "id": 2, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4]}""", "$.annotations[0].id")]
    public void KeyGivenTwiceInAnAnnotation_IsRefused(string annotation, string place)
    {
        string path = Write("gt.json", Gt.Replace(Annotation, annotation, StringComparison.Ordinal));
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(path));
        Assert.StartsWith($"{path}: {place} (line 1): the key is given twice in this object", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyGivenTwiceInAResult_IsRefused()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string path = Write("dt.json", """[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": 0.9, "score": 0.1}]""");
        Assert.Contains("$[0].score (line 1): the key is given twice", Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnnotationWithoutBbox_IsRefusedInBoxEvaluation_AndReadForSegm()
    {
        string annotation = """{"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, 4, 0, 4, 4]], "area": 8}""";
        string path = Write("gt.json", Gt.Replace(Annotation, annotation, StringComparison.Ordinal));
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(path, readSegmentation: false));
        Assert.Equal($"{path}: $.annotations[0] (line 1): annotation has no \"bbox\", which bbox evaluation needs", e.Message);
        Assert.Single(CocoReader.ReadGroundTruth(path, readSegmentation: true).GroundTruths);
    }

    [Fact]
    public void Segm_PolygonsOfAnImageWithoutSize_AreRefused()
    {
        string annotation = """{"id": 1, "image_id": 1, "category_id": 1, "segmentation": [[0, 0, 4, 0, 4, 4]], "area": 8, "bbox": [0, 0, 4, 4]}""";
        string gt = Write("gt.json", Gt.Replace(Annotation, annotation, StringComparison.Ordinal).Replace("\"width\": 20, \"height\": 10}, {\"id\": 2", "\"width\": 0}, {\"id\": 2", StringComparison.Ordinal));
        string dt = Write("dt.json", """[{"image_id": 1, "category_id": 1, "segmentation": [[0, 0, 4, 0, 4, 4]], "score": 0.9}]""");
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.Read(gt, dt, readSegmentation: true));
        Assert.StartsWith($"{gt}: $.annotations[0].segmentation: image 1 has no width and height (or 0): segm evaluation needs them to rasterise polygons", e.Message, StringComparison.Ordinal);
        Assert.Single(CocoReader.Read(gt, dt, readSegmentation: false).Results);
    }

    [Fact]
    public void Segm_ResultMaskOfAnotherSizeThanTheGroundTruth_IsRefused()
    {
        string annotation = """{"id": 1, "image_id": 1, "category_id": 1, "segmentation": {"size": [10, 20], "counts": [0, 5, 195]}, "area": 5, "bbox": [0, 0, 1, 5]}""";
        string gt = Write("gt.json", Gt.Replace(Annotation, annotation, StringComparison.Ordinal));
        string dt = Write("dt.json", """[{"image_id": 1, "category_id": 1, "segmentation": {"size": [5, 40], "counts": [0, 5, 195]}, "score": 0.9}]""");
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.Read(gt, dt, readSegmentation: true));
        Assert.StartsWith($"{dt}: $[0].segmentation: mask size [5, 40] differs from the ground truth's [10, 20] ($.annotations[0].segmentation of {gt}) in image 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Segm_MasksThatShareASizeOtherThanTheImages_AreComparedAsTheReferenceDoes()
    {
        // mmdetection's dummy data: 10x10 masks on a 640x640 image; pycocotools gives AP 1.
        string annotation = """{"id": 1, "image_id": 1, "category_id": 1, "segmentation": {"size": [4, 4], "counts": [0, 5, 11]}, "area": 5, "bbox": [0, 0, 2, 4]}""";
        string gt = Write("gt.json", Gt.Replace(Annotation, annotation, StringComparison.Ordinal));
        string dt = Write("dt.json", """[{"image_id": 1, "category_id": 1, "segmentation": {"size": [4, 4], "counts": [0, 5, 11]}, "score": 0.9}]""");
        var (truth, results) = CocoReader.Read(gt, dt, readSegmentation: true);
        var result = CocoEvaluation.Evaluate(truth, results, CocoOptions.Coco(IouType.Segm));
        Assert.Equal(1.0, result.Stats.AP, 1e-12);
    }

    [Fact]
    public void WrongTypedValue_IsRefusedFromItsFirstByte_WithoutBufferingIt()
    {
        string path = Write("gt.json", "{\"images\": \"" + new string('x', 30 << 20) + "\", \"categories\": [], \"annotations\": []}");
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal($"{path}: $.images (line 1, byte 11): expected an array, got a string", e.Message);
        Assert.True(allocated < 8 << 20, $"{allocated:N0} bytes allocated to refuse it");
    }

    [Fact]
    public void UnusedLargeValue_IsSkippedInConstantMemory()
    {
        // A 30 MB "info" object of small tokens: skipped token by token, the buffer never grows.
        var info = new StringBuilder("{\"info\": {\"rows\": [");
        while (info.Length < 30 << 20)
        {
            info.Append("{\"a\": 1, \"b\": [2, 3], \"c\": \"text\"}, ");
        }

        info.Append("{}]}, ").Append(Gt[1..]);
        string path = Write("gt.json", info.ToString());
        long before = GC.GetAllocatedBytesForCurrentThread();
        var gt = CocoReader.ReadGroundTruth(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Single(gt.GroundTruths);
        Assert.True(allocated < 8 << 20, $"{allocated:N0} bytes allocated to skip 30 MB");
    }

    [Fact]
    public async Task Results_FromAPipe_AreReadAsAStream()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string large = LargeResults(100_000); // past the size from which regular files are split in two
        string fifo = Path.Combine(dir, "dt.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var writer = Task.Run(() => File.WriteAllText(fifo, large));
        DetectionSet results;
        try
        {
            results = CocoReader.ReadResults(fifo, gt);
        }
        finally
        {
            if (!writer.IsCompleted)
            {
                // The reader failed before opening the pipe: open it once so the writer is not left blocked.
                using var drain = new FileStream(fifo, FileMode.Open, FileAccess.Read);
                drain.CopyTo(Stream.Null);
            }
        }

        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(100_000, results.Count);
        Assert.Equal(results[99_999].Score, CocoReader.ReadResults(Write("dt.json", large), gt)[99_999].Score);
    }

    private static string LargeResults(int count)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ",\n").Append("{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 4, 4], \"score\": ").Append(i % 1000).Append('}');
        }

        return text.Append(']').ToString();
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}

/// <summary>The tests that read from operating-system pipes run alone, not beside the other test classes.</summary>
/// <remarks>The pipe test found that the parallel splitter opened and closed the fifo before the real read, dropping
/// what the writer had written (fixed: it asks the file system first).</remarks>
[CollectionDefinition(nameof(PipeTests), DisableParallelization = true)]
public sealed class PipeTests;
