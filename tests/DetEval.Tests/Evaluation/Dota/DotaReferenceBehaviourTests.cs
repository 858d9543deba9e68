using System.Text.Json;

namespace DetEval.Tests.Evaluation.Dota;

/// <summary>One test per reference behaviour of the DOTA devkit listed in dota-small's README.</summary>
public sealed class DotaReferenceBehaviourTests
{
    private static readonly Category Plane = new(1, "plane");
    private static readonly Category Ship = new(2, "ship");

    // ---- the five exact-threshold pairs of P9901 ----

    [Theory]
    [InlineData(0.5, "plane", 0.812, MatchFlag.TruePositive)]
    [InlineData(0.5, "plane", 0.811, MatchFlag.TruePositive)]
    [InlineData(0.5, "plane", 0.809, MatchFlag.TruePositive)]
    [InlineData(0.5, "ship", 0.807, MatchFlag.TruePositive)]
    [InlineData(0.5, "ship", 0.806, MatchFlag.TruePositive)]
    [InlineData(0.7, "plane", 0.812, MatchFlag.FalsePositive)]
    [InlineData(0.7, "plane", 0.811, MatchFlag.FalsePositive)]
    [InlineData(0.7, "plane", 0.809, MatchFlag.FalsePositive)]
    [InlineData(0.7, "ship", 0.807, MatchFlag.TruePositive)]
    [InlineData(0.7, "ship", 0.806, MatchFlag.FalsePositive)]
    public void P9901_ExactThresholdPairs_GetTheDevkitsOutcome(double iou, string cls, double score, MatchFlag expected)
    {
        Assert.Equal(expected, P9901Outcome(iou, cls, score, OrientedIouMode.Devkit));
    }

    [Theory]
    [InlineData(0.5, "plane", 0.812, MatchFlag.FalsePositive)]
    [InlineData(0.5, "plane", 0.811, MatchFlag.FalsePositive)]
    [InlineData(0.5, "plane", 0.809, MatchFlag.TruePositive)]
    [InlineData(0.7, "plane", 0.809, MatchFlag.FalsePositive)]
    [InlineData(0.7, "ship", 0.807, MatchFlag.TruePositive)]
    [InlineData(0.7, "ship", 0.806, MatchFlag.FalsePositive)]
    public void P9901_InExactMode_ExactlyOneHalfIsNotAboveOneHalf(double iou, string cls, double score, MatchFlag expected)
    {
        Assert.Equal(expected, P9901Outcome(iou, cls, score, OrientedIouMode.Exact));
    }

    [Theory]
    [InlineData("valset-iou0.5")]
    [InlineData("valset-iou0.7")]
    [InlineData("all-iou0.5")]
    public void ExactMode_DiffersFromTheDevkitOnlyWherePolyiousRoundingDecides(string name)
    {
        // Only plane at 0.5 has outcomes decided by polyiou's rounding: there exact mode gives the README's
        // *_exact_iou values; every other class and threshold is the devkit's number.
        var run = DotaReferenceSmallTests.Run(name);
        foreach (string ap in new[] { "11point", "allpoint" })
        {
            var result = DotaReferenceSmallTests.Evaluate(run, ap, OrientedIouMode.Exact);
            foreach (var c in result.Classes)
            {
                var perClass = run.GetProperty("per_class").GetProperty(c.Name);
                double expected = perClass.TryGetProperty("iou_arithmetic_sensitive", out _)
                    ? perClass.GetProperty(ap == "11point" ? "ap07_exact_iou" : "ap10_exact_iou").GetDouble()
                    : run.GetProperty("expected_cli").GetProperty(ap).GetProperty("classes").GetProperty(c.Name).GetDouble();
                Assert.True(Math.Abs(expected - c.AveragePrecision) <= 1e-12, $"{name} {ap} {c.Name}: expected {expected:R}, got {c.AveragePrecision:R}");
            }
        }
    }

    // ---- matching ----

    [Fact]
    public void Match_NeedsAnIouStrictlyGreaterThanTheThreshold()
    {
        // The devkit's IoU of these is exactly 0.7 (P9901's ship pair near the origin).
        var e = new DotaEvaluator(new DotaOptions { IouThreshold = 0.7 }, [Ship]);
        Update(e, "a", [(new Quad(120, 140, 127, 140, 127, 150, 120, 150), 2, false)], [(new Quad(120, 140, 130, 140, 130, 150, 120, 150), 2, 0.9)]);
        Assert.Equal([MatchFlag.FalsePositive], e.Compute().Classes[0].Flags);
        var at = new DotaEvaluator(new DotaOptions { IouThreshold = 0.69 }, [Ship]);
        Update(at, "a", [(new Quad(120, 140, 127, 140, 127, 150, 120, 150), 2, false)], [(new Quad(120, 140, 130, 140, 130, 150, 120, 150), 2, 0.9)]);
        Assert.Equal([MatchFlag.TruePositive], at.Compute().Classes[0].Flags);
    }

    [Fact]
    public void Match_OnADifficultObject_IsIgnored_AndDoesNotTakeIt()
    {
        var gt = Square(100, 100, 20);
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane]);
        Update(e, "a", [(gt, 1, true)], [(gt, 1, 0.9), (Square(101, 100, 20), 1, 0.8)]);
        var c = e.Compute().Classes[0];
        Assert.Equal([MatchFlag.Ignored, MatchFlag.Ignored], c.Flags);
        Assert.Equal(0, c.NumPositives);
        Assert.Equal(1, c.NumDifficult);
    }

    [Fact]
    public void Match_FirstMaximumWins_AndThereIsNoFallBackToTheSecondBest()
    {
        // Two identical objects: the first in file order takes the first detection; the second detection's best is
        // that taken object again, so it is a FP although the other copy is free.
        var gt = Square(100, 100, 20);
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane]);
        Update(e, "a", [(gt, 1, false), (gt, 1, false)], [(gt, 1, 0.9), (Square(102, 100, 20), 1, 0.8)]);
        Assert.Equal([MatchFlag.TruePositive, MatchFlag.FalsePositive], e.Compute().Classes[0].Flags);
    }

    [Fact]
    public void Match_BestObjectDifficultButBelowTheThreshold_IsAFalsePositive()
    {
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane]);
        Update(e, "a", [(Square(100, 100, 20), 1, true)], [(Square(115, 100, 20), 1, 0.9)]);
        Assert.Equal([MatchFlag.FalsePositive], e.Compute().Classes[0].Flags);
    }

    [Fact]
    public void Prefilter_DropsObjectsWhoseHullsAreAtLeastOnePixelAway_AndDetectionsWithoutCandidatesAreFalsePositives()
    {
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane]);
        Update(e, "a", [(Square(0, 0, 10), 1, false)], [(Square(11, 0, 10), 1, 0.9), (Square(500, 500, 10), 1, 0.8)]);
        Assert.Equal([MatchFlag.FalsePositive, MatchFlag.FalsePositive], e.Compute().Classes[0].Flags);
    }

    [Fact]
    public void Match_NaNIou_OfTwoZeroAreaQuads_MatchesNothing()
    {
        var segment = new Quad(0, 0, 5, 5, 10, 10, 2, 2);
        var e = new DotaEvaluator(new DotaOptions { IouThreshold = 0 }, [Plane]);
        Update(e, "a", [(segment, 1, false), (Square(0, 0, 10), 1, false)], [(segment, 1, 0.9)]);
        Assert.Equal([MatchFlag.FalsePositive], e.Compute().Classes[0].Flags);
    }

    // ---- ties, AP and classes ----

    [Fact]
    public void TiedScores_KeepResultsFileOrder_AcrossImages()
    {
        // "a" has a FP and "b" a TP with the same score; the file lists b first, so b ranks first whatever the
        // image names and update order say.
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane], ["a", "b"]);
        e.Update("a", [], [], [], Flat(Square(50, 50, 10)), [0.5], [1], [1]);
        e.Update("b", Flat(Square(0, 0, 10)), [1], [], Flat(Square(0, 0, 10)), [0.5], [1], [0]);
        var c = e.Compute().Classes[0];
        Assert.Equal([MatchFlag.TruePositive, MatchFlag.FalsePositive], c.Flags);
        Assert.Equal(ElevenPointAp([1.0], [1.0]), c.AveragePrecision);

        var swapped = new DotaEvaluator(DotaOptions.Dota(), [Plane], ["a", "b"]);
        swapped.Update("b", Flat(Square(0, 0, 10)), [1], [], Flat(Square(0, 0, 10)), [0.5], [1], [1]);
        swapped.Update("a", [], [], [], Flat(Square(50, 50, 10)), [0.5], [1], [0]);
        Assert.Equal(ElevenPointAp([0.0, 1.0], [0.0, 0.5]), swapped.Compute().Classes[0].AveragePrecision);
    }

    [Fact]
    public void ClassWithoutNonDifficultObjects_HasNoAp_AndIsLeftOutOfTheMap()
    {
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane, Ship]);
        Update(e, "a", [(Square(0, 0, 10), 1, false), (Square(50, 50, 10), 2, true)], [(Square(0, 0, 10), 1, 0.9), (Square(50, 50, 10), 2, 0.9)]);
        var r = e.Compute();
        Assert.True(double.IsNaN(r.Classes[1].AveragePrecision));
        Assert.Equal(1, r.ClassesAveraged);
        Assert.Equal(r.Classes[0].AveragePrecision, r.MeanAveragePrecision);
    }

    [Theory]
    [InlineData(AveragePrecisionMethod.ElevenPoint)]
    [InlineData(AveragePrecisionMethod.AllPoint)]
    public void ClassWithObjectsAndNoDetections_HasApZero_AndCountsInTheMap(AveragePrecisionMethod method)
    {
        var e = new DotaEvaluator(new DotaOptions { AveragePrecisionMethod = method }, [Plane, Ship]);
        Update(e, "a", [(Square(0, 0, 10), 1, false), (Square(50, 50, 10), 2, false)], [(Square(0, 0, 10), 1, 0.9)]);
        var r = e.Compute();
        Assert.Equal(0.0, r.Classes[1].AveragePrecision);
        Assert.Equal(2, r.ClassesAveraged);
    }

    [Fact]
    public void ElevenPointAp_IsARunningSumOfElevenPrecisionsOverEleven_OnePointTwoEMinusSixteenAboveOne()
    {
        var e = new DotaEvaluator(DotaOptions.Dota(), [Plane]);
        Update(e, "a", [(Square(0, 0, 10), 1, false)], [(Square(0, 0, 10), 1, 0.9)]);
        Assert.Equal(1.0000000000000002, e.Compute().Classes[0].AveragePrecision);
    }

    private static MatchFlag P9901Outcome(double iou, string cls, double score, OrientedIouMode mode)
    {
        string root = DotaReferenceSmallTests.Root;
        var gt = DotaReader.ReadGroundTruth(Path.Combine(root, "labelTxt"), Path.Combine(root, "valset.txt"), resultsDirectory: Path.Combine(root, "results"));
        var dt = DotaReader.ReadResults(Path.Combine(root, "results"), gt);
        var result = DotaEvaluation.Evaluate(gt, dt, new DotaOptions { IouThreshold = iou, IouMode = mode });
        var c = result.Classes.Single(x => x.Name == cls);
        long p9901 = gt.Dataset.Images.Single(i => i.FileName == "P9901").Id;
        int rank = Enumerable.Range(0, c.NumDetections).Single(r => dt.Detections[c.DetectionIndices[r]].ImageId == p9901 && c.Scores[r] == score);
        return c.Flags[rank];
    }

    internal static Quad Square(double x, double y, double side) => new(x, y, x + side, y, x + side, y + side, x, y + side);

    internal static double[] Flat(params Quad[] quads) =>
        [.. quads.SelectMany(q => new[] { q.X1, q.Y1, q.X2, q.Y2, q.X3, q.Y3, q.X4, q.Y4 })];

    internal static void Update(DotaEvaluator e, string image, (Quad Quad, long Label, bool Difficult)[] truths, (Quad Quad, long Label, double Score)[] detections) =>
        e.Update(
            image,
            Flat([.. truths.Select(t => t.Quad)]), [.. truths.Select(t => t.Label)], [.. truths.Select(t => t.Difficult)],
            Flat([.. detections.Select(d => d.Quad)]), [.. detections.Select(d => d.Score)], [.. detections.Select(d => d.Label)]);

    /// <summary>The devkit's voc_ap(use_07_metric=True), literally: ap += max(prec[rec >= t]) / 11 at np.arange(0, 1.1, 0.1).</summary>
    private static double ElevenPointAp(double[] recall, double[] precision)
    {
        double ap = 0;
        for (int k = 0; k < 11; k++)
        {
            double t = 0.0 + (k * 0.1);
            double p = 0;
            for (int i = 0; i < recall.Length; i++)
            {
                p = recall[i] >= t ? Math.Max(p, precision[i]) : p;
            }

            ap += p / 11.0;
        }

        return ap;
    }
}
