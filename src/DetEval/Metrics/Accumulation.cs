namespace DetEval.Metrics;

/// <summary>The reference's accumulated arrays in C order: precision and scores <c>[T,R,K,A,M]</c>, recall <c>[T,K,A,M]</c>.</summary>
/// <remarks>With <c>uninitialized</c>, the arrays start with whatever the memory held: for a caller that writes every
/// cell (<see cref="CocoAccumulator.Accumulate"/>), which then spares a fill of each array before the parallel work.</remarks>
internal sealed class Accumulation(int t, int r, int k, int a, int m, bool uninitialized = false)
{
    public int T { get; } = t;

    public int R { get; } = r;

    public int K { get; } = k;

    public int A { get; } = a;

    public int M { get; } = m;

    public double[] Precision { get; } = Allocate(t * r * k * a * m, uninitialized);

    public double[] Recall { get; } = Allocate(t * k * a * m, uninitialized);

    public double[] Scores { get; } = Allocate(t * r * k * a * m, uninitialized);

    public int PrecisionIndex(int ti, int ri, int ki, int ai, int mi) => ((((((ti * R) + ri) * K) + ki) * A) + ai) * M + mi;

    public int RecallIndex(int ti, int ki, int ai, int mi) => ((((ti * K) + ki) * A) + ai) * M + mi;

    /// <summary>The ranked curves asked for with the accumulation (see <see cref="CocoAccumulator.Accumulate"/>), per category, or null.</summary>
    public RankedCurve[]? KeptCurves { get; set; }

    /// <summary>The threshold, area range and max-detections indices of <see cref="KeptCurves"/>.</summary>
    public (int Threshold, int Area, int MaxDet) KeptCurveKey { get; set; }

    private static double[] Allocate(int length, bool uninitialized) =>
        uninitialized ? GC.AllocateUninitializedArray<double>(length) : new double[length];
}
