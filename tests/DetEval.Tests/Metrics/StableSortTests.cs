using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

public class StableSortTests
{
    [Fact]
    public void ArgsortDescending_OrdersByDescendingKeyThenPosition_AtEveryLengthAroundTheInsertionCutoff()
    {
        var random = new Random(11);
        for (int n = 0; n <= 70; n++)
        {
            for (int round = 0; round < 20; round++)
            {
                // Few distinct keys (ties everywhere), with -0.0 beside 0.0 (equal, so tied).
                var keys = Enumerable.Range(0, n).Select(_ => random.Next(5) switch { 0 => -0.0, 1 => 0.0, int v => v / 3.0 }).ToArray();
                AssertStableOrder(keys);
            }
        }
    }

    [Theory]
    [InlineData(StableSort.RadixFrom - 1)]
    [InlineData(StableSort.RadixFrom)]
    [InlineData(1000)]
    [InlineData(20_000)]
    public void ArgsortDescending_OfManyKeys_IsTheStableOrder(int n)
    {
        var random = new Random(n);
        double[] specials = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1.0, -1.0];
        for (int round = 0; round < 10; round++)
        {
            // Scores as detectors write them (few digits: ties), any doubles (every byte differs), and the extremes.
            var keys = Enumerable.Range(0, n).Select(_ => random.Next(4) switch
            {
                0 => Math.Round(random.NextDouble(), round % 4 + 1),
                1 => BitConverter.Int64BitsToDouble(random.NextInt64()) is double d && !double.IsNaN(d) ? d : 0.5,
                2 => specials[random.Next(specials.Length)],
                _ => random.NextDouble(),
            }).ToArray();
            AssertStableOrder(keys);
        }
    }

    [Fact]
    public void ArgsortDescending_OfScoresSharingTheirHighBytes_IsTheStableOrder()
    {
        // Every key in [0.5, 1): the sign, exponent and top mantissa bits are shared, so the radix sort skips those bytes.
        var random = new Random(3);
        var keys = Enumerable.Range(0, 5000).Select(_ => 0.5 + (random.Next(1000) / 2000.0)).ToArray();
        AssertStableOrder(keys);
    }

    /// <summary>Both overloads against the specification: LINQ's OrderByDescending is a stable sort.</summary>
    private static void AssertStableOrder(double[] keys)
    {
        int n = keys.Length;
        var expected = Enumerable.Range(0, n).OrderByDescending(i => keys[i]).ToArray();
        Assert.Equal(expected, StableSort.ArgsortDescending(keys));

        // The span overload into longer buffers that hold stale values.
        var order = Enumerable.Repeat(-7, n + 3).ToArray();
        var temp = Enumerable.Repeat(-9, n + 5).ToArray();
        StableSort.ArgsortDescending(keys, order, temp);
        Assert.Equal(expected, order[..n]);
    }
}
