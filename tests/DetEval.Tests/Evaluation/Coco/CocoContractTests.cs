using DetEval.Evaluation.State;
using DetEval.Matching;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// What an outside program found using the library as a training loop would (issue 13): options checked at
/// construction, states checked when read, the flat-span Update as complete as the object one, wrong inputs refused,
/// results that cannot be changed through their arrays, and a per-image loop without internal types.
/// </summary>
public sealed class CocoContractTests
{
    [Theory]
    [InlineData(1e15)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    public void RecallThresholdsOutOfRange_AreRefusedAtConstruction(double bad)
    {
        var e = Assert.Throws<ArgumentException>(() => CocoOptions.Coco() with { RecallThresholds = [0, 0.5, bad] });
        Assert.Equal("RecallThresholds", e.ParamName);
        Assert.Throws<ArgumentException>(() => new VocOptions { RecallThresholds = [bad] });
    }

    [Fact]
    public void OtherBadOptions_AreRefusedAtConstruction()
    {
        Assert.Throws<ArgumentException>(() => CocoOptions.Coco() with { RecallThresholds = [0.5, 0.2] }); // not ascending
        Assert.Throws<ArgumentException>(() => CocoOptions.Coco() with { IouThresholds = [0.5, double.NaN] });
        Assert.Throws<ArgumentException>(() => CocoOptions.Coco() with { IouThresholds = [] });
        Assert.Throws<ArgumentException>(() => CocoOptions.Coco() with { MaxDetections = [1, -10] });
        Assert.Throws<ArgumentException>(() => CocoOptions.Coco() with { AreaRanges = [new AreaRange("x", 10, 1)] });
        Assert.Throws<ArgumentOutOfRangeException>(() => CocoOptions.Coco() with { IouType = (IouType)77 });
        Assert.Throws<ArgumentException>(() => new VocOptions { IouThreshold = double.PositiveInfinity });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VocOptions { AveragePrecisionMethod = (AveragePrecisionMethod)9 });
    }

    [Fact]
    public void OptionLists_AreCopies_SoChangingTheArrayLaterChangesNothing()
    {
        double[] thresholds = [0.5, 0.75];
        var options = CocoOptions.Coco() with { IouThresholds = thresholds };
        thresholds[0] = 0.9;
        Assert.Equal([0.5, 0.75], options.IouThresholds);
    }

    [Fact]
    public void AStateWithANegativePositiveCount_IsRefusedWhenRead_NotMetInCompute()
    {
        var record = new ImageMatch
        {
            ImageId = 1, CellCategory = [0], CellStart = [0, 0], Scores = [], Flags = [],
            PositiveCount = [-5, 0, 0, 0], CellCounts = [1, 0, 0],
        };
        var state = new CocoEvaluationState(CocoOptions.Coco(), [1L], new Dictionary<long, string>(), [record]);
        var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(state.ToArray(), "s.state"));
        Assert.Contains("positives -5 is out of range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FlatSpanUpdate_TakesAreasAndCrowdFlags_AndEqualsTheObjectUpdate()
    {
        // Ground-truth areas that are not box areas (mask areas) move objects between the size buckets.
        double[] truthBoxes = [0, 0, 40, 40, 100, 100, 110, 110];
        long[] labels = [1, 1];
        double[] areas = [500, 5000];
        bool[] crowd = [false, true];
        double[] boxes = [1, 1, 40, 41, 100, 100, 111, 111, 300, 300, 320, 320];
        double[] scores = [0.9, 0.8, 0.7];
        long[] detLabels = [1, 1, 1];

        var spans = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        spans.Update(3, truthBoxes, labels, boxes, scores, detLabels, truthCrowd: crowd, truthAreas: areas);
        var objects = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        objects.Update(3,
            [new GroundTruth(1, 3, 1, new Box(0, 0, 40, 40), 500), new GroundTruth(2, 3, 1, new Box(100, 100, 10, 10), 5000, IsCrowd: true)],
            [new Detection(3, 1, new Box(1, 1, 39, 40), 0.9, 39 * 40), new Detection(3, 1, new Box(100, 100, 11, 11), 0.8, 121), new Detection(3, 1, new Box(300, 300, 20, 20), 0.7, 400)]);
        Assert.Equal(objects.Compute().Stats, spans.Compute().Stats);

        var boxAreas = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        boxAreas.Update(3, truthBoxes, labels, boxes, scores, detLabels, truthCrowd: crowd);
        Assert.NotEqual(spans.Compute().Stats.APs, boxAreas.Compute().Stats.APs);
    }

    [Fact]
    public void FlatSpanUpdate_NamesTheParameterWhoseLengthIsWrong()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        var e = Assert.Throws<ArgumentException>(() => evaluator.Update(1, [], [], [0.0, 0, 10, 10], [0.9, 0.8], [1L]));
        Assert.Equal("detectionScores", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => evaluator.Update(1, [0.0, 0, 10, 10], [1L], [], [], [], truthAreas: [1, 2]));
        Assert.Equal("truthAreas", e.ParamName);
    }

    [Fact]
    public void SegmUpdateByImageId_WithPolygonTruths_IsAnError_NotAnApOfZero()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(IouType.Segm), [1L]);
        var polygon = Segmentation.FromPolygons([[0, 0, 10, 0, 10, 10, 0, 10]]);
        var gt = new GroundTruth(1, 5, 1, new Box(0, 0, 10, 10), 100, Segmentation: polygon);
        var e = Assert.Throws<ArgumentException>(() => evaluator.Update(5, [gt], []));
        Assert.Contains("image size", e.Message, StringComparison.Ordinal);
        evaluator.Update(new ImageInfo(5, 20, 20), [gt], [new Detection(5, 1, new Box(0, 0, 10, 10), 0.9, 100, polygon)]);
        Assert.Equal(1, evaluator.Compute().Stats.AP50, 12);
    }

    [Fact]
    public void AGroundTruthOrDetectionOfAnotherImage_IsAnError()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        var gt = new GroundTruth(1, 8, 1, new Box(0, 0, 10, 10), 100);
        Assert.Equal("truths", Assert.Throws<ArgumentException>(() => evaluator.Update(7, [gt], [])).ParamName);
        Assert.Equal("detections", Assert.Throws<ArgumentException>(() => evaluator.Update(8, [gt], [new Detection(9, 1, gt.Box, 0.5, 100)])).ParamName);
        Assert.Equal(0, evaluator.ImageCount);
    }

    [Fact]
    public void AnImageFilter_AppliesToMerge()
    {
        var all = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        all.Update(1, [0.0, 0, 10, 10], [1L], [0.0, 0, 10, 10], [0.9], [1L]);
        all.Update(2, [0.0, 0, 10, 10], [1L], [], [], []);
        var filtered = new CocoEvaluator(CocoOptions.Coco() with { ImageIds = [1] }, [1L]);
        filtered.Merge(all.Snapshot());
        Assert.Equal(1, filtered.ImageCount);
        Assert.Equal(1, filtered.Compute().Stats.AP, 12);
    }

    [Fact]
    public void ResultLists_AreReadOnly_SoTheNextComputeCannotChange()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        evaluator.Update(1, [0.0, 0, 10, 10], [1L], [0.0, 0, 10, 10], [0.9], [1L]);
        var result = evaluator.Compute();
        Assert.True(result.Categories is not CategoryResult[] and ICollection<CategoryResult> { IsReadOnly: true });
        Assert.True(result.CategoryIds is not long[]);

        var voc = new VocEvaluator(VocOptions.Voc2010(), [new Category(1, "a")]);
        voc.Update("a", [0.0, 0, 10, 10], [1L], [], [0.0, 0, 10, 10], [0.9], [1L]);
        var cls = voc.Compute().Classes[0];
        Assert.True(cls.Scores is ICollection<double> { IsReadOnly: true } && cls.Scores is not double[]);
        Assert.True(cls.Precision is not double[] && cls.Recall is not double[] && cls.Flags is not MatchFlag[]);
        Assert.Same(voc.Compute(), voc.Compute());
    }

    [Fact]
    public void AnEmptyStream_SaysToRewindIt()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), [1L]);
        using var stream = new MemoryStream();
        evaluator.Snapshot().WriteTo(stream);
        // Forgetting Position = 0 reads nothing: the error says so, not "truncated".
        var e = Assert.Throws<DetEvalInputException>(() => CocoEvaluationState.ReadFrom(stream, "worker 2"));
        Assert.Contains("Position = 0", e.Message, StringComparison.Ordinal);
        stream.Position = 0;
        Assert.Equal(0, CocoEvaluationState.ReadFrom(stream, "worker 2").ImageCount);
    }

    [Fact]
    public void ADetectionSet_GroupsByImage_ForAPerImageLoop()
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path("external", "torchmetrics-bbox-4img", "gt.json"));
        var dt = CocoReader.ReadResults(TestData.Path("external", "torchmetrics-bbox-4img", "results.json"), gt);
        var byImage = dt.ToLookup(d => d.ImageId);
        var truthsByImage = gt.GroundTruths.ToLookup(g => g.ImageId);
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), gt.Categories);
        foreach (var image in gt.Images)
        {
            evaluator.Update(image, [.. truthsByImage[image.Id]], [.. byImage[image.Id]]);
        }

        Assert.Equal(CocoEvaluation.Evaluate(gt, dt).Stats, evaluator.Compute().Stats);
    }
}
