using System.Text.Json;
using DetEval.Evaluation;
using DetEval.Formats.Sam;

namespace DetEval.Tests.Evaluation.Sam;

/// <summary>testdata/reference/sam-small: every number of expected.json, from PNG folders and RLE JSON alike.</summary>
public sealed class SamReferenceSmallTests
{
    private const double Tolerance = 1e-12;

    private static readonly JsonElement Expected = JsonDocument.Parse(File.ReadAllBytes(Case("expected.json"))).RootElement;

    private static string Case(string name) => TestData.Path("reference", "sam-small", name);

    [Theory]
    [InlineData("gt_sa1b", "pred_png")]
    [InlineData("gt_sa1b", "pred_rle")]
    [InlineData("gt_coco.json", "pred_png")]
    [InlineData("gt_coco.json", "pred_rle")]
    public void Auto_EveryExpectedNumber_Matches(string gt, string pred)
    {
        var truth = SamReader.ReadGroundTruth(Case(gt));
        var predictions = SamReader.ReadGeneratorOutput(Case(pred));
        SamAutoResult result = SamAutoEvaluation.Evaluate(truth, predictions);
        JsonElement auto = Expected.GetProperty("auto");

        JsonElement stats = auto.GetProperty("stats");
        double[] actual = result.Stats.ToArray();
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.Equal(stats.GetProperty(SamAutoStats.Names[i]).GetDouble(), actual[i], Tolerance);
        }

        JsonElement best = auto.GetProperty("bestIoU");
        Assert.Equal(best.GetProperty("mean").GetDouble(), result.MeanBestIou, Tolerance);
        for (int i = 0; i < SamMetrics.Thresholds.Count; i++)
        {
            Assert.Equal(best.GetProperty("recallAt").GetProperty(SamMetrics.Key(SamMetrics.Thresholds[i])).GetDouble(), result.RecallAt[i], Tolerance);
        }

        JsonElement images = auto.GetProperty("images");
        Assert.Equal(images.GetProperty("paired").GetInt32(), result.Paired);
        Assert.Equal(images.GetProperty("unpairedPredictions").EnumerateArray().Select(e => e.GetString()!), result.UnpairedPredictions);
        Assert.Equal(images.GetProperty("gtWithoutPredictions").EnumerateArray().Select(e => e.GetString()!), result.GroundTruthWithoutPredictions);

        JsonElement counts = auto.GetProperty("counts");
        Assert.Equal(counts.GetProperty("gtImages").GetInt32(), result.GroundTruthImages);
        Assert.Equal(counts.GetProperty("gtMasks").GetInt32(), result.GroundTruthMasks);
        Assert.Equal(counts.GetProperty("predictedMasks").GetInt32(), result.PredictedMasks);
        Assert.Equal(counts.GetProperty("unpairedPredictedMasks").GetInt32(), result.UnpairedPredictedMasks);

        // The reference's recall[T][A][M] and precision[T][R] (area all, maxDets 1000), entry by entry.
        JsonElement recall = auto.GetProperty("recall");
        for (int t = 0; t < 10; t++)
        {
            for (int a = 0; a < 4; a++)
            {
                for (int m = 0; m < 3; m++)
                {
                    Assert.Equal(recall[t][a][m].GetDouble(), result.Coco.RecallAt(t, 0, a, m), Tolerance);
                }
            }
        }

        JsonElement precision = auto.GetProperty("precisionAreaAllMaxDets1000");
        for (int t = 0; t < 10; t++)
        {
            for (int r = 0; r < 101; r++)
            {
                Assert.Equal(precision[t][r].GetDouble(), result.Coco.PrecisionAt(t, r, 0, 0, 2), Tolerance);
            }
        }

        // summarize()'s first line is AP at a literal maxDets=100; the other 11 equal stats.
        JsonElement summarize = auto.GetProperty("summarizeStats");
        Assert.Equal(summarize[0].GetDouble(), result.Coco.Summarize(true, null, "all", 100), Tolerance);
        for (int i = 1; i < 12; i++)
        {
            Assert.Equal(summarize[i].GetDouble(), actual[i], Tolerance);
        }
    }

    [Theory]
    [InlineData("gt_sa1b")]
    [InlineData("gt_coco.json")]
    public void Prompt_EveryExpectedNumber_Matches(string gt)
    {
        var truth = SamReader.ReadGroundTruth(Case(gt));
        SamPromptResult result = SamPromptEvaluation.Evaluate(truth, SamReader.ReadPrompts(Case("prompts.json")));
        JsonElement prompt = Expected.GetProperty("prompt");
        Assert.Equal(prompt.GetProperty("prompts").GetInt32(), result.Prompts);
        Assert.Equal(prompt.GetProperty("mIoU").GetDouble(), result.MeanIou, Tolerance);
        Assert.Equal(prompt.GetProperty("oracleMIoU").GetDouble(), result.OracleMeanIou, Tolerance);
        for (int i = 0; i < SamMetrics.Thresholds.Count; i++)
        {
            Assert.Equal(prompt.GetProperty("iouAtLeast").GetProperty(SamMetrics.Key(SamMetrics.Thresholds[i])).GetDouble(), result.IouAtLeast[i], Tolerance);
        }

        Assert.Equal(prompt.GetProperty("calibration").GetProperty("mae").GetDouble(), result.CalibrationMae, Tolerance);
        Assert.Equal(prompt.GetProperty("calibration").GetProperty("pearson").GetDouble(), result.CalibrationPearson, Tolerance);
        Assert.Equal(0, result.Skipped);
    }

    [Fact]
    public void GeneratorFolders_DecodeToTheRleJsonMasks_InRowOrder()
    {
        var png = SamReader.ReadGeneratorOutput(Case("pred_png"));
        var rle = SamReader.ReadGeneratorOutput(Case("pred_rle"));
        Assert.Equal(rle.Select(i => i.Stem), png.Select(i => i.Stem));
        for (int i = 0; i < png.Count; i++)
        {
            Assert.Equal(rle[i].Masks.Count, png[i].Masks.Count);
            for (int k = 0; k < png[i].Masks.Count; k++)
            {
                Assert.Equal(rle[i].Masks[k].Mask.ToCompressedString(), png[i].Masks[k].Mask.ToCompressedString());
                Assert.Equal(rle[i].Masks[k].PredictedIou, png[i].Masks[k].PredictedIou);
                Assert.Equal(rle[i].Masks[k].StabilityScore, png[i].Masks[k].StabilityScore);
            }
        }
    }
}
