namespace DetEval.Cli.Tests;

public class HugePagesTests
{
    [Fact]
    public void AnonymousRuns_JoinContiguousNamelessMappings_AndEndAtFilesAndGaps()
    {
        string[] maps =
        [
            "55d0c0000000-55d0c0100000 r-xp 00000000 08:01 1234   /usr/bin/deteval",
            "55d0c0100000-55d0c0200000 rw-p 00000000 00:00 0 ",
            "55d0c0200000-55d0c0300000 rw-p 00000000 00:00 0",
            "55d0c0400000-55d0c0500000 rw-p 00000000 00:00 0",
            "7f0000000000-7f0000400000 rw-p 00000000 00:00 0",
            "7f0000400000-7f0080000000 ---p 00000000 00:00 0",
            "7f0080000000-7f0100000000 rw-p 00000000 00:00 0                          [anon:GC heap]",
            "7f0100000000-7f0100001000 rw-p 00000000 00:00 0                          [heap]",
            "not a maps line",
            "7f0200000000-7f0200001000 rw-p 00000000 00:00 0",
            "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0                          [stack]",
        ];

        var runs = HugePages.AnonymousRuns(maps);

        Assert.Equal(
            [
                (0x55d0c0100000L, 0x55d0c0300000L),
                (0x55d0c0400000L, 0x55d0c0500000L),
                (0x7f0000000000L, 0x7f0100000000L),
                (0x7f0200000000L, 0x7f0200001000L),
            ],
            runs);
    }

    [Fact]
    public void AdviseHeap_OnLinux_MarksTheMappingOfANewObjectForHugePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Assert.True(HugePages.AdviseHeap(null));
        // A mapping advised MADV_HUGEPAGE carries the flag "hg" in /proc/self/smaps (proc(5)); a block allocated after
        // the advice lies in the collector's reservation, so in an advised mapping, committed later or not.
        var block = new byte[8 << 20];
        long address = AddressOf(block);
        Assert.Contains("hg", FlagsOfMappingHolding(address));
        GC.KeepAlive(block);
    }

    [Fact]
    public void AdviseHeap_TurnedOff_AdvisesNothing()
    {
        Assert.False(HugePages.AdviseHeap("0"));
    }

    private static long AddressOf(byte[] block)
    {
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(block, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            return handle.AddrOfPinnedObject();
        }
        finally
        {
            handle.Free();
        }
    }

    private static string[] FlagsOfMappingHolding(long address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal);
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), System.Globalization.NumberStyles.AllowHexSpecifier, null, out long start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), System.Globalization.NumberStyles.AllowHexSpecifier, null, out long end))
            {
                inside = address >= start && address < end;
            }
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
            {
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            }
        }

        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }
}
