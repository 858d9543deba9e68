using System.Globalization;
using System.Text;
using DetEval.Evaluation;
using DetEval.Tests.Support;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// The streamed update (each image matched as soon as its results are read): equal to the whole-file update to the
/// bit, and given up, with nothing recorded, wherever the whole-file read must decide (results apart, bad input).
/// </summary>
public sealed class StreamedUpdateTests : IDisposable
{
    private readonly Folder folder = new();

    public void Dispose() => folder.Dispose();

    private sealed class Folder() : TempFolder("deteval-stream-");

    [Theory]
    [InlineData("dt_bbox.json", IouType.Bbox)]
    [InlineData("dt_segm.json", IouType.Segm)]
    [InlineData("dt_segm.json", IouType.Boundary)]
    public void ReferenceSample_Streamed_EqualsTheWholeFileUpdate_AndTheReference(string results, IouType iouType)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("reference", "small", "gt.json"), iouType != IouType.Bbox);
        string path = TestData.Path("reference", "small", results);
        var streamed = new CocoEvaluator(CocoOptions.Coco(iouType), gt.Categories);
        var info = streamed.TryUpdateStreamed(gt, path, new CocoResultsOptions());
        Assert.NotNull(info);
        Assert.Equal(CocoReader.ReadResults(path, gt).Count, info.Count);

        var whole = new CocoEvaluator(CocoOptions.Coco(iouType), gt.Categories);
        whole.Update(gt, CocoReader.ReadResults(path, gt, iouType != IouType.Bbox, new CocoResultsOptions()));
        AssertSameResult(whole.Compute(), streamed.Compute());
        if (iouType != IouType.Boundary)
        {
            // pycocotools' AP on the sample (testdata/reference/small/expected_*.json).
            double expected = iouType == IouType.Bbox ? 0.3834556281964702 : 0.3318995109098571;
            Assert.Equal(expected, streamed.Compute().Stats.AP, 1e-12);
        }
    }

    [Fact]
    public void LargeFile_InParts_WithImagesAcrossTheCuts_EqualsTheWholeFileUpdate()
    {
        // About 17 MB over 40 images of 3,000 results each: parsed in parts whose cuts fall inside images, so that an
        // image's results are joined across a cut (and a part may hold one image only).
        var (gtPath, dtPath) = WriteGrouped(images: 40, perImage: 3000, order: Enumerable.Range(1, 40));
        var gt = CocoReader.ReadGroundTruth(gtPath, readSegmentation: false);
        var streamed = new CocoEvaluator(CocoOptions.Coco(IouType.Bbox), gt.Categories);
        var info = streamed.TryUpdateStreamed(gt, dtPath, new CocoResultsOptions());
        Assert.NotNull(info);
        Assert.True(Parallelism.MaxThreads == 1 || info.Parts >= 2, $"parsed in {info.Parts} part(s)");
        Assert.Equal(120_000, info.Count);
        Assert.Equal(40, streamed.ImageCount);

        var whole = new CocoEvaluator(CocoOptions.Coco(IouType.Bbox), gt.Categories);
        whole.Update(gt, CocoReader.ReadResults(dtPath, gt));
        AssertSameResult(whole.Compute(), streamed.Compute());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // the box branch: masks not measured when read, decoded when matched (the reused ones too)
    public void LargeMaskFile_InParts_EqualsTheWholeFileUpdate(bool withBoxes)
    {
        // About 10 MB of compressed masks (boxes as masks, of many sizes) on 12 images with polygon ground truths:
        // each image's masks measured and decoded once for matching, the arena handed out again image after image,
        // and the images at the parts' cuts held with their masks' bytes and runs until every part is read.
        const int Images = 12, PerImage = 4000;
        var sb = new StringBuilder("[");
        for (int image = 1, n = 0; image <= Images; image++)
        {
            for (int k = 0; k < PerImage; k++, n++)
            {
                var box = new Box((k * 7) % 60, (k * 13) % 60, 5 + (k % 35), 5 + ((k * 3) % 35));
                string counts = Rle.FromBox(box, 100, 100).ToCompressedString().Replace("\\", "\\\\", StringComparison.Ordinal);
                sb.Append(n == 0 ? "" : ", ")
                  .Append(CultureInfo.InvariantCulture, $"{{\"image_id\": {image}, \"category_id\": 1, {(withBoxes ? $"\"bbox\": [{box.X}, {box.Y}, {box.Width}, {box.Height}], " : "")}\"segmentation\": {{\"size\": [100, 100], \"counts\": \"{counts}\"}}, \"score\": {Closeness(box)}}}");
            }
        }

        // Scores rank the masks near the first ground truth first (only 100 an image count), ties included.
        static double Closeness(Box b) => 1.0 / (1 + Math.Abs(b.X - 10) + Math.Abs(b.Y - 10) + Math.Abs(b.Width - 20) + Math.Abs(b.Height - 20));

        string gtPath = folder.Write("gt.json", Ground(Images).Replace("\"iscrowd\": 0}", "\"iscrowd\": 0, \"segmentation\": [[12, 12, 28, 10, 30, 30, 10, 28]]}", StringComparison.Ordinal));
        string dtPath = folder.Write("dt.json", sb.Append(']').ToString());
        var gt = CocoReader.ReadGroundTruth(gtPath);
        var streamed = new CocoEvaluator(CocoOptions.Coco(IouType.Segm), gt.Categories);
        var info = streamed.TryUpdateStreamed(gt, dtPath, new CocoResultsOptions());
        Assert.NotNull(info);
        Assert.True(Parallelism.MaxThreads == 1 || info.Parts >= 2, $"parsed in {info.Parts} part(s)");
        Assert.Equal(Images * PerImage, info.Count);

        var whole = new CocoEvaluator(CocoOptions.Coco(IouType.Segm), gt.Categories);
        whole.Update(gt, CocoReader.ReadResults(dtPath, gt, readSegmentation: true, new CocoResultsOptions()));
        var expected = whole.Compute();
        Assert.True(expected.Stats.AP > 0.01, $"AP {expected.Stats.AP}: the masks should match some ground truths");
        AssertSameResult(expected, streamed.Compute());
    }

    [Fact]
    public void ResultsOfAnImageApart_AreNotStreamed_AndNothingIsRecorded()
    {
        // Image 1, then 2, then 1 again: the first image was matched before its last results came.
        var (gtPath, dtPath) = WriteGrouped(images: 3, perImage: 4, order: [1, 2, 1, 3]);
        var gt = CocoReader.ReadGroundTruth(gtPath, readSegmentation: false);
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Bbox), gt.Categories);
        Assert.Null(evaluator.TryUpdateStreamed(gt, dtPath, new CocoResultsOptions()));
        Assert.Equal(0, evaluator.ImageCount);
    }

    [Fact]
    public void LargeFile_WithAnImageApart_IsNotStreamed_WhereverTheCutsFall()
    {
        // About 19 MB: image 1 over the first 30% of the file and again at 40-60%, around image 2. With four parts (two
        // threads: cuts at 25, 50 and 75%) the second part begins and ends with image 1, two places that must not be
        // joined into one; with any other cuts image 1 is found twice. Either way nothing is recorded.
        var (gtPath, dtPath) = WriteGrouped(images: 3, perImage: 16_000, order: [1, 1, 1, 2, 1, 1, 3, 3, 3, 3]);
        var gt = CocoReader.ReadGroundTruth(gtPath, readSegmentation: false);
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Bbox), gt.Categories);
        Assert.Null(evaluator.TryUpdateStreamed(gt, dtPath, new CocoResultsOptions()));
        Assert.Equal(0, evaluator.ImageCount);
    }

    [Theory]
    [InlineData("""{"image_id": 9, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.5}""")] // an image not in the ground truth
    [InlineData("""{"image_id": 1, "category_id": 1, "score": 0.5}""")] // no bbox after a first result with one
    [InlineData("""{"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": "high"}""")] // not a number
    public void BadInput_IsNotStreamed_SoTheWholeFileReadReportsIt(string bad)
    {
        string gtPath = folder.Write("gt.json", Ground(images: 2));
        string dtPath = folder.Write("dt.json", $$"""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "score": 0.9}, {{bad}}]""");
        var gt = CocoReader.ReadGroundTruth(gtPath, readSegmentation: false);
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Bbox), gt.Categories);
        Assert.Null(evaluator.TryUpdateStreamed(gt, dtPath, new CocoResultsOptions()));
        Assert.Equal(0, evaluator.ImageCount);
        Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(dtPath, gt));
    }

    [Fact]
    public void BadMask_IsNotStreamed()
    {
        // Counts that sum to 199 pixels of a 10 x 20 mask.
        string gtPath = folder.Write("gt.json", Ground(images: 1));
        string dtPath = folder.Write("dt.json", """[{"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": {"size": [10, 20], "counts": [0, 3, 196]}}]""");
        var gt = CocoReader.ReadGroundTruth(gtPath);
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Segm), gt.Categories);
        Assert.Null(evaluator.TryUpdateStreamed(gt, dtPath, new CocoResultsOptions()));
        Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(dtPath, gt));
    }

    private static void AssertSameResult(CocoResult expected, CocoResult actual)
    {
        Assert.Equal(expected.ImageCount, actual.ImageCount);
        Assert.Equal(expected.Stats.ToArray(), actual.Stats.ToArray());
        Assert.True(expected.Precision.SequenceEqual(actual.Precision), "precision arrays differ");
        Assert.True(expected.Recall.SequenceEqual(actual.Recall), "recall arrays differ");
    }

    /// <summary>A ground truth of <paramref name="images"/> 100 x 100 images with two boxes each, category 1.</summary>
    private static string Ground(int images)
    {
        var sb = new StringBuilder("{\"images\": [");
        for (int i = 1; i <= images; i++)
        {
            sb.Append(i == 1 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{{\"id\": {i}, \"width\": 100, \"height\": 100}}");
        }

        sb.Append("], \"categories\": [{\"id\": 1, \"name\": \"a\"}], \"annotations\": [");
        for (int i = 1; i <= images; i++)
        {
            sb.Append(i == 1 ? "" : ", ")
              .Append(CultureInfo.InvariantCulture, $"{{\"id\": {(2 * i) - 1}, \"image_id\": {i}, \"category_id\": 1, \"bbox\": [10, 10, 20, 20], \"area\": 400, \"iscrowd\": 0}}, ")
              .Append(CultureInfo.InvariantCulture, $"{{\"id\": {2 * i}, \"image_id\": {i}, \"category_id\": 1, \"bbox\": [50, 50, 30, 30], \"area\": 900, \"iscrowd\": 0}}");
        }

        return sb.Append("]}").ToString();
    }

    /// <summary>Box results listed image by image in <paramref name="order"/>, varied boxes and scores (ties included).</summary>
    private (string Gt, string Dt) WriteGrouped(int images, int perImage, IEnumerable<int> order)
    {
        var sb = new StringBuilder("[");
        int n = 0;
        foreach (int image in order)
        {
            for (int k = 0; k < perImage; k++, n++)
            {
                int x = (k * 7) % 60, y = (k * 13) % 60, w = 10 + (k % 25), h = 10 + ((k * 3) % 25);
                sb.Append(n == 0 ? "" : ",\n")
                  .Append(CultureInfo.InvariantCulture, $"{{\"image_id\": {image}, \"category_id\": 1, \"bbox\": [{x}, {y}, {w}, {h}], \"score\": {((k * 37) % 101) / 100.0}, \"note\": \"padding to make the file large enough\"}}");
            }
        }

        return (folder.Write("gt.json", Ground(images)), folder.Write("dt.json", sb.Append(']').ToString()));
    }
}
