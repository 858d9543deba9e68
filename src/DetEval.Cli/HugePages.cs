using System.Globalization;
using System.Runtime.InteropServices;

namespace DetEval.Cli;

/// <summary>
/// Asks Linux to back the garbage-collected heap with transparent huge pages (<c>madvise(MADV_HUGEPAGE)</c> over the
/// process's anonymous mappings at start-up: the collector's reservation and its tables), as the JVM's
/// <c>-XX:+UseTransparentHugePages</c> does for its heap. Where the system's setting is <c>madvise</c>, as on the
/// machines measured in tools/bench, the heap otherwise gets 4 KiB pages: a page fault per 4 KiB the first time the
/// evaluation touches it, and a TLB miss for most random reads of the match records. Only advice: the kernel still
/// decides (<c>never</c> turns it off system-wide), and a failure changes nothing but the speed.
/// </summary>
internal static class HugePages
{
    /// <summary>Set to <c>0</c> to leave the heap on the system's default pages.</summary>
    public const string Variable = "DETEVAL_HUGE_PAGES";

    private const int MadviseHugePage = 14;

    /// <summary>
    /// Advises every run of contiguous anonymous mappings present now: the collector's reservation (which holds every
    /// generation's regions and is split into neighbours of other protections as parts are committed; the parts
    /// committed later keep the advice) and its bookkeeping tables. False where nothing was advised (not Linux,
    /// turned off, maps unreadable).
    /// </summary>
    /// <param name="setting">The value of <see cref="Variable"/>: <c>0</c> turns the advice off.</param>
    public static bool AdviseHeap(string? setting)
    {
        if (!OperatingSystem.IsLinux() || setting == "0")
        {
            return false;
        }

        try
        {
            // libc's madvise from the symbols already loaded: no library to probe for.
            if (!NativeLibrary.TryGetExport(NativeLibrary.GetMainProgramHandle(), "madvise", out nint madvise))
            {
                return false;
            }

            bool advised = false;
            foreach (var (start, end) in AnonymousRuns(File.ReadLines("/proc/self/maps")))
            {
                advised |= Advise(madvise, start, end - start);
            }

            return advised;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// The maximal runs of contiguous anonymous mappings (no file, inode 0, no name but <c>[anon:…]</c>) in
    /// <c>/proc/self/maps</c> lines, in order; lines that do not parse end a run.
    /// </summary>
    internal static List<(long Start, long End)> AnonymousRuns(IEnumerable<string> lines)
    {
        var runs = new List<(long Start, long End)>();
        long runStart = -1, runEnd = -1;
        foreach (string line in lines)
        {
            bool parsed = TryParse(line, out long start, out long end, out bool anonymous);
            if (parsed && anonymous && runStart >= 0 && start == runEnd)
            {
                runEnd = end;
                continue;
            }

            if (runStart >= 0)
            {
                runs.Add((runStart, runEnd));
            }

            (runStart, runEnd) = parsed && anonymous ? (start, end) : (-1, -1);
        }

        if (runStart >= 0)
        {
            runs.Add((runStart, runEnd));
        }

        return runs;
    }

    /// <summary>One maps line: <c>start-end perms offset dev inode [path]</c>.</summary>
    private static bool TryParse(string line, out long start, out long end, out bool anonymous)
    {
        start = end = 0;
        anonymous = false;
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        int dash = fields.Length >= 5 ? fields[0].IndexOf('-', StringComparison.Ordinal) : -1;
        if (dash < 0
            || !long.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out start)
            || !long.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out end))
        {
            return false;
        }

        // No file: no path, or a name given to anonymous memory (prctl's "[anon:NAME]").
        anonymous = fields[4] == "0" && (fields.Length == 5 || fields[5].StartsWith("[anon:", StringComparison.Ordinal));
        return true;
    }

    private static unsafe bool Advise(nint madvise, long start, long length) =>
        ((delegate* unmanaged<nint, nuint, int, int>)madvise)((nint)start, (nuint)length, MadviseHugePage) == 0;
}
