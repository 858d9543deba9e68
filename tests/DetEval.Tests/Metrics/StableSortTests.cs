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
                // The specification: LINQ's OrderByDescending is a stable sort.
                var expected = Enumerable.Range(0, n).OrderByDescending(i => keys[i]).ToArray();
                Assert.Equal(expected, StableSort.ArgsortDescending(keys));

                // The span overload into longer buffers that hold stale values.
                var order = Enumerable.Repeat(-7, n + 3).ToArray();
                var temp = Enumerable.Repeat(-9, n + 5).ToArray();
                StableSort.ArgsortDescending(keys, order, temp);
                Assert.Equal(expected, order[..n]);
            }
        }
    }
}
