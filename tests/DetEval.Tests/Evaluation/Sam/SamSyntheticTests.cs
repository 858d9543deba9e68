using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Formats.Sam;

namespace DetEval.Tests.Evaluation.Sam;

/// <summary>SAM-format data built by the test; expected values from plain pixel loops and from the segm engine.</summary>
public sealed class SamSyntheticTests : IDisposable
{
    private const double Tolerance = 1e-12;
    private readonly SamSyntheticData data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void Prompt_Metrics_EqualPixelLoops()
    {
        var truth = SamReader.ReadGroundTruth(data.GtFolder);
        SamPromptResult result = SamPromptEvaluation.Evaluate(truth, SamReader.ReadPrompts(data.PromptFile));

        var gtMasks = data.Images.SelectMany(i => i.Truths).ToDictionary(t => t.Id, t => t.Mask);
        var top = new List<double>();
        var predicted = new List<double>();
        var oracle = new List<double>();
        foreach (var (_, gtId, masks, ious) in data.Prompts)
        {
            int best = 0;
            for (int k = 1; k < ious.Length; k++)
            {
                if (ious[k] > ious[best])
                {
                    best = k;
                }
            }

            top.Add(SamSyntheticData.PixelIou(masks[best], gtMasks[gtId]));
            predicted.Add(ious[best]);
            oracle.Add(masks.Max(m => SamSyntheticData.PixelIou(m, gtMasks[gtId])));
        }

        int n = top.Count;
        Assert.Equal(n, result.Prompts);
        Assert.Equal(top.Average(), result.MeanIou, Tolerance);
        Assert.Equal(oracle.Average(), result.OracleMeanIou, Tolerance);
        Assert.Equal(top.Count(v => v >= 0.5) / (double)n, result.IouAtLeast[0], Tolerance);
        Assert.Equal(top.Count(v => v >= 0.75) / (double)n, result.IouAtLeast[1], Tolerance);
        Assert.Equal(top.Count(v => v >= 0.9) / (double)n, result.IouAtLeast[2], Tolerance);
        Assert.Equal(top.Zip(predicted, (a, b) => Math.Abs(a - b)).Average(), result.CalibrationMae, Tolerance);
        double mx = predicted.Average(), my = top.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < n; i++)
        {
            sxy += (predicted[i] - mx) * (top[i] - my);
            sxx += (predicted[i] - mx) * (predicted[i] - mx);
            syy += (top[i] - my) * (top[i] - my);
        }

        Assert.Equal(sxy / Math.Sqrt(sxx * syy), result.CalibrationPearson, Tolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Auto_BestIou_EqualsPixelLoops(bool png)
    {
        SamAutoResult result = Evaluate(png, SamScore.PredictedIou);
        var best = new List<double>();
        foreach (var image in data.Images)
        {
            foreach (var (_, gt) in image.Truths)
            {
                best.Add(image.Predictions.Max(p => SamSyntheticData.PixelIou(p.Mask, gt)));
            }
        }

        Assert.Equal(best.Average(), result.MeanBestIou, Tolerance);
        Assert.Equal(best.Count(v => v >= 0.5) / (double)best.Count, result.RecallAt[0], Tolerance);
        Assert.Equal(best.Count(v => v >= 0.75) / (double)best.Count, result.RecallAt[1], Tolerance);
        Assert.Equal(best.Count(v => v >= 0.9) / (double)best.Count, result.RecallAt[2], Tolerance);
        Assert.Equal(data.Images.Count, result.Paired);
        Assert.Empty(result.UnpairedPredictions);
        Assert.Empty(result.GroundTruthWithoutPredictions);
    }

    [Theory]
    [InlineData(false, SamScore.PredictedIou)]
    [InlineData(true, SamScore.PredictedIou)]
    [InlineData(true, SamScore.Stability)]
    [InlineData(false, SamScore.Product)]
    public void Auto_ApAr_EqualSegmEngineWithCategoriesOff(bool png, SamScore score)
    {
        SamAutoResult result = Evaluate(png, score);

        // The same masks through the one-shot segm evaluation with useCats=0, built from the pixels.
        var images = data.Images.Select(i => new ImageInfo(i.Id, i.W, i.H, i.Stem + ".jpg")).ToList();
        var truths = data.Images.SelectMany(i => i.Truths.Select(t =>
        {
            Rle rle = SamSyntheticData.ToRle(t.Mask, i.W, i.H);
            return new GroundTruth(t.Id, i.Id, 1, rle.ToBox(), SamSyntheticData.Count(t.Mask), Segmentation: Segmentation.FromCompressed(rle.ToCompressedString(), i.H, i.W));
        })).ToList();
        var detections = data.Images.SelectMany(i => i.Predictions.Select(p =>
        {
            Rle rle = SamSyntheticData.ToRle(p.Mask, i.W, i.H);
            double s = score switch { SamScore.Stability => p.Stability, SamScore.Product => p.Score * p.Stability, _ => p.Score };
            return new Detection(i.Id, 1, rle.ToBox(), s, SamSyntheticData.Count(p.Mask), Segmentation.FromCompressed(rle.ToCompressedString(), i.H, i.W));
        }));
        var dataset = new DetectionDataset(images, [new Category(1, "object")], truths);
        var options = CocoOptions.Coco(IouType.Segm) with { UseCategories = false, MaxDetections = [10, 100, 1000], SummaryUsesLastMaxDetections = true };
        CocoResult engine = CocoEvaluation.Evaluate(dataset, new DetectionSet(detections), options);

        Assert.Equal(engine.Precision.ToArray(), result.Coco.Precision.ToArray());
        Assert.Equal(engine.Recall.ToArray(), result.Coco.Recall.ToArray());
        // With the last-maxDets summary, the engine's AR1/AR10/AR100 slots are AR at 10/100/1000.
        CocoStats s = engine.Stats;
        Assert.Equal(
            new[] { s.AP, s.AP50, s.AP75, s.APs, s.APm, s.APl, s.AR1, s.AR10, s.AR100, s.ARs, s.ARm, s.ARl },
            result.Stats.ToArray());
    }

    [Fact]
    public void Auto_UnpairedImages_AreReportedNotDropped()
    {
        var truth = SamReader.ReadGroundTruth(data.GtFolder);
        var predictions = SamReader.ReadGeneratorOutput(data.RleFolder);
        var renamed = predictions.Select((p, i) => i == 0 ? p with { Stem = "other" } : p).ToList();
        SamAutoResult result = SamAutoEvaluation.Evaluate(truth, renamed);
        Assert.Equal(data.Images.Count - 1, result.Paired);
        Assert.Equal(["other"], result.UnpairedPredictions);
        Assert.Equal([data.Images[0].Stem], result.GroundTruthWithoutPredictions);
        Assert.Equal(0, result.Images.Single(r => r.Stem == data.Images[0].Stem).MeanBestIou);
        Assert.True(double.IsNaN(result.Images.Single(r => r.Stem == "other").MeanBestIou));
    }

    private SamAutoResult Evaluate(bool png, SamScore score) =>
        SamAutoEvaluation.Evaluate(
            SamReader.ReadGroundTruth(data.GtFolder),
            SamReader.ReadGeneratorOutput(png ? data.PngFolder : data.RleFolder),
            score);
}
