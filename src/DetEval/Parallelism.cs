namespace DetEval;

/// <summary>How many threads DetEval's readers, matchers and accumulators use at most, for the whole process.</summary>
/// <remarks>
/// Every parallel stage (parsing a results file in two halves, reading the ground truth beside the results, matching
/// images, rasterising masks, accumulating categories, reading VOC files and SAM videos) runs on at most
/// <see cref="MaxThreads"/> threads, the calling thread included; 1 runs every stage on the calling thread alone.
/// The numbers do not depend on it: each stage writes its results by position, never in completion order.
/// </remarks>
public static class Parallelism
{
    private static ParallelOptions options = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>
    /// The most threads a parallel stage uses (default: <see cref="Environment.ProcessorCount"/>, every core the
    /// process may use). Set it before an evaluation starts; a stage that is running keeps the value it started with.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Set below 1.</exception>
    public static int MaxThreads
    {
        get => options.MaxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            options = new ParallelOptions { MaxDegreeOfParallelism = value };
        }
    }

    /// <summary>The options every <c>Parallel.For</c> of the library passes.</summary>
    internal static ParallelOptions Options => options;

    /// <summary>Whether independent stages may overlap on two threads.</summary>
    internal static bool Overlap => options.MaxDegreeOfParallelism > 1;

    /// <summary>
    /// Starts <paramref name="work"/> on another thread when stages may overlap, else runs it now on this thread;
    /// either way the task holds its result or its exception.
    /// </summary>
    internal static Task<T> Start<T>(Func<T> work)
    {
        if (Overlap)
        {
            return Task.Run(work);
        }

        try
        {
            return Task.FromResult(work());
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
