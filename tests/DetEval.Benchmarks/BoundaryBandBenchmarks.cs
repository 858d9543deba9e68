using BenchmarkDotNet.Attributes;
using DetEval.Kernels;
using DetEval.Masks;

namespace DetEval.Benchmarks;

/// <summary>
/// Boundary bands of 64 masks in a 640 x 480 image (d = 16 at the default ratio 0.02): the band-erosion kernel on
/// prepared rows (scalar specification, dispatch, each width), the whole band from foreground intervals, and the
/// boundary IoU of a mask and a jittered copy from their counts.
/// </summary>
/// <remarks>
/// The masks are random star-shaped polygons (24 vertices, radius 40 to 160 px, as <see cref="MaskIouBenchmarks"/>),
/// so a band's frame is 80 to 320 columns by 2 to 6 blocks of 64 rows.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class BoundaryBandBenchmarks
{
    private const int Masks = 64;
    private const int Radius = 16;
    private readonly Rle[] _a = new Rle[Masks];
    private readonly Rle[] _b = new Rle[Masks];
    private readonly (int[] S, int[] E, int N)[] _intervals = new (int[], int[], int)[Masks];
    private readonly List<(ulong[] Mask, ulong[] Vertical)> _rows = [];
    private readonly BandSet _set = new();
    private ulong[] _work = [];
    private ulong[] _band = [];

    /// <summary>Builds the masks, their intervals, and the rows the kernel erodes (one per block of each band).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(16);
        for (int p = 0; p < Masks; p++)
        {
            double cx = random.Next(160, 480), cy = random.Next(160, 320), r = random.Next(40, 160);
            var xy = new double[48];
            var jittered = new double[48];
            for (int k = 0; k < 24; k++)
            {
                double angle = 2 * Math.PI * k / 24, radius = r * (0.85 + (0.3 * random.NextDouble()));
                xy[2 * k] = cx + (radius * Math.Cos(angle));
                xy[(2 * k) + 1] = cy + (radius * Math.Sin(angle));
                jittered[2 * k] = xy[2 * k] + (random.NextDouble() * 24) - 12;
                jittered[(2 * k) + 1] = xy[(2 * k) + 1] + (random.NextDouble() * 24) - 12;
            }

            _a[p] = Rle.FromPolygon(xy, 480, 640);
            _b[p] = Rle.FromPolygon(jittered, 480, 640);
            var s = new int[(_a[p].Counts.Length / 2) + RunIntersection.Padding];
            var e = new int[s.Length];
            _intervals[p] = (s, e, RunIntersection.ToIntervals(_a[p].Counts, s, e, out _));
        }

        // Rows for the kernel alone: each band's mask words and its vertically eroded words, from a plain decode.
        int longest = 0;
        foreach (var mask in _a)
        {
            var pixels = mask.Decode();
            var box = mask.ToBox();
            int x0 = (int)box.X, columns = (int)box.Width, block0 = (int)box.Y >> 6, blocks = (((int)(box.Y + box.Height) - 1) >> 6) - block0 + 1;
            for (int b = 0; b < blocks; b++)
            {
                var row = new ulong[columns];
                var vertical = new ulong[columns];
                for (int c = 0; c < columns; c++)
                {
                    for (int bit = 0; bit < 64; bit++)
                    {
                        int y = ((block0 + b) * 64) + bit;
                        bool on(int yy) => yy >= 0 && yy < 480 && pixels[((x0 + c) * 480) + yy] != 0;
                        if (on(y))
                        {
                            row[c] |= 1UL << bit;
                            bool kept = true;
                            for (int k = -Radius; k <= Radius && kept; k++)
                            {
                                kept = on(y + k);
                            }

                            vertical[c] |= kept ? 1UL << bit : 0;
                        }
                    }
                }

                _rows.Add((row, vertical));
                longest = Math.Max(longest, columns);
            }
        }

        _work = new ulong[longest];
        _band = new ulong[longest];
    }

    /// <summary>The kernel's scalar specification on every row.</summary>
    [Benchmark(Baseline = true)]
    public ulong Scalar() => Rows((m, v, b) => BandErosion.ComputeScalar(m, v, Radius, b));

    /// <summary><see cref="BandErosion.Compute"/>: the widest accelerated width.</summary>
    [Benchmark]
    public ulong Compute() => Rows((m, v, b) => BandErosion.Compute(m, v, Radius, b));

    /// <summary>The 128-bit width.</summary>
    [Benchmark]
    public ulong Compute128() => Rows((m, v, b) => BandErosion.Compute128(m, v, Radius, b));

    /// <summary>The 256-bit width.</summary>
    [Benchmark]
    public ulong Compute256() => Rows((m, v, b) => BandErosion.Compute256(m, v, Radius, b));

    /// <summary>The 512-bit width.</summary>
    [Benchmark]
    public ulong Compute512() => Rows((m, v, b) => BandErosion.Compute512(m, v, Radius, b));

    /// <summary>Whole bands from foreground intervals (frame, runs, kernel, area), as boundary AP makes them.</summary>
    [Benchmark]
    public long BandsFromIntervals()
    {
        long area = 0;
        _set.Clear();
        for (int p = 0; p < Masks; p++)
        {
            area += _set.Add(_intervals[p].S.AsSpan(0, _intervals[p].N), _intervals[p].E.AsSpan(0, _intervals[p].N), 480, Radius).Area;
        }

        return area;
    }

    /// <summary>The boundary IoU of each mask and its jittered copy from their counts (<see cref="BoundaryIou.Compute"/>).</summary>
    [Benchmark]
    public double BoundaryIouFromCounts()
    {
        double sum = 0;
        for (int p = 0; p < Masks; p++)
        {
            sum += BoundaryIou.Compute(_a[p], _b[p]);
        }

        return sum;
    }

    private delegate void Kernel(ReadOnlySpan<ulong> mask, Span<ulong> vertical, Span<ulong> band);

    private ulong Rows(Kernel kernel)
    {
        ulong check = 0;
        foreach (var (mask, vertical) in _rows)
        {
            // The vector widths overwrite the vertical words, so each call gets a fresh copy (the copy is in every row).
            var work = _work.AsSpan(0, mask.Length);
            vertical.CopyTo(work);
            var band = _band.AsSpan(0, mask.Length);
            kernel(mask, work, band);
            check ^= band[^1];
        }

        return check;
    }
}
