using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Text;
using DetEval.Matching;

namespace DetEval.Tests.Evaluation.Voc;

/// <summary>The classic 7-image example (rafaelpadilla): xywh text files, inclusive pixels, IoU &gt;= threshold.</summary>
public sealed class RafaelPadillaSevenImageTests
{
    private static readonly TextFormatOptions Format = new() { BoxFormat = TextBoxFormat.Xywh };

    private static string Dir(params string[] parts) => TestData.Path(["external", "rafaelpadilla-7img-voc", .. parts]);

    private static JsonElement Expected()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Dir("expected.json")));
        return doc.RootElement.Clone();
    }

    private static VocResult Evaluate(double iou, AveragePrecisionMethod method)
    {
        var gt = PerImageTextReader.ReadGroundTruth(Dir("groundtruths"), Format);
        var dt = PerImageTextReader.ReadDetections(Dir("detections"), gt, Format);
        var options = new VocOptions
        {
            IouThreshold = iou,
            IouComparison = IouComparison.GreaterOrEqual,
            AveragePrecisionMethod = method,
            ElevenPointLevels = ElevenPointLevels.Numpy,
        };
        return VocEvaluation.Evaluate(gt, dt, options);
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("0.3")]
    [InlineData("0.5")]
    [InlineData("0.75")]
    public void ElevenPointAndAllPoint_EqualExpected(string iou)
    {
        var expected = Expected();
        double t = double.Parse(iou, System.Globalization.CultureInfo.InvariantCulture);
        var eleven = Evaluate(t, AveragePrecisionMethod.ElevenPoint).Classes.Single();
        var all = Evaluate(t, AveragePrecisionMethod.AllPoint).Classes.Single();
        Assert.Equal(15, eleven.NumPositives);
        Assert.Equal(24, eleven.NumDetections);

        // The expected values are given to 10 decimals.
        Assert.Equal(expected.GetProperty("AP_11_point").GetProperty(iou).GetDouble(), eleven.AveragePrecision, 1e-10);
        Assert.Equal(expected.GetProperty("AP_all_point").GetProperty(iou).GetDouble(), all.AveragePrecision, 1e-10);
    }

    [Fact]
    public void ExactRecallLevels_AtIou01_GiveTheDecimalValue()
    {
        var gt = PerImageTextReader.ReadGroundTruth(Dir("groundtruths"), Format);
        var dt = PerImageTextReader.ReadDetections(Dir("detections"), gt, Format);
        var options = new VocOptions { IouThreshold = 0.1, IouComparison = IouComparison.GreaterOrEqual, ElevenPointLevels = ElevenPointLevels.Exact };
        Assert.Equal(0.3689064559, VocEvaluation.Evaluate(gt, dt, options).Classes.Single().AveragePrecision, 1e-10);
    }

    [Fact]
    public void TpFpSequence_AtIou03_EqualsTheReadmeTable()
    {
        var table = Expected().GetProperty("pr_table_iou0.3");
        var rows = table.GetProperty("rows").EnumerateArray().ToArray();
        var precision = table.GetProperty("precision").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var recall = table.GetProperty("recall").EnumerateArray().Select(e => e.GetDouble()).ToArray();

        var gt = PerImageTextReader.ReadGroundTruth(Dir("groundtruths"), Format);
        var dt = PerImageTextReader.ReadDetections(Dir("detections"), gt, Format);
        var result = Evaluate(0.3, AveragePrecisionMethod.AllPoint).Classes.Single();

        // Letters A..Y without W name the detection lines in file order (images 1..7).
        string letters = "ABCDEFGHIJKLMNOPQRSTUVXY";
        Assert.Equal(rows.Length, result.NumDetections);
        for (int rank = 0; rank < rows.Length; rank++)
        {
            int detIndex = result.DetectionIndices[rank];
            var det = dt.Detections[detIndex];
            Assert.Equal(rows[rank][0].GetString(), gt.Dataset.Images[(int)det.ImageId].FileName);
            Assert.Equal(rows[rank][1].GetString(), letters[detIndex].ToString());
            Assert.Equal(rows[rank][2].GetDouble(), result.Scores[rank]);
            var flag = rows[rank][3].GetInt32() == 1 ? MatchFlag.TruePositive : MatchFlag.FalsePositive;
            Assert.Equal(flag, result.Flags[rank]);
            Assert.Equal(precision[rank], result.Precision[rank], 5e-5);
            Assert.Equal(recall[rank], result.Recall[rank], 5e-5);
        }

        Assert.Equal(7, result.TruePositives);
        Assert.Equal(17, result.FalsePositives);
    }
}
