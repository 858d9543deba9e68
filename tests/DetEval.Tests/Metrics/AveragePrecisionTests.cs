using DetEval.Evaluation;
using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

/// <summary>The AP calculators on small hand-computed curves.</summary>
public sealed class AveragePrecisionTests
{
    private static readonly IReadOnlyList<double> Numpy = AveragePrecision.NumpyElevenPointLevels;

    [Fact]
    public void NumpyElevenPointLevels_AreTheArangeDoubles()
    {
        double[] expected = [0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1.0];
        Assert.Equal(expected.Length, Numpy.Count);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(Numpy[k]));
        }

        Assert.Equal(0.3, AveragePrecision.ExactElevenPointLevels[3]);
        Assert.Equal(0.6, AveragePrecision.ExactElevenPointLevels[6]);
        Assert.Equal(0.7, AveragePrecision.ExactElevenPointLevels[7]);
    }

    [Fact]
    public void ElevenPoint_TwoPointCurve_AveragesTheBestPrecisionAtEachLevel()
    {
        // Levels 0..0.5 see precision 1, levels 0.6..1.0 see 0.5.
        double ap = AveragePrecision.ElevenPoint([0.5, 1.0], [1.0, 0.5], Numpy);
        Assert.Equal(8.5 / 11, ap, 1e-15);
    }

    [Fact]
    public void ElevenPoint_RecallOfExactlyPointThree_DoesNotReachTheNumpyLevel()
    {
        Assert.Equal(3.0 / 11, AveragePrecision.ElevenPoint([0.3], [1.0], Numpy), 1e-15);
        Assert.Equal(4.0 / 11, AveragePrecision.ElevenPoint([0.3], [1.0], AveragePrecision.ExactElevenPointLevels), 1e-15);
    }

    [Fact]
    public void ElevenPoint_EmptyCurve_IsZero()
    {
        Assert.Equal(0.0, AveragePrecision.ElevenPoint([], [], Numpy));
    }

    [Fact]
    public void ElevenPoint_NanRecall_IsZero()
    {
        Assert.Equal(0.0, AveragePrecision.ElevenPoint([double.NaN, double.NaN], [0.0, 0.0], Numpy));
    }

    [Fact]
    public void AllPoint_TwoPointCurve_IsTheAreaUnderTheEnvelope()
    {
        Assert.Equal(0.75, AveragePrecision.AllPoint([0.5, 1.0], [1.0, 0.5]));
    }

    [Fact]
    public void AllPoint_NonMonotonePrecision_UsesTheEnvelopeFromTheRight()
    {
        // Envelope [1, 1, 2/3, 2/3, 0] over mrec [0, .25, .25, .5, 1]: .25 * 1 + .25 * 2/3.
        double ap = AveragePrecision.AllPoint([0.25, 0.25, 0.5], [1.0, 0.5, 2.0 / 3]);
        Assert.Equal(0.25 + (0.25 * 2.0 / 3), ap, 1e-15);
    }

    [Fact]
    public void AllPoint_EmptyCurve_IsZero()
    {
        Assert.Equal(0.0, AveragePrecision.AllPoint([], []));
    }

    [Fact]
    public void AllPoint_NanRecall_IsNan()
    {
        Assert.True(double.IsNaN(AveragePrecision.AllPoint([double.NaN], [0.0])));
    }

    [Fact]
    public void AllPoint_ManyPoints_SumsPairwiseLikeNumpy()
    {
        var rng = new Random(3);
        int n = 300;
        var recall = new double[n];
        var precision = new double[n];
        for (int i = 0; i < n; i++)
        {
            recall[i] = (i + 1) / (double)n;
            precision[i] = rng.NextDouble();
        }

        // The oracle: the same products, summed with numpy's pairwise summation.
        var mpre = new double[n + 2];
        precision.CopyTo(mpre, 1);
        for (int i = n + 1; i > 0; i--)
        {
            mpre[i - 1] = Math.Max(mpre[i - 1], mpre[i]);
        }

        var products = new double[n];
        double previous = 0;
        for (int i = 0; i < n; i++)
        {
            products[i] = (recall[i] - previous) * mpre[i + 1];
            previous = recall[i];
        }

        Assert.Equal(NumpyMath.PairwiseSum(products), AveragePrecision.AllPoint(recall, precision));
    }

    [Fact]
    public void CocoInterpolated_TwoPointCurve_SamplesAt101Thresholds()
    {
        // Thresholds 0..0.50 (51) see 1.0, 0.51..1.00 (50) see 0.5.
        double ap = AveragePrecision.CocoInterpolated([0.5, 1.0], [1.0, 0.5], CocoOptions.CocoRecallThresholds);
        Assert.Equal(76.0 / 101, ap, 1e-15);
    }

    [Fact]
    public void CocoInterpolated_ThresholdsBeyondTheHighestRecall_GetZero()
    {
        double ap = AveragePrecision.CocoInterpolated([0.5], [1.0], CocoOptions.CocoRecallThresholds);
        Assert.Equal(51.0 / 101, ap, 1e-15);
    }

    [Fact]
    public void Calculators_RejectCurvesOfDifferentLengths()
    {
        Assert.Throws<ArgumentException>(() => AveragePrecision.AllPoint([0.5], [1.0, 0.5]));
    }
}
