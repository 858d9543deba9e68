
namespace DetEval.Tests.Masks;

/// <summary>Crafted polygons cannot make rasterisation take minutes: the work is bounded up front.</summary>
public sealed class PolygonLimitTests
{
    [Fact]
    public void FromPolygon_VertexFarOutsideTheImage_IsRefusedQuickly()
    {
        var e = Assert.Throws<FormatException>(() => Rle.FromPolygon([0, 0, 1e9, 0, 1e9, 1e9], 480, 640));
        Assert.Contains("outline", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPolygon_ImageOfMoreThan2To32Pixels_IsRefused()
    {
        Assert.Throws<FormatException>(() => Rle.FromPolygon([0, 0, 10, 0, 10, 10], 1_000_000, 1_000_000));
    }

    [Fact]
    public void FromPolygon_OrdinaryPolygonJustOutsideTheImage_IsStillRasterised()
    {
        var rle = Rle.FromPolygon([-50, -50, 700, -50, 700, 500, -50, 500], 480, 640);
        Assert.Equal(480 * 640, rle.Area);
    }
}
