using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

/// <summary>
/// <see cref="PrecisionRecallWalk.KindOf"/> (two overlapping words for rows of 8 to 16 flags) against its flag-by-flag
/// specification, <see cref="PrecisionRecallWalk.KindOfLoop"/>, and against the kinds written out, on every row length
/// from 1 to 20 with rows that are uniform, differ in one place, or are random.
/// </summary>
public sealed class KindOfTests
{
    [Fact]
    public void KindOf_EqualsTheLoop_OnEveryLength()
    {
        var random = new Random(5);
        for (int length = 1; length <= 20; length++)
        {
            for (int trial = 0; trial < 400; trial++)
            {
                var row = new byte[length];
                byte fill = (byte)random.Next(3);
                Array.Fill(row, fill);
                int style = trial % 3;
                if (style == 1)
                {
                    row[random.Next(length)] = (byte)random.Next(3);
                }
                else if (style == 2)
                {
                    for (int t = 0; t < length; t++)
                    {
                        row[t] = (byte)random.Next(3);
                    }
                }

                byte expected = row[0] != 1 && row.All(f => f == row[0])
                    ? (row[0] == 0 ? PrecisionRecallWalk.AllFalsePositive : PrecisionRecallWalk.AllIgnored)
                    : PrecisionRecallWalk.Mixed;
                Assert.Equal(expected, PrecisionRecallWalk.KindOfLoop(row));
                Assert.Equal(expected, PrecisionRecallWalk.KindOf(row));
            }
        }
    }

    [Fact]
    public void KindOf_ReadsOnlyItsRow()
    {
        // A row inside a longer buffer: the flags around it (here all true positives) do not change its kind.
        var buffer = Enumerable.Repeat((byte)1, 40).ToArray();
        buffer.AsSpan(15, 10).Fill(0);
        Assert.Equal(PrecisionRecallWalk.AllFalsePositive, PrecisionRecallWalk.KindOf(buffer.AsSpan(15, 10)));
        buffer.AsSpan(15, 10).Fill(2);
        Assert.Equal(PrecisionRecallWalk.AllIgnored, PrecisionRecallWalk.KindOf(buffer.AsSpan(15, 10)));
    }
}
