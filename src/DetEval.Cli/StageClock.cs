using System.Globalization;

namespace DetEval.Cli;

/// <summary>
/// <c>--timings</c>: after each stage, its wall and CPU time (every thread of the process; on a busy machine the steadier
/// figure), the collections so far (gen0/gen1/gen2), the total pause and the bytes allocated so far, to stderr. Large
/// object churn shows up as gen2 collections; the managed heap's size now and the process's peak resident memory so far
/// tell which stage sets the peak. Off, it prints nothing.
/// </summary>
internal sealed class StageClock(bool enabled, TextWriter stderr)
{
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private TimeSpan cpu = Environment.CpuUsage.TotalTime;

    /// <summary>Ends the stage called <paramref name="name"/> and starts the next one.</summary>
    public void Stage(string name)
    {
        var now = Environment.CpuUsage.TotalTime;
        if (enabled)
        {
            stderr.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: {clock.Elapsed.TotalSeconds:0.000} s (cpu {(now - cpu).TotalSeconds:0.000} s; GCs so far {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, paused {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms, allocated {GC.GetTotalAllocatedBytes() >> 20} MB; heap {GC.GetTotalMemory(false) >> 20} MB, peak RSS {PeakRss() >> 20} MB)"));
            now = Environment.CpuUsage.TotalTime;
        }

        cpu = now;
        clock.Restart();
    }

    private static long PeakRss()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
