using DetEval.Evaluation;
using DetEval.Formats.Text;
using DetEval.Formats.Voc;
using DetEval.Matching;
using DetEval.Reports;

namespace DetEval.Tests.Evaluation.Voc;

/// <summary>The VOC protocol's rules on small hand-made cases.</summary>
public sealed class VocEvaluationTests
{
    private static VocResult Run(VocTempRoot root, VocOptions options, IReadOnlyList<string>? classes = null)
    {
        var gt = VocReader.ReadGroundTruth(root.Root, classes: classes);
        return VocEvaluation.Evaluate(gt, VocReader.ReadResults(root.Results, gt), options);
    }

    [Fact]
    public void EmptyResultsFile_IsValid_AndGivesZero()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"));
        root.ResultsFile("cat");
        foreach (var options in new[] { VocOptions.Voc2007(), VocOptions.Voc2010() })
        {
            var cls = Run(root, options).Classes.Single();
            Assert.Equal(0, cls.NumDetections);
            Assert.Equal(0.0, cls.AveragePrecision);
        }
    }

    [Fact]
    public void ClassWithoutPositives_IsZeroElevenPoint_NanAllPoint_AndLeftOutOfTheMean()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"), VocTempRoot.Object("dog", "20", "20", "30", "30", difficult: 1));
        root.ResultsFile("cat", "a 0.9 1 1 10 10");
        root.ResultsFile("dog", "a 0.9 20 20 30 30");

        var eleven = Run(root, VocOptions.Voc2007());
        Assert.Equal(0.0, eleven.Classes[1].AveragePrecision);
        Assert.Equal(0, eleven.Classes[1].NumPositives);
        Assert.Equal(1, eleven.Classes[1].NumDifficult);
        Assert.Equal(MatchFlag.Ignored, eleven.Classes[1].Flags[0]);
        // Eleven additions of 1/11, as the devkit does them.
        Assert.Equal(1.0000000000000002, eleven.MeanAveragePrecision);
        Assert.Equal(1, eleven.ClassesAveraged);

        var all = Run(root, VocOptions.Voc2010());
        Assert.True(double.IsNaN(all.Classes[1].AveragePrecision));
        Assert.Equal(1.0, all.MeanAveragePrecision);
        Assert.Equal(1, all.ClassesAveraged);

        var counted = Run(root, VocOptions.Voc2010() with { IgnoreDifficult = false });
        Assert.Equal(1, counted.Classes[1].NumPositives);
        Assert.Equal(1.0, counted.Classes[1].AveragePrecision);
        Assert.Equal(2, counted.ClassesAveraged);
    }

    [Fact]
    public void JsonReport_WritesNullForAnUndefinedAp()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"), VocTempRoot.Object("dog", "20", "20", "30", "30", difficult: 1));
        root.ResultsFile("cat", "a 0.9 1 1 10 10");
        root.ResultsFile("dog");
        using var stream = new MemoryStream();
        VocJsonReport.Write(Run(root, VocOptions.Voc2010()), stream);
        using var doc = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var json = doc.RootElement;
        Assert.Equal("allpoint", json.GetProperty("ap").GetString());
        Assert.Equal(0.5, json.GetProperty("iou").GetDouble());
        Assert.Equal(1.0, json.GetProperty("mAP").GetDouble());
        var classes = json.GetProperty("classes");
        Assert.Equal("cat", classes[0].GetProperty("name").GetString());
        Assert.Equal(1, classes[0].GetProperty("tp").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, classes[1].GetProperty("AP").ValueKind);
        Assert.Equal(1, classes[1].GetProperty("numDifficult").GetInt32());
    }

    [Fact]
    public void CocoInterpolatedAp_IsSelectableForVoc()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"), VocTempRoot.Object("cat", "20", "20", "30", "30"));
        root.ResultsFile("cat", "a 0.9 1 1 10 10", "a 0.8 50 50 60 60", "a 0.7 20 20 30 30");

        // Precision 1 up to recall .5 (51 thresholds), then 2/3 up to recall 1 (50 thresholds).
        var options = VocOptions.Voc2007() with { AveragePrecisionMethod = AveragePrecisionMethod.CocoInterpolated };
        Assert.Equal((51 + (50 * 2.0 / 3)) / 101, Run(root, options).Classes.Single().AveragePrecision, 1e-15);
    }

    [Fact]
    public void TiedScores_KeepFileOrder()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"));

        // Both hit the same object at the same score: the first line is the TP, the second a duplicate FP.
        root.ResultsFile("cat", "a 0.5 30 30 40 40", "a 0.5 1 1 10 10", "a 0.5 1 1 10 10");
        var cls = Run(root, VocOptions.Voc2010()).Classes.Single();
        Assert.Equal([0, 1, 2], cls.DetectionIndices);
        Assert.Equal([MatchFlag.FalsePositive, MatchFlag.TruePositive, MatchFlag.FalsePositive], cls.Flags);
        Assert.Equal([0.0, 0.5, 1.0 / 3], cls.Precision);
        Assert.Equal([0.0, 1.0, 1.0], cls.Recall);
        Assert.Equal(0.5, cls.AveragePrecision);
    }

    [Fact]
    public void ClassList_RestrictsAndOrdersTheClasses()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"), VocTempRoot.Object("dog", "20", "20", "30", "30"));
        root.ResultsFile("dog", "a 0.9 20 20 30 30");
        var result = Run(root, VocOptions.Voc2007(), ["dog"]);
        Assert.Equal("dog", result.Classes.Single().Name);
        Assert.Equal(1.0, result.MeanAveragePrecision, 1e-15);
    }

    [Fact]
    public void DecimalCorners_AreKeptAsTheFileGaveThem()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "0.1", "1", "0.3", "10"));
        root.ResultsFile("cat", "a 0.9 3.4 95.3 473.9 585.7");
        var gt = VocReader.ReadGroundTruth(root.Root);
        var dt = VocReader.ReadResults(root.Results, gt);
        Assert.Equal(0.3, gt.Corners[0].X2);
        Assert.Equal(473.9, dt.Corners[0].X2);
    }

    [Fact]
    public void Yolo_RelativeBoxes_AreScaledByTheImageSize()
    {
        using var root = new VocTempRoot();
        root.Write(Path.Combine("gt", "img.txt"), "0 0.5 0.5 0.5 0.5\n");
        root.Write(Path.Combine("dt", "img.txt"), "0 0.8 0.5 0.5 0.5 0.5\n");
        var options = new TextFormatOptions
        {
            BoxFormat = TextBoxFormat.Yolo,
            Classes = ["cat"],
            ImageSizes = new Dictionary<string, ImageSize> { ["img"] = new(200, 100) },
        };
        var gt = PerImageTextReader.ReadGroundTruth(Path.Combine(root.Root, "gt"), options);
        var dt = PerImageTextReader.ReadDetections(Path.Combine(root.Root, "dt"), gt, options);
        Assert.Equal(new BoxCorners(50, 25, 150, 75), gt.Corners[0]);
        Assert.Equal("cat", gt.Dataset.Categories.Single().Name);
        Assert.Equal(1.0, VocEvaluation.Evaluate(gt, dt, VocOptions.Voc2010()).MeanAveragePrecision);
    }
}
