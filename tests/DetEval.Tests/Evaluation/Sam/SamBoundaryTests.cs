using DetEval.Evaluation;
using DetEval.Formats.Sam;
using DetEval.Tests.Masks;

namespace DetEval.Tests.Evaluation.Sam;

/// <summary>
/// mBIoU of prompted masks (SAM-HQ practice): each prompt's top-1 Boundary IoU against the literal bands of
/// boundary-iou-api's <c>mask_to_boundary</c> at ratio 0.02, their mean, and the value kept through the state.
/// </summary>
public sealed class SamBoundaryTests
{
    private static string Case(string name) => TestData.Path("reference", "sam-small", name);

    [Fact]
    public void TopBoundaryIou_EqualsTheLiteralBandsIou_AndMBIoUIsTheirMean()
    {
        var truth = SamReader.ReadGroundTruth(Case("gt_sa1b"));
        var prompts = SamReader.ReadPrompts(Case("prompts.json"));
        SamPromptResult result = SamPromptEvaluation.Evaluate(truth, prompts);
        var truthBands = new Dictionary<(long, long), byte[]>();
        var images = truth.ToDictionary(t => t.Image.Id);
        // The outcomes come in image-id order, each image's prompts in file order.
        var ordered = prompts.Prompts.Select((p, i) => (p, i)).OrderBy(x => x.p.ImageId).ThenBy(x => x.i).Select(x => x.p).ToList();
        var expected = new List<double>();
        int lower = 0;
        for (int k = 0; k < result.Outcomes.Count; k++)
        {
            var (outcome, prompt) = (result.Outcomes[k], ordered[k]);
            Assert.Equal((prompt.ImageId, prompt.GtId), (outcome.ImageId, outcome.GtId));
            var image = images[outcome.ImageId];
            var gtMask = image.Truths.Single(t => t.Id == outcome.GtId).Segmentation!.ToRle(image.Image.Height, image.Image.Width);
            var top = prompt.Masks[outcome.TopIndex];
            if (!truthBands.TryGetValue((outcome.ImageId, outcome.GtId), out var bandG))
            {
                bandG = truthBands[(outcome.ImageId, outcome.GtId)] = BoundaryBandTests.LiteralBand(gtMask.Decode(), gtMask.Height, gtMask.Width, 0.02);
            }

            var bandM = BoundaryBandTests.LiteralBand(top.Decode(), top.Height, top.Width, 0.02);
            double iou = MaskOracle.PixelIou(bandM, bandG, crowd: false);
            Assert.Equal(BitConverter.DoubleToInt64Bits(iou), BitConverter.DoubleToInt64Bits(outcome.TopBoundaryIou));
            expected.Add(iou);
            lower += iou < outcome.TopIou ? 1 : 0;
        }

        Assert.Equal(84, expected.Count);
        Assert.True(lower > 40, $"the band is below the mask IoU for only {lower} prompts");
        Assert.Equal(SamMetrics.Mean([.. expected]), result.MeanBoundaryIou);
        Assert.True(result.MeanBoundaryIou < result.MeanIou);

        // The COCO form of the same ground truth gives the same outcomes.
        Assert.Equal(result.Outcomes, SamPromptEvaluation.Evaluate(SamReader.ReadGroundTruth(Case("gt_coco.json")), prompts).Outcomes);
    }

    [Fact]
    public void State_KeepsEachPromptsBoundaryIou_AndRefusesOneOutsideZeroToOne()
    {
        var truth = SamReader.ReadGroundTruth(Case("gt_sa1b"));
        var evaluator = new SamPromptEvaluator();
        evaluator.Update(truth, SamReader.ReadPrompts(Case("prompts.json")));
        var back = SamPromptEvaluationState.ReadFrom(new MemoryStream(evaluator.Snapshot().ToArray()), "p.state");
        var again = SamPromptEvaluator.FromState(back).Compute();
        Assert.Equal(evaluator.Compute().Outcomes, again.Outcomes);
        Assert.Equal(evaluator.Compute().MeanBoundaryIou, again.MeanBoundaryIou);

        var bad = new SamPromptEvaluationState([new SamPromptImage(1, [new SamPromptOutcome(1, 2, 0, 0.5, 0.5, 0.5, 1.5)])], 0);
        var e = Assert.Throws<DetEvalInputException>(() => SamPromptEvaluationState.ReadFrom(new MemoryStream(bad.ToArray()), "p.state"));
        Assert.Contains("boundary IoU", e.Message, StringComparison.Ordinal);
        Assert.Contains("p.state", e.Message, StringComparison.Ordinal);
    }
}
