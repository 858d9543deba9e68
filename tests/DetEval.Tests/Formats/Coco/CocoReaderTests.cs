using DetEval.Evaluation;
using DetEval.Formats.Coco;

namespace DetEval.Tests.Formats.Coco;

/// <summary>COCO reading: the reference's loadRes rules and one-line errors on bad input.</summary>
public sealed class CocoReaderTests : IDisposable
{
    private const string Gt = """
        {"images": [{"id": 1, "width": 20, "height": 10}, {"id": 2, "width": 20, "height": 10}],
         "categories": [{"id": 1, "name": "a"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "area": 16, "iscrowd": 0}]}
        """;

    private readonly string dir = Directory.CreateTempSubdirectory("deteval-reader-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void LoadRes_BoxResults_TakeAreaWTimesH()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var dt = CocoReader.ReadResults(Write("dt.json", """[{"image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 5], "score": 0.5, "area": 999}]"""), gt);
        Assert.Equal(15, dt[0].Area);
    }

    [Fact]
    public void LoadRes_SegmResultsWithBbox_TakeBoxArea_UnlessMaskAreaIsAsked()
    {
        // A 10x20 mask with 3 pixels set ("counts" [0, 3, 197]) and a 4x4 box.
        const string results = """[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": 0.5, "segmentation": {"size": [10, 20], "counts": [0, 3, 197]}}]""";
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        Assert.Equal(16, CocoReader.ReadResults(Write("dt.json", results), gt)[0].Area);
        Assert.Equal(3, CocoReader.ReadResults(Write("dt.json", results), gt, new CocoResultsOptions { AreaSource = ResultAreaSource.Mask })[0].Area);
    }

    [Fact]
    public void LoadRes_BranchIsChosenByTheFirstResult()
    {
        // First result has no bbox: the mask branch applies to all; area and box come from the mask.
        const string results = """
            [{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": [0, 3, 197]}},
             {"image_id": 1, "category_id": 1, "score": 0.4, "bbox": [0, 0, 4, 4], "segmentation": {"size": [10, 20], "counts": [0, 3, 197]}}]
            """;
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var dt = CocoReader.ReadResults(Write("dt.json", results), gt);
        Assert.Equal(3, dt[0].Area);
        Assert.Equal(3, dt[1].Area);
        Assert.Equal(new DetEval.Box(0, 0, 1, 3), dt[0].Box);
    }

    [Theory]
    // The compressed form of counts [0, 3, 197] ("03U6"), with the box after the mask, before it, or absent.
    [InlineData("""[{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03U6"}}]""", false, 3)]
    [InlineData("""[{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03U6"}, "bbox": [0, 0, 4, 4]}]""", false, 16)]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 4, 4], "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03U6"}}]""", true, 3)]
    public void LoadRes_CompressedMasks_MeasuredWhenRead_GiveTheMaskAreaAndBox(string results, bool maskArea, double area)
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var options = new CocoResultsOptions { AreaSource = maskArea ? ResultAreaSource.Mask : ResultAreaSource.Reference };
        var dt = CocoReader.ReadResults(Write("dt.json", results), gt, options);
        Assert.Equal(area, dt[0].Area);
        Assert.Equal(new DetEval.Rle(10, 20, [0, 3, 197]).ToBox(), dt[0].Segmentation!.ToRle(0, 0).ToBox());
        Assert.Equal(dt[0].Segmentation!.ToRle(0, 0).Counts, new uint[] { 0, 3, 197 });
    }

    [Theory]
    // A bad mask is reported in file order with the other checks against the ground truth, not when it is read.
    [InlineData("""{"image_id": 9, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03U6"}}""", """{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03T7"}}""", "$[0].image_id")]
    [InlineData("""{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03T7"}}""", """{"image_id": 9, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03U6"}}""", "$[0].segmentation")]
    [InlineData("""{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03U6"}}""", """{"image_id": 1, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 20], "counts": "03"}}""", "$[1].segmentation")]
    public void BadCompressedMask_IsReportedInFileOrder(string first, string second, string place)
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string path = Write("dt.json", $"[{first},\n{second}]");
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt));
        Assert.Contains(place, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Results_AsObjectWithAnnotations_AreRead()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var dt = CocoReader.ReadResults(Write("dt.json", """{"info": {"x": [1, 2]}, "annotations": [{"image_id": 2, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1}]}"""), gt);
        Assert.Single(dt);
    }

    [Fact]
    public void EmptyResults_AreValid_AndEvaluateToZero()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var dt = CocoReader.ReadResults(Write("dt.json", "[]"), gt);
        var result = CocoEvaluation.Evaluate(gt, dt);
        Assert.Equal(0, result.Stats.AP);
    }

    [Theory]
    [InlineData("""[{"image_id": 7, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1}]""", "$[0].image_id", "image id 7 is not in the ground truth")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, -1, 1], "score": 1}]""", "$[0].bbox", "negative width")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1], "score": 1}]""", "$[0].bbox", "expected 4 numbers")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}]""", "$[0]", "no \"score\"")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": "high"}]""", "$[0].score", "expected a number")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1e999}]""", "$[0].score", "not a finite double")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 1},""", "line", "end of file")]
    [InlineData("""[{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1] "score": 1}]""", "line 1", "malformed JSON")]
    [InlineData("""{"results": []}""", "$", "annotations")]
    public void BadResults_GiveOneLineErrorNamingFileAndPlace(string text, string place, string problem)
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        string path = Write("dt.json", text);
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(place, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("""{"images": [{"id": 1}, {"id": 1}], "categories": [], "annotations": []}""", "duplicate image id 1")]
    [InlineData("""{"images": [{"id": 1}], "categories": [], "annotations": [{"id": 3, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1}, {"id": 3, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1}]}""", "duplicate annotation id 3")]
    // Ids far apart (a hash set, not a table over their range), the duplicate after a negative one.
    [InlineData("""{"images": [{"id": 1}], "categories": [], "annotations": [{"id": 9000000000000, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1}, {"id": -5, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1}, {"id": 9000000000000, "image_id": 1, "category_id": 1, "bbox": [0,0,1,1], "area": 1}]}""", "duplicate annotation id 9000000000000")]
    [InlineData("""{"images": [{"id": 1}], "categories": [], "annotations": [{"id": 3, "image_id": 9, "category_id": 1, "bbox": [0,0,1,1], "area": 1}]}""", "image id 9 is not among the images")]
    [InlineData("""{"images": [{"id": "x"}], "categories": [], "annotations": []}""", "expected an integer id")]
    [InlineData("""{"images": [], "annotations": []}""", "missing \"categories\"")]
    [InlineData("""{"images": [{"id": 1}], "categories": [], "annotations": [{"id": 3, "image_id": 1, "category_id": 1, "bbox": [0,0,NaN,1], "area": 1}]}""", "malformed JSON")]
    [InlineData("", "empty")]
    public void BadGroundTruth_GivesOneLineError(string text, string problem)
    {
        string path = Write("gt.json", text);
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsAnInputError()
    {
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadGroundTruth(Path.Combine(dir, "nope.json")));
        Assert.Contains("file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeResults_SplitInTwo_GiveTheSameDetectionsInFileOrder()
    {
        // A decoy "}, {" inside a string in every element, so that the split must be confirmed by the parse (a cut on a
        // decoy is refused and the file read in one pass).
        string path = Write("big.json", ScoredResults(60_000, decoyEvery: 1));
        AssertScoresInFileOrder(CocoReader.ReadResults(path, CocoReader.ReadGroundTruth(Write("gt.json", Gt))), 60_000);
    }

    [Fact]
    public void LargeResults_InSeveralParts_GiveTheSameDetectionsInFileOrder()
    {
        // About 16 MB: four parts of 4 MB or more, each after the first started from a likely element start; a decoy
        // now and then, so that most cuts land on element boundaries.
        string path = Write("parts.json", ScoredResults(160_000, decoyEvery: 997));
        var raw = CocoReader.ParseResults(path, new CocoResultsOptions());
        Assert.True(raw.Parts >= 3, $"parsed in {raw.Parts} part(s)");
        AssertScoresInFileOrder(CocoReader.ReadResults(path, CocoReader.ReadGroundTruth(Write("gt.json", Gt))), 160_000);
    }

    /// <summary>Box results on image 1 scored 0, 1, 2, ..., every <paramref name="decoyEvery"/>-th with a decoy "}, {" in a string.</summary>
    private static string ScoredResults(int count, int decoyEvery)
    {
        var sb = new System.Text.StringBuilder("[");
        for (int i = 0; i < count; i++)
        {
            sb.Append(i == 0 ? "" : ", ").Append("{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": ")
              .Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(i % decoyEvery == 0 ? ", \"note\": \"a}, {b\"}" : ", \"note\": \"ab\"}");
        }

        return sb.Append(']').ToString();
    }

    private static void AssertScoresInFileOrder(DetectionSet dt, int count)
    {
        Assert.Equal(count, dt.Count);
        for (int i = 0; i < dt.Count; i++)
        {
            Assert.Equal(i, dt[i].Score);
        }
    }

    [Fact]
    public void LargeResults_ErrorInTheSecondHalf_NamesItsIndex()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var sb = new System.Text.StringBuilder("[");
        for (int i = 0; i < 60_000; i++)
        {
            string score = i == 45_000 ? "\"bad\"" : "0.5";
            sb.Append(i == 0 ? "" : ",\n").Append("{\"image_id\": 1, \"category_id\": 1, \"bbox\": [0, 0, 1, 1], \"score\": ").Append(score).Append('}');
        }

        string path = Write("big.json", sb.Append(']').ToString());
        var e = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadResults(path, gt));
        Assert.Contains("$[45000].score (line 45001)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LargeResults_AreStreamedAcrossBufferRefills()
    {
        var gt = CocoReader.ReadGroundTruth(Write("gt.json", Gt));
        var sb = new System.Text.StringBuilder("[");
        for (int i = 0; i < 40_000; i++)
        {
            sb.Append(i == 0 ? "" : ",\n").Append("""{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "score": 0.25, "extra": "padding padding padding"}""");
        }

        var dt = CocoReader.ReadResults(Write("big.json", sb.Append(']').ToString()), gt);
        Assert.Equal(40_000, dt.Count);
    }
}
