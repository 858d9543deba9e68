namespace DetEval.Tests.Evaluation.SamConcept;

/// <summary>
/// The reference behaviours of sam3's <c>CGF1Evaluator</c> that the numbers of the reference cases rest on, one test
/// each, on small datasets built in code (box IoU; integer boxes).
/// </summary>
public sealed class SamConceptBehaviourTests
{
    private static readonly SamConceptOptions Boxes = SamConceptOptions.Reference(IouType.Bbox);

    [Fact]
    public void EvaluatedPairs_AreTheFirstFilesExhaustivePairs_MinusThoseAnotherFileMarksNotExhaustive()
    {
        var a = new ConceptData().Pair(5).Pair(3).Pair(9, exhaustive: false).Pair(7).Dataset();
        // File b marks 7 (not 9) as not exhaustive and lists a pair that a lacks.
        var b = new ConceptData().Pair(5).Pair(3).Pair(9).Pair(7, exhaustive: false).Pair(11, exhaustive: false).Dataset();
        Assert.Equal([5, 3, 7], new SamConceptEvaluator(Boxes, a).EvaluatedPairIds);
        Assert.Equal([5, 3], new SamConceptEvaluator(Boxes, [a, b]).EvaluatedPairIds);
        Assert.Equal([5, 3], new SamConceptEvaluator(Boxes, [b, a]).EvaluatedPairIds);
    }

    [Fact]
    public void EveryGroundTruthFile_MustListEveryEvaluatedPair()
    {
        var a = new ConceptData().Pair(1).Pair(2).Dataset();
        var b = new SaCoDataset([new SaCoPair(new ImageInfo(1, 100, 100), "thing", true)], [new Category(1, "object")], [], "gt_b.json");
        var e = Assert.Throws<DetEvalInputException>(() => new SamConceptEvaluator(Boxes, [a, b]));
        Assert.Equal("gt_b.json", e.File);
        Assert.Contains("pair 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APairWithOnlyCrowdTruth_IsNegative_AndAPredictionOnTheCrowdIsAFalsePositive()
    {
        var data = new ConceptData()
            .Pair(1).Truth(1, 0, 0, 50, 50, crowd: true)
            .Pair(2).Truth(2, 0, 0, 50, 50, crowd: true).Prediction(2, 0, 0, 50, 50);
        var result = SamConceptEvaluation.Evaluate([data.Dataset()], data.Predictions(), Boxes);
        Assert.Equal([ImageLevelOutcome.TrueNegative, ImageLevelOutcome.FalsePositive], result.Pairs.Select(p => p.Outcome));
        Assert.Equal(0, result.Pairs[1].Truths);
        Assert.All(result.FalsePositives, fp => Assert.Equal(1, fp));
    }

    [Fact]
    public void APairWhosePredictionsAllMiss_StaysAnImageLevelTruePositive_WithF1Zero()
    {
        var data = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Prediction(1, 50, 50, 10, 10);
        var result = SamConceptEvaluation.Evaluate([data.Dataset()], data.Predictions(), Boxes);
        var pair = Assert.Single(result.Pairs);
        Assert.Equal(ImageLevelOutcome.TruePositive, pair.Outcome);
        Assert.Equal(0, pair.Score);
        Assert.Equal(1, result.TruePositivePairs);
        Assert.All(result.PositiveMicroFalsePositives, fp => Assert.Equal(1, fp));
    }

    [Fact]
    public void PredictionsOnPairsThatAreNotEvaluated_AreIgnored()
    {
        var plain = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Prediction(1, 0, 0, 10, 10).Pair(2, exhaustive: false);
        var noisy = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Prediction(1, 0, 0, 10, 10).Pair(2, exhaustive: false)
            .Prediction(2, 0, 0, 10, 10).Prediction(99, 0, 0, 10, 10);
        var a = SamConceptEvaluation.Evaluate([plain.Dataset()], plain.Predictions(), Boxes);
        var b = SamConceptEvaluation.Evaluate([noisy.Dataset()], noisy.Predictions(), Boxes);
        Assert.Equal(1, b.PairCount);
        Assert.Equal(a.Metrics, b.Metrics);
    }

    [Fact]
    public void Oracle_ATrueNegativeAlwaysWins()
    {
        // a: an instance the prediction misses (image-level FN); b: no instance, no prediction (TN).
        var a = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10);
        var b = new ConceptData().Pair(1);
        var result = SamConceptEvaluation.Evaluate([a.Dataset(), b.Dataset()], a.Predictions(), Boxes);
        Assert.Equal((ImageLevelOutcome.TrueNegative, 1), (result.Pairs[0].Outcome, result.Pairs[0].Annotator));
        var reversed = SamConceptEvaluation.Evaluate([b.Dataset(), a.Dataset()], a.Predictions(), Boxes);
        Assert.Equal((ImageLevelOutcome.TrueNegative, 0), (reversed.Pairs[0].Outcome, reversed.Pairs[0].Annotator));
    }

    [Fact]
    public void Oracle_TakesALaterFile_OnlyWhenItsMeanF1IsStrictlyGreater()
    {
        var predictions = new ConceptData().Prediction(1, 0, 0, 10, 10).Predictions();
        var exact = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Dataset();
        var alsoExact = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Dataset();
        var shifted = new ConceptData().Pair(1).Truth(1, 2, 0, 10, 10).Dataset();
        Assert.Equal(0, SamConceptEvaluation.Evaluate([exact, alsoExact], predictions, Boxes).Pairs[0].Annotator);
        Assert.Equal(1, SamConceptEvaluation.Evaluate([shifted, exact], predictions, Boxes).Pairs[0].Annotator);
        Assert.Equal(0, SamConceptEvaluation.Evaluate([exact, shifted], predictions, Boxes).Pairs[0].Annotator);
    }

    [Fact]
    public void Oracle_LooksOnlyAtLocalF1_SoAnEarlierFalsePositiveBeatsALaterMissedInstance()
    {
        // a: the phrase is absent, the model fires (image-level FP, F1 0); b: an instance the prediction misses (TP, F1 0).
        var predictions = new ConceptData().Prediction(1, 50, 50, 10, 10).Predictions();
        var a = new ConceptData().Pair(1).Dataset();
        var b = new ConceptData().Pair(1).Truth(1, 0, 0, 10, 10).Dataset();
        var result = SamConceptEvaluation.Evaluate([a, b], predictions, Boxes);
        Assert.Equal((ImageLevelOutcome.FalsePositive, 0), (result.Pairs[0].Outcome, result.Pairs[0].Annotator));
    }

    [Fact]
    public void PositiveMacroF1_IsMinusOne_WhenNoPairIsAnImageLevelTruePositive()
    {
        var data = new ConceptData().Pair(1).Prediction(1, 0, 0, 10, 10).Pair(2).Truth(2, 0, 0, 10, 10);
        var result = SamConceptEvaluation.Evaluate([data.Dataset()], data.Predictions(), Boxes);
        Assert.All(result.PerThreshold["positive_macro_F1"], v => Assert.True(double.IsNaN(v)));
        Assert.Equal(-1, result.Metrics["positive_macro_F1"]);
        Assert.Equal(-1, result.Metrics["positive_macro_F1@0.5"]);
        Assert.Equal(-1, result.Metrics["positive_macro_F1@0.75"]);
    }

    [Fact]
    public void UpdatingAPairTwice_IsRefused_AndAPairThatIsNotEvaluated_IsIgnored()
    {
        var data = new ConceptData().Pair(1).Pair(2, exhaustive: false);
        var evaluator = new SamConceptEvaluator(Boxes, data.Dataset());
        evaluator.Update(1, []);
        evaluator.Update(2, []);
        evaluator.Update(3, []);
        Assert.Equal(1, evaluator.ImageCount);
        var e = Assert.Throws<InvalidOperationException>(() => evaluator.Update(1, []));
        Assert.Contains("pair 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaskIou_OfAnInstanceWithoutAMask_IsBadInputNamingTheGroundTruthFile()
    {
        var pair = new SaCoPair(new ImageInfo(1, 100, 100), "thing", true);
        var gt = new SaCoDataset([pair], [new Category(1, "object")], [new GroundTruth(5, 1, 1, new Box(0, 0, 10, 10), 100)], "gt_a.json");
        var predictions = new ConceptData().Prediction(1, 0, 0, 10, 10).Predictions();
        var e = Assert.Throws<DetEvalInputException>(() => SamConceptEvaluation.Evaluate([gt], predictions, SamConceptOptions.Reference()));
        Assert.Equal("gt_a.json", e.File);
        Assert.Contains("ground truth 5", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, SamConceptEvaluation.Evaluate([gt], predictions, Boxes).TruePositivePairs);
    }

    [Fact]
    public void Phrases_ComeWorstFirst_AndPairsKeepTheFilesOrder()
    {
        var data = new ConceptData()
            .Pair(4, "dog").Truth(4, 0, 0, 10, 10).Prediction(4, 0, 0, 10, 10)
            .Pair(2, "cat").Prediction(2, 0, 0, 10, 10)
            .Pair(8, "dog")
            .Pair(6, "cup").Truth(6, 0, 0, 10, 10);
        var result = SamConceptEvaluation.Evaluate([data.Dataset()], data.Predictions(), Boxes);
        Assert.Equal([4, 2, 8, 6], result.Pairs.Select(p => p.PairId));
        Assert.Equal(["cat", "cup", "dog"], result.Phrases.Select(p => p.Phrase));
        var dog = result.Phrases[2];
        Assert.Equal((2, 1, 1, 1, 1), (dog.Pairs, dog.TruePositivePairs, dog.TrueNegativePairs, dog.Predictions, dog.Truths));
        Assert.Equal(1.0, result.Pairs[2].Score);
        Assert.True(dog.Score > 0.99 && dog.Score < 1);
    }
}
