using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval.Tests.Metrics;

/// <summary>
/// <see cref="RankedCurve.Of"/> against the curve written out from its definition: the detections within maxDet in
/// pooled (score) order, ignored ones left out, and after each kept one <c>tp / (tp + fp)</c> and <c>tp / positives</c>
/// (0 without positives). Random pooled categories, with rented arrays longer than the count as the accumulation
/// hands them over.
/// </summary>
public sealed class RankedCurveOfTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(3, 7)]
    [InlineData(4, 200)]
    public void Of_EqualsTheCurveFromItsDefinition(int seed, int positives)
    {
        var random = new Random(seed);
        const int Areas = 4, Thresholds = 10, Stride = Areas * Thresholds;
        for (int trial = 0; trial < 50; trial++)
        {
            int count = random.Next(0, 300), spare = random.Next(0, 5);
            var scores = new double[count + spare];
            var rank = new int[count + spare];
            var flags = new byte[(count + spare) * Stride];
            double score = 1;
            for (int i = 0; i < count + spare; i++)
            {
                score -= random.Next(3) == 0 ? 0 : random.NextDouble() / 100; // ties as well
                scores[i] = score;
                rank[i] = random.Next(0, 120);
            }

            for (int i = 0; i < flags.Length; i++)
            {
                flags[i] = (byte)random.Next(3);
            }

            var positivesPerArea = new long[Areas];
            int area = random.Next(Areas), threshold = random.Next(Thresholds);
            positivesPerArea[area] = positives;
            var pooled = new RecordPool.PooledCategory(scores, rank, flags, positivesPerArea, 0, null, new int[count + spare]) { Count = count };
            int maxDet = new[] { 1, 10, 100 }[random.Next(3)];
            int offset = (area * Thresholds) + threshold;

            var curve = RankedCurve.Of(pooled, Stride, offset, maxDet, area);

            var expectedScores = new List<double>();
            var expectedPrecision = new List<double>();
            var expectedRecall = new List<double>();
            var expectedTruePositive = new List<bool>();
            double tp = 0, fp = 0;
            for (int i = 0; i < count; i++)
            {
                var flag = (MatchFlag)flags[(i * Stride) + offset];
                if (rank[i] >= maxDet || flag == MatchFlag.Ignored)
                {
                    continue;
                }

                tp += flag == MatchFlag.TruePositive ? 1 : 0;
                fp += flag == MatchFlag.FalsePositive ? 1 : 0;
                expectedScores.Add(scores[i]);
                expectedPrecision.Add(tp / (tp + fp));
                expectedRecall.Add(positives == 0 ? 0 : tp / positives);
                expectedTruePositive.Add(flag == MatchFlag.TruePositive);
            }

            Assert.Equal(positives, curve.Positives);
            Assert.Equal(expectedScores, curve.Scores);
            Assert.Equal(expectedPrecision, curve.Precision);
            Assert.Equal(expectedRecall, curve.Recall);
            Assert.Equal(expectedTruePositive, curve.TruePositive);
        }
    }
}
