using System.Runtime.ExceptionServices;

namespace DetEval.Formats;

/// <summary>Reads independent inputs in parallel and reports the error a sequential read would report first.</summary>
internal static class ParallelInput
{
    /// <summary>Runs <paramref name="body"/> for 0..count-1; on failure rethrows the exception of the lowest index, unwrapped.</summary>
    public static void For(int count, Action<int> body)
    {
        Exception? first = null;
        int firstIndex = int.MaxValue;
        var gate = new object();
        Parallel.For(0, count, Parallelism.Options, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    if (i < firstIndex)
                    {
                        (first, firstIndex) = (e, i);
                    }
                }
            }
        });

        if (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
        }
    }
}
