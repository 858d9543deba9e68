namespace DetEval.Tests.Evaluation.Sam;

/// <summary>testdata/reference/sav-small: SAM 2's evaluator's numbers for the SA-V and DAVIS layouts, and its refusals.</summary>
public sealed class SamVideoReferenceSmallTests
{
    private static string Case(params string[] parts) => TestData.Path(["reference", "sav-small", .. parts]);

    [Theory]
    [InlineData("sav")]
    [InlineData("davis")]
    public void Evaluate_ReferenceCase_EqualsSam2sNumbersToTheLastBit(string name)
    {
        var result = SamVideoEvaluation.Evaluate(Case(name, "gt"), Case(name, "pred"));

        SamVideoExpected.AssertMatches(SamVideoExpected.Load("reference", "sav-small", $"expected_{name}.json"), result);
    }

    [Fact]
    public void Evaluate_SavCase_SkipsTheVideosOnlyOneSideHas()
    {
        var folders = SamReader.OpenVideoFolders(Case("sav", "gt"), Case("sav", "pred"));

        Assert.Equal(["sav_000004"], folders.GroundTruthOnly);
        Assert.Equal(["sav_000009"], folders.PredictionOnly);
        Assert.Equal(["sav_000001", "sav_000002", "sav_000003", "sav_000005"], folders.Videos);
    }

    [Fact]
    public void Evaluate_SavCase_CountsAsTheReference()
    {
        var result = SamVideoEvaluation.Evaluate(Case("sav", "gt"), Case("sav", "pred"));
        var counts = SamVideoExpected.Load("reference", "sav-small", "expected_sav.json").GetProperty("counts");

        Assert.Equal(counts.GetProperty("videos").GetInt32(), result.Videos.Count);
        Assert.Equal(counts.GetProperty("objects").GetInt32(), result.ObjectCount);
        Assert.Equal(counts.GetProperty("frame_entries").GetInt32(), result.FrameCount);
    }

    [Fact]
    public void Evaluate_WithoutSkippingFirstAndLast_EqualsTheReferencesOtherSetting()
    {
        var result = SamVideoEvaluation.Evaluate(Case("sav", "gt"), Case("sav", "pred"), new SamVideoOptions(skipFirstAndLast: false));
        var expected = SamVideoExpected.Load("reference", "sav-small", "expected_sav.json").GetProperty("without_skipping_first_and_last");

        Assert.Equal(expected.GetProperty("J&F").GetDouble(), result.JAndF, SamVideoExpected.Tolerance);
        Assert.Equal(expected.GetProperty("J").GetDouble(), result.J, SamVideoExpected.Tolerance);
        Assert.Equal(expected.GetProperty("F").GetDouble(), result.F, SamVideoExpected.Tolerance);
    }

    [Fact]
    public void Evaluate_MissingPredictedObject_IsRefusedNamingTheFrameTheReferenceAsksFor()
    {
        var e = Assert.Throws<DetEvalInputException>(() => SamVideoEvaluation.Evaluate(Case("err-missing-object", "gt"), Case("err-missing-object", "pred")));

        Assert.Equal(Path.Combine(Case("err-missing-object", "pred"), "sav_e00001", "001", "00004.png"), e.File);
        Assert.Contains("not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ObjectNeverInTheEvaluatedGroundTruth_IsRefused()
    {
        var e = Assert.Throws<DetEvalInputException>(() => SamVideoEvaluation.Evaluate(
            Case("err-object-not-in-evaluated-frames", "gt"), Case("err-object-not-in-evaluated-frames", "pred")));

        Assert.Equal(Path.Combine(Case("err-object-not-in-evaluated-frames", "gt"), "sav_e00002", "001"), e.File);
        Assert.Contains("empty in every evaluated ground-truth frame", e.Message, StringComparison.Ordinal);
    }
}
