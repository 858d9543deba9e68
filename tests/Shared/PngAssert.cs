using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DetEval.Testing;

/// <summary>Checks on written PNG plots.</summary>
internal static class PngAssert
{
    /// <summary>Asserts an 800 x 600 image with more than 200 coloured (non-grey) pixels on a 2-pixel grid: a drawn plot, not a blank canvas.</summary>
    public static void IsDrawnPlot(string path)
    {
        using var image = Image.Load<Rgba32>(path);
        Assert.Equal((800, 600), (image.Width, image.Height));
        int coloured = 0;
        for (int y = 0; y < image.Height; y += 2)
        {
            for (int x = 0; x < image.Width; x += 2)
            {
                var p = image[x, y];
                coloured += p.R != p.G || p.G != p.B ? 1 : 0;
            }
        }

        Assert.True(coloured > 200, $"{path}: only {coloured} coloured pixels");
    }
}
