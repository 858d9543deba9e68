namespace DetEval.Matching;

/// <summary>Per-thread buffers reused across cells, so that matching allocates nothing per cell.</summary>
internal sealed class MatchScratch
{
    [ThreadStatic]
    private static MatchScratch? current;

    private int[] gtOrder = new int[16];
    private bool[] gtIgnoredSorted = new bool[16];
    private bool[] gtTaken = new bool[16];
    private double[] ious = new double[256];
    private int[] detOrder = new int[128];
    private double[] sortKeys = new double[128];
    private double[][] columns = [new double[128], new double[128], new double[128], new double[128], new double[128], new double[128]];
    private int[] counts = new int[64];
    private int[] offsets = new int[64];
    private int[] intTemp = new int[128];
    private int[] groupedGts = new int[64];
    private int[] groupedDets = new int[256];
    private int[] gtCategory = new int[64];
    private int[] detCategory = new int[256];
    private long[] gtIds = new long[16];
    private double[] gtArea = new double[16];
    private bool[] gtCrowd = new bool[16];
    private bool[] gtIgnore = new bool[16];
    private Box[] maskBoxes = new Box[128];
    private int[] runStarts = new int[128];
    private int[] runLengths = new int[128];
    private Rle?[] masks = new Rle?[128];
    private uint[] runs = new uint[4096];
    private ulong[] runTotals = new ulong[128];
    private long[] foregrounds = new long[128];
    private int[] intervalStarts = new int[4096];
    private int[] intervalEnds = new int[4096];
    private int[] truthStarts = new int[1024];
    private int[] truthEnds = new int[1024];
    private bool[] detOutside = new bool[128];

    public static MatchScratch Current => current ??= new MatchScratch();

    public Span<int> GtOrder(int n) => Grow(ref gtOrder, n);

    public Span<bool> GtIgnoredSorted(int n) => Grow(ref gtIgnoredSorted, n);

    public Span<bool> GtTaken(int n) => Grow(ref gtTaken, n);

    public Span<bool> DetOutside(int n) => Grow(ref detOutside, n);

    public Span<double> Ious(int n) => Grow(ref ious, n);

    public Span<int> DetOrder(int n) => Grow(ref detOrder, n);

    public Span<double> SortKeys(int n) => Grow(ref sortKeys, n);

    /// <summary>The array behind <see cref="SortKeys"/>, for comparers.</summary>
    public double[] SortKeyArray => sortKeys;

    public Span<int> Offsets(int n) => Grow(ref offsets, n);

    public Span<int> IntTemp(int n) => Grow(ref intTemp, n);

    public Span<double> Column(int index, int n) => Grow(ref columns[index], n);

    public Span<int> Counts(int n) => Grow(ref counts, n);

    public Span<int> GroupedGts(int n) => Grow(ref groupedGts, n);

    public Span<int> GroupedDets(int n) => Grow(ref groupedDets, n);

    public Span<int> GtCategory(int n) => Grow(ref gtCategory, n);

    public Span<int> DetCategory(int n) => Grow(ref detCategory, n);

    public Span<long> GtIds(int n) => Grow(ref gtIds, n);

    public Span<double> GtArea(int n) => Grow(ref gtArea, n);

    public Span<bool> GtCrowd(int n) => Grow(ref gtCrowd, n);

    public Span<bool> GtIgnore(int n) => Grow(ref gtIgnore, n);

    /// <summary>Mask boxes of a cell's detections.</summary>
    public Span<Box> MaskBoxes(int n) => Grow(ref maskBoxes, n);

    /// <summary>Where each detection's foreground intervals start in <see cref="IntervalStarts"/>.</summary>
    public Span<int> RunStarts(int n) => Grow(ref runStarts, n);

    /// <summary>How many intervals each detection has; -2 while not made, -1 when its positions pass 2^31.</summary>
    public Span<int> RunLengths(int n) => Grow(ref runLengths, n);

    /// <summary>Detection masks made eagerly (cleared after each cell, so they can be collected).</summary>
    public Span<Rle?> Masks(int n) => Grow(ref masks, n);

    /// <summary>A buffer for one decoded mask's runs.</summary>
    public ref uint[] Runs => ref runs;

    /// <summary>The pixel total of each detection's runs.</summary>
    public Span<ulong> RunTotals(int n) => Grow(ref runTotals, n);

    /// <summary>Per detection of a cell: its mask's foreground pixels, from its intervals once they are made.</summary>
    public Span<long> Foregrounds(int n) => Grow(ref foregrounds, n);

    /// <summary>Foreground interval starts of a cell's detections, appended as needed (<see cref="RunStarts"/> gives the offsets).</summary>
    public Span<int> IntervalStarts(int n) => Grow(ref intervalStarts, n, keep: true);

    /// <summary>Foreground interval ends, aligned with <see cref="IntervalStarts"/>.</summary>
    public Span<int> IntervalEnds(int n) => Grow(ref intervalEnds, n, keep: true);

    /// <summary>One ground truth's foreground interval starts (padded for the kernel).</summary>
    public Span<int> TruthStarts(int n) => Grow(ref truthStarts, n);

    /// <summary>One ground truth's foreground interval ends.</summary>
    public Span<int> TruthEnds(int n) => Grow(ref truthEnds, n);

    private static Span<T> Grow<T>(ref T[] array, int n, bool keep = false)
    {
        if (array.Length < n)
        {
            var larger = new T[Math.Max(n, array.Length * 2)];
            if (keep)
            {
                array.CopyTo(larger, 0);
            }

            array = larger;
        }

        return array.AsSpan(0, n);
    }
}
