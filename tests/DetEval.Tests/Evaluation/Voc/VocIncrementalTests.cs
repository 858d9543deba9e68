using System.Globalization;
using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Formats.Coco;
using DetEval.Formats.Text;
using DetEval.Formats.Voc;

namespace DetEval.Tests.Evaluation.Voc;

/// <summary>
/// The VOC protocol's mergeable state under its tie rule: one-shot <see cref="VocEvaluation"/> == incremental
/// (random order, four threads) == merged (random 2-8 way splits, binary round trip), bit for bit, for VOC07, VOC10
/// and 101-point AP, with the image set (ties by position) and without it (ties by name).
/// </summary>
public sealed class VocIncrementalTests
{
    public static TheoryData<string, string> Cases => new()
    {
        { "reference/small/voc", "11point" },
        { "reference/small/voc", "allpoint" },
        { "reference/small/voc", "101point" },
        { "external/rafaelpadilla-7img-voc", "11point" },
        { "external/rafaelpadilla-7img-voc", "allpoint" },
        { "reference/small/coco", "allpoint" },
        { "edge/coco", "allpoint" },
        { "edge/coco", "11point" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneShot_Incremental_AndMerged_AreBitIdentical(string data, string ap)
    {
        var (gt, dt, options) = Load(data, ap);
        // The documented tie rule: across images, tied scores go by image-set position when every evaluator knows
        // the image set (as the one-shot evaluation does), and by image name otherwise.
        var oneShot = VocEvaluation.Evaluate(gt, dt, options);
        var perImage = PerImage(gt, dt);
        var imageSet = perImage.Select(x => x.Name).ToArray();
        var rng = new Random(data.Length * 31 + ap.Length);

        var incremental = new VocEvaluator(options, gt.Dataset.Categories, imageSet);
        Parallel.ForEach(perImage.OrderBy(_ => rng.Next()), new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => Update(incremental, x));
        Assert.Equal(gt.Dataset.Images.Count, incremental.ImageCount);
        AssertSame(oneShot, incremental.Compute(), sameIndices: false);

        // Without an image set: by name, whatever the update order and the split.
        var byName = new VocEvaluator(options, gt.Dataset.Categories);
        Parallel.ForEach(perImage.OrderBy(_ => rng.Next()), new ParallelOptions { MaxDegreeOfParallelism = 4 }, x => Update(byName, x));
        var byNameResult = byName.Compute();

        for (int trial = 0; trial < 3; trial++)
        {
            int parts = rng.Next(2, 9);
            foreach (bool withImageSet in new[] { true, false })
            {
                var shards = Enumerable.Range(0, parts).Select(_ => new VocEvaluator(options, gt.Dataset.Categories, withImageSet ? imageSet : null)).ToArray();
                foreach (var x in perImage)
                {
                    Update(shards[rng.Next(parts)], x);
                }

                var merged = new VocEvaluator(options, gt.Dataset.Categories, withImageSet ? imageSet : null);
                foreach (var shard in shards.OrderBy(_ => rng.Next()))
                {
                    using var stream = new MemoryStream();
                    shard.Snapshot().WriteTo(stream);
                    stream.Position = 0;
                    merged.Merge(VocEvaluationState.ReadFrom(stream));
                }

                AssertSame(withImageSet ? oneShot : byNameResult, merged.Compute(), sameIndices: !withImageSet);
            }
        }
    }

    [Fact]
    public void TiedScoresOnDifferentImages_GoByImageName_NotByUpdateOrder()
    {
        // Two images, one object each; a TP on "b" and a FP on "a" with the same score. Pooled "a" first:
        // precision after the first detection is 0, so the 11-point AP differs from the order b-then-a.
        double[] box = [0, 0, 10, 10];
        double[] far = [50, 50, 60, 60];
        var first = new VocEvaluator(VocOptions.Voc2010(), [new Category(1, "x")]);
        first.Update("b", box, [1L], [], box, [0.5], [1L]);
        first.Update("a", box, [1L], [], far, [0.5], [1L]);
        var second = new VocEvaluator(VocOptions.Voc2010(), [new Category(1, "x")]);
        second.Update("a", box, [1L], [], far, [0.5], [1L]);
        second.Update("b", box, [1L], [], box, [0.5], [1L]);
        var a = first.Compute().Classes[0];
        var b = second.Compute().Classes[0];
        Assert.Equal([DetEval.MatchFlag.FalsePositive, DetEval.MatchFlag.TruePositive], a.Flags);
        Assert.Equal(a.Flags, b.Flags);
        Assert.Equal(a.AveragePrecision, b.AveragePrecision);
        Assert.Equal(0.25, a.AveragePrecision, 15);
    }

    [Fact]
    public void Merge_RejectsAnImageSeenTwice_AndOtherClassesOrOptions()
    {
        var classes = new[] { new Category(1, "x") };
        var a = new VocEvaluator(VocOptions.Voc2007(), classes);
        var b = new VocEvaluator(VocOptions.Voc2007(), classes);
        a.Update("img", [], [], [], [], [], []);
        b.Update("img", [], [], [], [], [], []);
        var e = Assert.Throws<InvalidOperationException>(() => a.Merge(b.Snapshot()));
        Assert.Contains("'img'", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => a.Update("img", [], [], [], [], [], []));

        e = Assert.Throws<InvalidOperationException>(() => a.Merge(new VocEvaluator(VocOptions.Voc2010(), classes).Snapshot()));
        Assert.Contains("AP methods differ", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidOperationException>(() => a.Merge(new VocEvaluator(VocOptions.Voc2007(), [new Category(1, "y")]).Snapshot()));
        Assert.Contains("classes differ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpanUpdate_NamesTheBadElement()
    {
        var evaluator = new VocEvaluator(VocOptions.Voc2007(), [new Category(1, "x")]);
        var e = Assert.Throws<ArgumentException>(() => evaluator.Update("i", [0.0, 0, 10, 10], [2L], [], [], [], []));
        Assert.Contains("truthLabels[0]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => evaluator.Update("i", [], [], [], [0.0, 0, 10, 10, 1, 1, double.NaN, 2], [0.9, 0.8], [1L, 1L]));
        Assert.Contains("detectionBoxes[1]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => evaluator.Update("i", [], [], [], [0.0, 0, 10, 10], [double.PositiveInfinity], [1L]));
        Assert.Contains("detectionScores[0]", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<ArgumentException>(() => evaluator.Update("i", [0.0, 0, 10, 10], [1L], [true, false], [], [], []));
        Assert.Contains("truthDifficult", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, evaluator.ImageCount);
    }

    [Fact]
    public void Compute_IsNonDestructive_AndCachedUntilTheNextUpdate()
    {
        var evaluator = new VocEvaluator(VocOptions.Voc2010(), [new Category(1, "x")]);
        evaluator.Update("a", [0.0, 0, 10, 10], [1L], [], [0.0, 0, 10, 10], [0.9], [1L]);
        var first = evaluator.Compute();
        Assert.Same(first, evaluator.Compute());
        Assert.Equal(1.0, first.MeanAveragePrecision);
        evaluator.Update("b", [0.0, 0, 10, 10], [1L], [], [], [], []);
        var second = evaluator.Compute();
        Assert.NotSame(first, second);
        Assert.Equal(0.5, second.MeanAveragePrecision);
        evaluator.Reset();
        Assert.Equal(0, evaluator.ImageCount);
    }

    [Fact]
    public void State_RejectsDamagedBytes_AndACocoState()
    {
        var evaluator = new VocEvaluator(VocOptions.Voc2007(), [new Category(1, "x")]);
        evaluator.Update("a", [0.0, 0, 10, 10], [1L], [], [0.0, 0, 10, 10], [0.9], [1L]);
        using var stream = new MemoryStream();
        evaluator.Snapshot().WriteTo(stream);
        var bytes = stream.ToArray();
        var e = Assert.Throws<DetEvalInputException>(() => VocEvaluationState.ReadFrom(new MemoryStream(bytes[..^1]), "s.bin"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
        var flagged = (byte[])bytes.Clone();
        flagged[^1] = 9;
        e = Assert.Throws<DetEvalInputException>(() => VocEvaluationState.ReadFrom(new MemoryStream(flagged), "s.bin"));
        Assert.Contains("damaged", e.Message, StringComparison.Ordinal);

        using var coco = new MemoryStream();
        new CocoEvaluator(CocoOptions.Coco(), [1L]).Snapshot().WriteTo(coco);
        e = Assert.Throws<DetEvalInputException>(() => VocEvaluationState.ReadFrom(new MemoryStream(coco.ToArray()), "c.bin"));
        Assert.Contains("c.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("is a Coco state, not a Voc state", e.Message, StringComparison.Ordinal);
    }

    private static (VocDataset Gt, VocDetectionSet Dt, VocOptions Options) Load(string data, string ap)
    {
        var method = ap switch
        {
            "allpoint" => AveragePrecisionMethod.AllPoint,
            "101point" => AveragePrecisionMethod.CocoInterpolated,
            _ => AveragePrecisionMethod.ElevenPoint,
        };
        var options = new VocOptions { AveragePrecisionMethod = method };
        switch (data)
        {
            case "reference/small/voc":
            {
                string root = TestData.Path("reference", "small", "voc");
                var gt = VocReader.ReadGroundTruth(root);
                return (gt, VocReader.ReadResults(Path.Combine(root, "results"), gt), options);
            }

            case "external/rafaelpadilla-7img-voc":
            {
                var format = new TextFormatOptions { BoxFormat = TextBoxFormat.Xywh };
                var gt = PerImageTextReader.ReadGroundTruth(TestData.Path("external", "rafaelpadilla-7img-voc", "groundtruths"), format);
                var dt = PerImageTextReader.ReadDetections(TestData.Path("external", "rafaelpadilla-7img-voc", "detections"), gt, format);
                return (gt, dt, options with { IouComparison = IouComparison.GreaterOrEqual, IouThreshold = 0.3 });
            }

            default:
            {
                // COCO files on the VOC protocol (difficult = none); the edge set has heavy score ties.
                string folder = data == "edge/coco" ? "edge" : "reference/small";
                var coco = CocoReader.ReadGroundTruth(TestData.Path([.. folder.Split('/'), "gt.json"]));
                var dets = CocoReader.ReadResults(TestData.Path([.. folder.Split('/'), "dt_bbox.json"]), coco);
                return (new VocDataset(coco), new VocDetectionSet(dets), options);
            }
        }
    }

    private static string NameOf(ImageInfo image) => image.FileName ?? image.Id.ToString(CultureInfo.InvariantCulture);

    private sealed record ImageData(string Name, double[] TruthBoxes, long[] TruthLabels, bool[] Difficult, double[] Boxes, double[] Scores, long[] Labels);

    private static List<ImageData> PerImage(VocDataset gt, VocDetectionSet dt)
    {
        var data = gt.Dataset;
        var list = new List<ImageData>();
        for (int i = 0; i < data.Images.Count; i++)
        {
            var image = data.Images[i];
            var g = Enumerable.Range(0, data.GroundTruths.Count).Where(k => data.GroundTruths[k].ImageId == image.Id).ToArray();
            var d = Enumerable.Range(0, dt.Detections.Count).Where(k => dt.Detections[k].ImageId == image.Id).ToArray();
            list.Add(new ImageData(
                NameOf(image),
                [.. g.SelectMany(k => Flat(gt.Corners[k]))],
                [.. g.Select(k => data.GroundTruths[k].CategoryId)],
                [.. g.Select(k => data.GroundTruths[k].Difficult)],
                [.. d.SelectMany(k => Flat(dt.Corners[k]))],
                [.. d.Select(k => dt.Detections[k].Score)],
                [.. d.Select(k => dt.Detections[k].CategoryId)]));
        }

        return list;
    }

    private static double[] Flat(BoxCorners c) => [c.X1, c.Y1, c.X2, c.Y2];

    private static void Update(VocEvaluator evaluator, ImageData x) =>
        evaluator.Update(x.Name, x.TruthBoxes, x.TruthLabels, x.Difficult, x.Boxes, x.Scores, x.Labels);

    private static void AssertSame(VocResult expected, VocResult actual, bool sameIndices)
    {
        Assert.Equal(expected.Classes.Count, actual.Classes.Count);
        for (int k = 0; k < expected.Classes.Count; k++)
        {
            var e = expected.Classes[k];
            var a = actual.Classes[k];
            Assert.Equal(e.Name, a.Name);
            Assert.Equal(e.NumPositives, a.NumPositives);
            Assert.Equal(e.NumDifficult, a.NumDifficult);
            Assert.Equal(e.Flags, a.Flags);
            // The batch update counts detections in the whole set, the per-image one within the image.
            Assert.True(!sameIndices || e.DetectionIndices.SequenceEqual(a.DetectionIndices), $"{e.Name}: detection indices differ");
            Assert.True(e.Scores.SequenceEqual(a.Scores), $"{e.Name}: scores differ");
            Assert.True(e.Recall.SequenceEqual(a.Recall), $"{e.Name}: recall differs");
            Assert.True(e.Precision.SequenceEqual(a.Precision), $"{e.Name}: precision differs");
            Assert.True(e.AveragePrecision.Equals(a.AveragePrecision), $"{e.Name}: AP {e.AveragePrecision:R} != {a.AveragePrecision:R}");
        }

        Assert.True(expected.MeanAveragePrecision.Equals(actual.MeanAveragePrecision), $"mAP {expected.MeanAveragePrecision:R} != {actual.MeanAveragePrecision:R}");
        Assert.Equal(expected.ClassesAveraged, actual.ClassesAveraged);
    }
}
