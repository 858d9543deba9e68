using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

/// <summary>numpy's float64 summation and linspace, against values printed by numpy 1.24.2 (Debian 12's python3-numpy).</summary>
public sealed class NumpyMathTests
{
    [Fact]
    public void Sum_OfMoreThanOneBuffer_EqualsNumpy()
    {
        // np.sum(np.array([((i*7919)%10007)/10007.0 * 10.0**((i%7)-3) for i in range(20000)])) = 1587461.3899158589
        // (a plain left-to-right sum gives 1587461.3899158607).
        var a = new double[20000];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = ((i * 7919L) % 10007) / 10007.0 * Math.Pow(10.0, (i % 7) - 3);
        }

        Assert.Equal(1587461.3899158589, NumpyMath.Sum(a));
    }

    [Fact]
    public void Linspace_GivesTheReferenceIouThresholds()
    {
        Assert.Equal([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95], NumpyMath.Linspace(0.5, 0.95, 10));
        Assert.Equal(0.01, NumpyMath.Linspace(0, 1, 101)[1]);
    }
}
