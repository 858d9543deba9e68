namespace DetEval.Tests.Evaluation.Sam;

/// <summary>testdata/sav-edge: SAM 2's evaluator's numbers on the generator's edge profile, and its refusals.</summary>
public sealed class SamVideoEdgeTests
{
    private static string Case(params string[] parts) => TestData.Path(["sav-edge", .. parts]);

    [Theory]
    [InlineData("sav")]
    [InlineData("davis")]
    [InlineData("mixed")]
    public void Evaluate_EdgeCase_EqualsSam2sNumbersToTheLastBit(string name)
    {
        var result = SamVideoEvaluation.Evaluate(Case(name, "gt"), Case(name, "pred"));

        SamVideoExpected.AssertMatches(SamVideoExpected.Load("sav-edge", $"expected_{name}.json"), result);
    }

    [Fact]
    public void Read_MixedRoot_DecidesTheLayoutPerVideo()
    {
        var folders = SamReader.OpenVideoFolders(Case("mixed", "gt"), Case("mixed", "pred"));

        Assert.Equal(SamVideoLayout.Davis, folders.Read("davis_bear").Layout);
        Assert.Equal(SamVideoLayout.Sav, folders.Read("sav_000001").Layout);
    }

    [Fact]
    public void Read_FrameNamesWithoutPadding_AreSortedAsText()
    {
        var video = SamReader.OpenVideoFolders(Case("sav", "gt"), Case("sav", "pred")).Read("sav_000104");

        Assert.Equal(["0.png", "12.png", "16.png", "20.png"], video.Tracks[0].Frames.Take(4));
        Assert.Equal("8.png", video.Tracks[0].Frames[^1]);
    }

    [Fact]
    public void Evaluate_MissingPredictionFrame_IsRefusedNamingIt()
    {
        var e = Assert.Throws<DetEvalInputException>(() => Evaluate("err-missing-frame"));

        Assert.Equal(Path.Combine(Case("err-missing-frame", "pred"), "sav_e00001", "000", "00008.png"), e.File);
    }

    [Fact]
    public void Evaluate_PredictionOfAnotherSize_IsRefusedNamingBothFiles()
    {
        var e = Assert.Throws<DetEvalInputException>(() => Evaluate("err-size-mismatch"));

        Assert.Equal(Path.Combine(Case("err-size-mismatch", "pred"), "sav_e00001", "001", "00012.png"), e.File);
        Assert.Contains("65x48 differs from the ground truth's 64x48", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(Case("err-size-mismatch", "gt"), "sav_e00001", "001", "00012.png"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_SavMaskWithThreeValues_IsRefused()
    {
        var e = Assert.Throws<DetEvalInputException>(() => Evaluate("err-three-values"));

        Assert.Equal(Path.Combine(Case("err-three-values", "gt"), "sav_e00001", "000", "00012.png"), e.File);
        Assert.Contains("3 distinct values (0, 1, 2)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ObjectWithTwoAnnotatedFrames_IsRefusedAsNothingIsLeftAfterSkipping()
    {
        var e = Assert.Throws<DetEvalInputException>(() => Evaluate("err-two-frames"));

        Assert.Contains("0 of 2 annotated frames evaluated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_NoCommonVideo_IsRefused()
    {
        var e = Assert.Throws<DetEvalInputException>(() => Evaluate("err-no-common-video"));

        Assert.Contains("no video folder is in both", e.Message, StringComparison.Ordinal);
    }

    private static SamVideoResult Evaluate(string name) => SamVideoEvaluation.Evaluate(Case(name, "gt"), Case(name, "pred"));
}
