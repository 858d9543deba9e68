using DetEval.Evaluation;

namespace DetEval.Tests.Evaluation.SamConcept;

/// <summary>The concept state in DetEval's one state format: round trip, damage of any bit, records that cannot be.</summary>
public sealed class SamConceptStateTests
{
    [Fact]
    public void State_RoundTripsThroughTheCommonReader_ToTheSameBytes()
    {
        var state = SmallState();
        byte[] bytes = state.ToArray();
        var read = Assert.IsType<SamConceptEvaluationState>(EvaluationState.FromBytes(bytes, "state.bin"));
        Assert.Equal(EvaluationProtocol.SamConcept, read.Protocol);
        Assert.Equal((state.ImageCount, state.EvaluatedPairCount, state.AnnotatorCount), (read.ImageCount, read.EvaluatedPairCount, read.AnnotatorCount));
        Assert.Equal(state.Options, read.Options);
        Assert.Equal(bytes, read.ToArray());
    }

    [Fact]
    public void ReadFrom_RefusesAnotherProtocolsState()
    {
        using var coco = new MemoryStream(new CocoEvaluator(CocoOptions.Coco(), [1L]).Snapshot().ToArray());
        var e = Assert.Throws<DetEvalInputException>(() => SamConceptEvaluationState.ReadFrom(coco, "coco.state"));
        Assert.Contains("is a Coco state", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySingleBitFlip_OfASmallState_IsRefusedWithTheByte()
    {
        byte[] bytes = SmallState().ToArray();
        for (int i = 0; i < bytes.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])bytes.Clone();
                damaged[i] ^= (byte)(1 << bit);
                var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(damaged, "state.bin"));
                Assert.StartsWith("byte ", e.Location, StringComparison.Ordinal);
            }
        }
    }

    public static TheoryData<string, int, int, int, int[], string> ImpossibleRecords => new()
    {
        { "more true positives than predictions", 0, 0, 1, [2, 0, 0, 0, 0, 0, 0, 0, 0, 0], "true positives 2 is out of range [0, 1]" },
        { "true positives rising with the threshold", 0, 0, 3, [1, 2, 0, 0, 0, 0, 0, 0, 0, 0], "true positives 2 is out of range [0, 1]" },
        { "an annotator that is not there", 0, 5, 1, new int[10], "annotator 5 is out of range [0, 0]" },
        { "a position past the evaluated pairs", 7, 0, 1, new int[10], "pair position 7 is out of range [0, 2]" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleRecords))]
    public void ARecordThatCannotBe_IsRefusedWhenRead(string what, int ordinal, int annotator, int counts, int[] truePositives, string message)
    {
        var record = new ConceptPairRecord(ordinal, 10, annotator, counts, counts, truePositives, "dog", "a.jpg");
        var state = new SamConceptEvaluationState(SamConceptOptions.Reference(), 42, 7, 3, 1, [record]);
        var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(state.ToArray(), "state.bin"));
        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{what}: {e.Message}");
    }

    [Fact]
    public void APairStoredTwice_IsRefusedWhenRead()
    {
        var records = new[]
        {
            new ConceptPairRecord(0, 10, 0, 0, 0, new int[10], "dog", "a.jpg"),
            new ConceptPairRecord(1, 10, 0, 0, 0, new int[10], "cat", "a.jpg"),
        };
        var state = new SamConceptEvaluationState(SamConceptOptions.Reference(), 42, 7, 3, 1, records);
        var e = Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(state.ToArray(), "state.bin"));
        Assert.Contains("pair 10 is stored twice", e.Message, StringComparison.Ordinal);
    }

    private static SamConceptEvaluationState SmallState()
    {
        var data = new ConceptData()
            .Pair(1, "dog").Truth(1, 0, 0, 10, 10).Prediction(1, 0, 0, 10, 10)
            .Pair(2, "cat").Prediction(2, 0, 0, 10, 10)
            .Pair(3, "cup").Truth(3, 0, 0, 10, 10);
        var evaluator = new SamConceptEvaluator(SamConceptOptions.Reference(IouType.Bbox), data.Dataset());
        evaluator.Update(data.Predictions());
        return evaluator.Snapshot();
    }
}
