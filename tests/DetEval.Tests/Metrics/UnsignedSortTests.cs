using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

public class UnsignedSortTests
{
    public static TheoryData<string> Shapes => new() { "random", "few-distinct", "sorted", "reversed", "organ-pipe", "extremes" };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sort_EqualsLinqOrder_AtEveryLengthUpTo300_AndWithTheHeapSortFallback(string shape)
    {
        var random = new Random(shape.Length);
        for (int n = 0; n <= 300; n++)
        {
            uint[] keys = Keys(shape, n, random);
            // The specification: LINQ's Order (a comparison sort that does not use this code).
            uint[] expected = [.. keys.Order()];

            uint[] sorted = (uint[])keys.Clone();
            UnsignedSort.Sort(sorted);
            Assert.Equal(expected, sorted);

            // Depth 0 heap-sorts at once, depth 1 after one partition: the fallback is reached at every length.
            for (int depth = 0; depth <= 1; depth++)
            {
                uint[] fallback = (uint[])keys.Clone();
                UnsignedSort.Sort(fallback, depth);
                Assert.Equal(expected, fallback);
            }
        }
    }

    private static uint[] Keys(string shape, int n, Random random) => shape switch
    {
        "random" => [.. Enumerable.Range(0, n).Select(_ => (uint)random.NextInt64(0, 1L << 32))],
        "few-distinct" => [.. Enumerable.Range(0, n).Select(_ => (uint)random.Next(4))],
        "sorted" => [.. Enumerable.Range(0, n).Select(i => (uint)(i / 3))],
        "reversed" => [.. Enumerable.Range(0, n).Select(i => (uint)(n - i))],
        "organ-pipe" => [.. Enumerable.Range(0, n).Select(i => (uint)Math.Min(i, n - i))],
        "extremes" => [.. Enumerable.Range(0, n).Select(_ => random.Next(3) switch { 0 => 0u, 1 => uint.MaxValue, _ => uint.MaxValue - 1 })],
        _ => throw new ArgumentOutOfRangeException(nameof(shape)),
    };
}
