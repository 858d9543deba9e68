namespace DetEval;

/// <summary>How a bootstrap resamples the images of an evaluation (see <see cref="BootstrapResult"/> for the method).</summary>
public sealed record BootstrapOptions
{
    /// <summary>The number of resamples (1000 by default).</summary>
    public int Resamples { get; init; } = 1000;

    /// <summary>The seed. Resample <c>i</c> draws from its own generator seeded by (seed, i), so the result depends only on the seed, never on threads.</summary>
    public long Seed { get; init; }

    /// <summary>The coverage of each percentile interval, in (0, 1) (0.95 by default).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>The most threads used (-1: one per core). The numbers do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    internal void Validate()
    {
        if (Resamples < 1)
        {
            throw new ArgumentException($"resamples {Resamples} is below 1");
        }

        if (!(Confidence > 0 && Confidence < 1))
        {
            throw new ArgumentException($"confidence {Confidence} is not in (0, 1)");
        }

        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
        {
            throw new ArgumentException($"max degree of parallelism {MaxDegreeOfParallelism} is neither -1 nor positive");
        }
    }
}
