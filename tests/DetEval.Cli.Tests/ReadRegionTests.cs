using System.Runtime;

namespace DetEval.Cli.Tests;

/// <summary>
/// <see cref="CliRunner.ReadWithoutCollections"/>: a large read runs inside a no-GC region and the region is over when
/// it returns or throws; a small one runs as usual. (Run alone, not beside tests that could end the region early.)
/// </summary>
[Collection(nameof(ReadRegionTests))]
[CollectionDefinition(nameof(ReadRegionTests), DisableParallelization = true)]
public sealed class ReadRegionTests
{
    [Fact]
    public void LargeRead_RunsWithoutCollections_AndTheRegionEndsAfter()
    {
        GCLatencyMode during = default;
        int value = CliRunner.ReadWithoutCollections(CliRunner.ReadRegionFromBytes * 2, () =>
        {
            during = GCSettings.LatencyMode;
            return 42;
        });

        Assert.Equal(42, value);
        Assert.Equal(GCLatencyMode.NoGCRegion, during);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void ReadThatThrows_EndsTheRegion()
    {
        Assert.Throws<DetEvalInputException>(() => CliRunner.ReadWithoutCollections<int>(
            CliRunner.ReadRegionFromBytes * 2, () => throw new DetEvalInputException("gt.json", "", "bad")));
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }

    [Fact]
    public void SmallRead_RunsAsUsual()
    {
        GCLatencyMode during = GCLatencyMode.NoGCRegion;
        CliRunner.ReadWithoutCollections(CliRunner.ReadRegionFromBytes - 1, () => during = GCSettings.LatencyMode);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, during);
    }

    [Fact]
    public void ReadThatOutgrowsTheRegion_EndsAsUsual()
    {
        // The region holds about 2 x 16 MB + 32 MB; allocating well past it ends the region with a collection.
        long kept = 0;
        int value = CliRunner.ReadWithoutCollections(CliRunner.ReadRegionFromBytes, () =>
        {
            for (int i = 0; i < 200; i++)
            {
                kept += new byte[1 << 20].Length;
            }

            return 7;
        });

        Assert.Equal(7, value);
        Assert.Equal(200L << 20, kept);
        Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
    }
}
