namespace DetEval.Tests.Formats.Sam;

/// <summary>The SA-Co reader: pairs with their phrase and flags, the per-pair box rule of predictions, bad input.</summary>
public sealed class SaCoReaderTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-saco-" + Guid.NewGuid().ToString("N"));

    public SaCoReaderTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void ReadGroundTruth_ReadsThePairsPhrasesFlagsAndMasks_OfTheSmallCase()
    {
        // The counts the case's README gives for annotator a.
        var gt = SaCoReader.ReadGroundTruth(TestData.Path("reference", "cgf1-small", "gt.json"));
        Assert.Equal(83, gt.Pairs.Count);
        Assert.Equal(18, gt.Pairs.Select(p => p.Image.FileName).Distinct().Count());
        Assert.Equal(4, gt.Pairs.Count(p => !p.IsInstanceExhaustive));
        Assert.Equal(67, gt.Dataset.GroundTruths.Count);
        Assert.Equal(31, gt.Pairs.Count(p => gt.TruthsOf(p.Id).Count > 0));
        Assert.All(gt.Dataset.GroundTruths, t => Assert.Equal(SegmentationKind.CompressedRle, t.Segmentation!.Kind));
        Assert.All(gt.Pairs, p => Assert.NotEqual("", p.Phrase));
        Assert.Empty(gt.TruthsOf(-5));
    }

    [Fact]
    public void ReadPredictions_DecidesTheBoxRulePerPair_ByItsFirstPrediction()
    {
        // Pair 1's first prediction has a box: each keeps its own. Pair 2's first has none: each without one takes its mask's box.
        string dt = Write("dt.json", """
            [{"image_id": 2, "category_id": 1, "score": 0.9, "segmentation": {"size": [4, 4], "counts": [5, 2, 2, 2, 5]}},
             {"image_id": 1, "category_id": 1, "score": 0.9, "bbox": [0, 0, 3, 3], "segmentation": {"size": [4, 4], "counts": [16]}},
             {"image_id": 2, "category_id": 1, "score": 0.8, "bbox": [0.5, 0.5, 1, 1], "segmentation": {"size": [4, 4], "counts": [16]}},
             {"image_id": 2, "category_id": 1, "score": 0.7, "segmentation": {"size": [4, 4], "counts": [16]}},
             {"image_id": 1, "category_id": 1, "score": 0.6, "bbox": [1, 1, 2, 2]}]
            """);
        var predictions = SaCoReader.ReadPredictions(dt);
        Assert.Equal(5, predictions.Count);
        Assert.Equal(new Box(1, 1, 2, 2), predictions[0].Box);   // toBbox: w = x_max - x_min + 1
        Assert.Equal(new Box(0, 0, 3, 3), predictions[1].Box);
        Assert.Equal(new Box(0.5, 0.5, 1, 1), predictions[2].Box);
        Assert.Equal(new Box(0, 0, 0, 0), predictions[3].Box);   // an empty mask
        Assert.Null(predictions[4].Segmentation);
    }

    [Fact]
    public void ReadPredictions_KeepsABoxWithANegativeWidthOrHeight_AsTheReferenceDoes()
    {
        // sam3's evaluator takes such a box (its IoU with every box is then 0; cgf1-edge's negbox runs check the numbers).
        string dt = Write("dt.json", """
            [{"image_id": 1, "category_id": 1, "score": 0.9, "bbox": [30.5, 32, -0.25, 1], "segmentation": {"size": [4, 4], "counts": [16]}},
             {"image_id": 1, "category_id": 1, "score": 0.8, "bbox": [1, 1, 2, -3], "segmentation": {"size": [4, 4], "counts": [16]}}]
            """);
        var predictions = SaCoReader.ReadPredictions(dt);
        Assert.Equal(new Box(30.5, 32, -0.25, 1), predictions[0].Box);
        Assert.Equal(new Box(1, 1, 2, -3), predictions[1].Box);
    }

    [Fact]
    public void ReadPredictions_RefusesAPredictionWithoutABox_WhenThePairsFirstHasOne()
    {
        string dt = Write("dt.json", """
            [{"image_id": 1, "category_id": 1, "score": 0.9, "bbox": [0, 0, 3, 3], "segmentation": {"size": [4, 4], "counts": [16]}},
             {"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": {"size": [4, 4], "counts": [16]}}]
            """);
        var e = Assert.Throws<DetEvalInputException>(() => SaCoReader.ReadPredictions(dt));
        Assert.Equal("$[1]", e.Location);
        Assert.Contains("first prediction of pair 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadPredictions_RefusesPolygonMasksWithoutABox()
    {
        string dt = Write("dt.json", """[{"image_id": 1, "category_id": 1, "score": 0.9, "segmentation": [[0, 0, 3, 0, 3, 3]]}]""");
        var e = Assert.Throws<DetEvalInputException>(() => SaCoReader.ReadPredictions(dt));
        Assert.Equal("$[0].segmentation", e.Location);
    }

    [Fact]
    public void ReadGroundTruth_RefusesAPairWithoutTheExhaustiveFlag_NamingIt()
    {
        string gt = Write("gt.json", """
            {"images": [{"id": 7, "text_input": "dog", "width": 4, "height": 4, "is_instance_exhaustive": 1},
                        {"id": 8, "text_input": "cat", "width": 4, "height": 4}],
             "categories": [{"id": 1, "name": "object"}], "annotations": []}
            """);
        var e = Assert.Throws<DetEvalInputException>(() => SaCoReader.ReadGroundTruth(gt));
        Assert.StartsWith("$.images[1]", e.Location, StringComparison.Ordinal);
        Assert.Contains("pair 8 has no \"is_instance_exhaustive\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadGroundTruth_RefusesAnAnnotationOfAPairThatIsNotListed()
    {
        string gt = Write("gt.json", """
            {"images": [{"id": 7, "text_input": "dog", "width": 4, "height": 4, "is_instance_exhaustive": true}],
             "categories": [{"id": 1, "name": "object"}],
             "annotations": [{"id": 1, "image_id": 9, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "iscrowd": 0, "segmentation": {"size": [4, 4], "counts": [16]}}]}
            """);
        var e = Assert.Throws<DetEvalInputException>(() => SaCoReader.ReadGroundTruth(gt));
        Assert.StartsWith("$.annotations[0].image_id", e.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadGroundTruth_RefusesAFileWithoutImages()
    {
        string gt = Write("gt.json", """{"categories": [], "annotations": []}""");
        Assert.Contains("missing \"images\"", Assert.Throws<DetEvalInputException>(() => SaCoReader.ReadGroundTruth(gt)).Message, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
