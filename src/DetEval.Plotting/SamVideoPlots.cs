using System.Globalization;
using DetEval.Reports;
using ScottPlot;

namespace DetEval.Plotting;

/// <summary>J and F per frame for the objects of a SAM 2 video evaluation: where a track breaks down.</summary>
public static class SamVideoPlots
{
    /// <summary>The number of worst videos <see cref="WriteDirectory"/> plots.</summary>
    public const int WorstVideos = 5;

    /// <summary>
    /// J (solid) and F (dashed) against the counted frame, one colour per object of <paramref name="video"/>; the x
    /// axis is the frame's position in the object's counted frames, labelled with the frame names.
    /// </summary>
    /// <param name="video">The video's scores.</param>
    /// <returns>The plot.</returns>
    public static Plot PerFrame(SamVideoScore video)
    {
        ArgumentNullException.ThrowIfNull(video);
        var plot = PlotStyle.Create(string.Create(CultureInfo.InvariantCulture, $"{video.Name}: J and F per frame (J&F {video.JAndF * 100:0.0})"), "Frame", "Score");
        var frames = video.Objects.SelectMany(o => o.Frames).Distinct().Order(StringComparer.Ordinal).ToList();
        var position = frames.Select((f, i) => (f, i)).ToDictionary(p => p.f, p => (double)p.i, StringComparer.Ordinal);
        for (int o = 0; o < video.Objects.Count; o++)
        {
            var obj = video.Objects[o];
            double[] x = [.. obj.Frames.Select(f => position[f])];
            var j = plot.Add.ScatterLine(x, [.. obj.FrameJ], PlotStyle.SeriesColor(o));
            j.LineWidth = 2;
            j.MarkerSize = 5;
            j.LegendText = $"{obj.Id} J";
            var f = plot.Add.ScatterLine(x, [.. obj.FrameF], PlotStyle.SeriesColor(o));
            f.LineWidth = 1.5f;
            f.LinePattern = LinePattern.Dashed;
            f.MarkerSize = 0;
            f.LegendText = $"{obj.Id} F";
        }

        int step = Math.Max(1, frames.Count / 12);
        var ticks = frames.Select((name, i) => (name, i)).Where(p => p.i % step == 0).Select(p => new Tick(p.i, p.name)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.SetLimits(-0.5, Math.Max(1, frames.Count) - 0.5, 0, 1.05);
        plot.ShowLegend(Alignment.LowerLeft);
        return PlotStyle.Finish(plot);
    }

    /// <summary>Writes <c>frames_&lt;video&gt;.png/.svg</c> for the <see cref="WorstVideos"/> videos of lowest J&amp;F; returns the paths.</summary>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> WriteDirectory(SamVideoResult result, string directory)
    {
        var outputs = new OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the figures of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The files to be written.</returns>
    public static IReadOnlyList<string> AddDirectory(OutputSet outputs, SamVideoResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var written = new List<string>();
        foreach (var video in SamVideoReport.WorstVideos(result).Take(WorstVideos))
        {
            string safe = string.Concat(video.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
            written.AddRange(PlotFiles.AddBoth(outputs, PerFrame(video), Path.Combine(directory, "frames_" + safe)));
        }

        return written;
    }
}
