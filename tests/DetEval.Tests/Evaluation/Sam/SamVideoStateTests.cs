namespace DetEval.Tests.Evaluation.Sam;

/// <summary>The SAM video state in the one container: round trip, and every single flipped bit refused.</summary>
public sealed class SamVideoStateTests
{
    private static SamVideoEvaluationState SmallState()
    {
        var folders = SamReader.OpenVideoFolders(TestData.Path("reference", "sav-small", "davis", "gt"), TestData.Path("reference", "sav-small", "davis", "pred"));
        var evaluator = new SamVideoEvaluator();
        evaluator.Update(folders.Read("davis_cow"));
        return evaluator.Snapshot();
    }

    [Fact]
    public void State_RoundTripsThroughTheBytes()
    {
        var state = SmallState();
        byte[] bytes = state.ToArray();
        var read = Assert.IsType<SamVideoEvaluationState>(EvaluationState.FromBytes(bytes, "state"));

        Assert.Equal(EvaluationProtocol.SamVideo, read.Protocol);
        Assert.Equal(["davis_cow"], read.Videos);
        Assert.Equal(bytes, read.ToArray());
        SamVideoIncrementalTests.AssertSame(SamVideoEvaluator.FromState(state).Compute(), SamVideoEvaluator.FromState(read).Compute());
    }

    [Fact]
    public void State_EverySingleFlippedBit_IsRefused()
    {
        byte[] bytes = SmallState().ToArray();
        for (int i = 0; i < bytes.Length * 8; i++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[i / 8] ^= (byte)(1 << (i % 8));
            Assert.Throws<DetEvalInputException>(() => EvaluationState.FromBytes(damaged, "state"));
        }
    }
}
