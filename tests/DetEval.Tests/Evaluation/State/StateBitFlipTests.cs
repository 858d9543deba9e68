using System.Diagnostics;

namespace DetEval.Tests.Evaluation.State;

/// <summary>
/// Every single-bit flip of a small state of each protocol is refused with a <see cref="DetEvalInputException"/>:
/// none is accepted (the format has no padding), none hangs, nothing else is thrown. A damaged state is never met
/// later as wrong numbers, a spin in Compute or a huge allocation.
/// </summary>
public sealed class StateBitFlipTests
{
    public static TheoryData<string> Protocols => ["coco", "voc", "sam-auto", "sam-prompt"];

    [Theory]
    [MemberData(nameof(Protocols))]
    public void EverySingleBitFlip_IsRefused(string protocol)
    {
        byte[] bytes = SmallState(protocol).ToArray();
        // The state itself reads back, to the same bytes.
        Assert.Equal(bytes, EvaluationState.FromBytes(bytes, "s.state").ToArray());

        var clock = Stopwatch.StartNew();
        int refused = 0;
        var accepted = new List<int>();
        var copy = (byte[])bytes.Clone();
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                EvaluationState.FromBytes(copy, "s.state");
                accepted.Add(bit);
            }
            catch (DetEvalInputException e)
            {
                Assert.StartsWith("s.state: byte ", e.Message, StringComparison.Ordinal);
                refused++;
            }

            copy[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.Empty(accepted);
        Assert.Equal(bytes.Length * 8, refused);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"{bytes.Length * 8} flips took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Protocols))]
    public void StrayBytesAfterAState_AreRefused(string protocol)
    {
        byte[] bytes = [.. SmallState(protocol).ToArray(), 0];
        var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(bytes, "s.state"));
        Assert.Contains("s.state", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A state of a few hundred bytes to a few kilobytes.</summary>
    internal static EvaluationState SmallState(string protocol)
    {
        switch (protocol)
        {
            case "coco":
            {
                var coco = new CocoEvaluator(CocoOptions.Coco(), [new Category(1, "a"), new Category(3, "b")]);
                coco.Update(7, [0.0, 0, 10, 10, 20, 20, 40, 40], [1L, 3L], [1.0, 1, 10, 10, 21, 19, 40, 41, 0, 0, 5, 5], [0.9, 0.8, 0.3], [1L, 3L, 1L], truthCrowd: [false, true]);
                coco.Update(9, [5.0, 5, 50, 50], [3L], [4.0, 6, 50, 49], [0.7], [3L]);
                return coco.Snapshot();
            }

            case "voc":
            {
                var voc = new VocEvaluator(VocOptions.Voc2007(), [new Category(1, "a"), new Category(2, "b")], ["x", "y", "z"]);
                voc.Update("x", [0.0, 0, 10, 10, 20, 20, 40, 40], [1L, 2L], [false, true], [1.0, 1, 10, 10, 21, 19, 40, 41], [0.9, 0.8], [1L, 2L]);
                voc.Update("z", [5.0, 5, 50, 50], [2L], [], [4.0, 6, 50, 49, 0, 0, 3, 3], [0.7, 0.7], [2L, 2L]);
                return voc.Snapshot();
            }

            case "sam-auto":
            {
                var (truth, predictions) = TinySam();
                var sam = new SamAutoEvaluator();
                sam.Update(truth, predictions);
                return sam.Snapshot();
            }

            default:
            {
                var (truth, predictions) = TinySam();
                var prompts = new SamPromptSet([new SamPrompt(1, 11, [predictions[0].Masks[0].Mask, predictions[0].Masks[1].Mask], [0.9, 0.6], "$[0]")], "p.json");
                var sam = new SamPromptEvaluator();
                sam.Update(truth, prompts);
                return sam.Snapshot();
            }
        }
    }

    private static (SamGroundTruthImage[] Truth, SamImagePredictions[] Predictions) TinySam()
    {
        var image = new ImageInfo(1, 12, 10, "a.jpg");
        var gt1 = Rle.FromBox(new Box(1, 1, 5, 4), 10, 12);
        var gt2 = Rle.FromBox(new Box(6, 5, 5, 4), 10, 12);
        var truth = new SamGroundTruthImage("a", image,
            [new GroundTruth(11, 1, 1, gt1.ToBox(), gt1.Area, Segmentation: Segmentation.FromRle(gt1)), new GroundTruth(12, 1, 1, gt2.ToBox(), gt2.Area, Segmentation: Segmentation.FromRle(gt2))], "gt");
        SamGeneratedMask Mask(int i, Box box, double iou) => new(i, Rle.FromBox(box, 10, 12), iou, 0.9, "pred", $"mask {i}");
        var predictions = new SamImagePredictions("a", [Mask(0, new Box(1, 1, 5, 5), 0.8), Mask(1, new Box(6, 4, 5, 5), 0.7)], "pred");
        return ([truth], [predictions, new SamImagePredictions("b", [Mask(0, new Box(0, 0, 3, 3), 0.5)], "pred")]);
    }
}
