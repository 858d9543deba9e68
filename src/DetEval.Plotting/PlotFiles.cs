using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>Saves plots as PNG or SVG through <see cref="AtomicFile"/>.</summary>
public static class PlotFiles
{
    /// <summary>Renders <paramref name="plot"/> to a PNG file.</summary>
    public static void SavePng(Plot plot, string path, int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        AtomicFile.Write(path, s => s.Write(png));
    }

    /// <summary>Renders <paramref name="plot"/> to an SVG file (text stays text).</summary>
    public static void SaveSvg(Plot plot, string path, int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(plot);
        string svg = plot.GetSvgXml(width, height);
        AtomicFile.Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(svg)));
    }

    /// <summary>
    /// Adds <paramref name="plot"/> as <c>basePath.png</c> and <c>basePath.svg</c> to a run's <paramref name="outputs"/>
    /// (rendered when they are written); returns both paths.
    /// </summary>
    public static IReadOnlyList<string> AddBoth(OutputSet outputs, Plot plot, string basePath, int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(plot);
        outputs.AddFile(basePath + ".png", null, s => s.Write(plot.GetImageBytes(width, height, ImageFormat.Png)));
        outputs.AddFile(basePath + ".svg", null, s => s.Write(System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))));
        return [basePath + ".png", basePath + ".svg"];
    }

    /// <summary>Saves <paramref name="plot"/> as <c>basePath.png</c> and <c>basePath.svg</c> and returns both paths.</summary>
    public static IReadOnlyList<string> SaveBoth(Plot plot, string basePath, int width = PlotStyle.Width, int height = PlotStyle.Height)
    {
        var outputs = new OutputSet();
        AddBoth(outputs, plot, basePath, width, height);
        return outputs.Commit();
    }
}
