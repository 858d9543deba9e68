using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

/// <summary><see cref="PrecisionRecallWalk.SuffixMaxima"/> against pycocotools' loop, written out literally.</summary>
public class SuffixMaximaTests
{
    [Fact]
    public void RandomPrecisions_GetTheReferenceLoopsValues()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 3000; trial++)
        {
            int n = random.Next(0, 200);
            // Precisions of cumulative counts (ties and runs of equal values included), as the walk makes them.
            var values = new double[n];
            double tp = 0, fp = 0;
            for (int i = 0; i < n; i++)
            {
                tp++;
                fp += random.Next(4) == 0 ? random.Next(5) : 0;
                values[i] = tp / (fp + tp + 2.220446049250313e-16);
            }

            var expected = (double[])values.Clone();
            // for i in range(nd-1, 0, -1): if pr[i] > pr[i-1]: pr[i-1] = pr[i]
            for (int i = n - 1; i > 0; i--)
            {
                if (expected[i] > expected[i - 1])
                {
                    expected[i - 1] = expected[i];
                }
            }

            PrecisionRecallWalk.SuffixMaxima(values);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), values.Select(BitConverter.DoubleToInt64Bits));
        }
    }
}
