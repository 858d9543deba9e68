using DetEval.Evaluation;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>The engine equals a literal port of pycocotools on random data with heavy ties, bit for bit.</summary>
public sealed class OracleParityTests
{
    private static readonly AreaRange[] SmallAreas = [new("all", 0, 1e10), new("small", 0, 16), new("medium", 16, 49), new("large", 49, 1e10)];

    public static TheoryData<int, string> Seeds()
    {
        var data = new TheoryData<int, string>();
        foreach (string variant in new[] { "default", "nocats", "maxdets", "thresholds", "subsets" })
        {
            for (int seed = 0; seed < 40; seed++)
            {
                data.Add(seed, variant);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Engine_EqualsLiteralPort_OnRandomTiedData(int seed, string variant)
    {
        var (dataset, results) = RandomCocoData.Make(seed);
        var options = CocoOptions.Coco() with { AreaRanges = SmallAreas };
        options = variant switch
        {
            "nocats" => options with { UseCategories = false },
            "maxdets" => options with { MaxDetections = [1, 2, 4] },
            "thresholds" => options with { IouThresholds = [0.5, 0.75, 0.25, 1.0], HonorIgnoreFlag = true },
            "subsets" => options with { CategoryIds = [3, 7], ImageIds = dataset.Images.Take(7).Select(i => i.Id).Append(123456).ToList() },
            _ => options,
        };

        var ours = CocoEvaluation.Evaluate(dataset, results, options);
        var oracle = PycocotoolsOracle.Evaluate(dataset, results, options);
        var (t, r, k, a, m) = ours.Shape;
        for (int ti = 0; ti < t; ti++)
        {
            for (int ki = 0; ki < k; ki++)
            {
                for (int ai = 0; ai < a; ai++)
                {
                    for (int mi = 0; mi < m; mi++)
                    {
                        Assert.Equal(Bits(oracle.Recall[ti, ki, ai, mi]), Bits(ours.RecallAt(ti, ki, ai, mi)));
                        for (int ri = 0; ri < r; ri++)
                        {
                            Assert.Equal(Bits(oracle.Precision[ti, ri, ki, ai, mi]), Bits(ours.PrecisionAt(ti, ri, ki, ai, mi)));
                            Assert.Equal(Bits(oracle.Scores[ti, ri, ki, ai, mi]), Bits(ours.ScoreAt(ti, ri, ki, ai, mi)));
                        }
                    }
                }
            }
        }

        var stats = ours.Stats.ToArray();
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(oracle.Stats[i], stats[i], 1e-12);
        }
    }

    [Fact]
    public void Engine_EqualsLiteralPort_OnTheGeneratorsEdgeProfile()
    {
        var dataset = DetEval.CocoReader.ReadGroundTruth(TestData.Path("edge", "gt.json"));
        var results = DetEval.CocoReader.ReadResults(TestData.Path("edge", "dt_bbox.json"), dataset);
        var options = CocoOptions.Coco();
        var ours = CocoEvaluation.Evaluate(dataset, results, options);
        var oracle = PycocotoolsOracle.Evaluate(dataset, results, options);
        var (t, r, k, a, m) = ours.Shape;
        int compared = 0;
        for (int ti = 0; ti < t; ti++)
        {
            for (int ki = 0; ki < k; ki++)
            {
                for (int ai = 0; ai < a; ai++)
                {
                    for (int mi = 0; mi < m; mi++)
                    {
                        Assert.Equal(Bits(oracle.Recall[ti, ki, ai, mi]), Bits(ours.RecallAt(ti, ki, ai, mi)));
                        for (int ri = 0; ri < r; ri++)
                        {
                            Assert.Equal(Bits(oracle.Precision[ti, ri, ki, ai, mi]), Bits(ours.PrecisionAt(ti, ri, ki, ai, mi)));
                            compared++;
                        }
                    }
                }
            }
        }

        Assert.Equal(t * r * k * a * m, compared);
        var stats = ours.Stats.ToArray();
        for (int i = 0; i < 12; i++)
        {
            Assert.Equal(oracle.Stats[i], stats[i], 1e-12);
        }
    }

    private static long Bits(double v) => BitConverter.DoubleToInt64Bits(v);
}
