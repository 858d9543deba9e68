namespace DetEval.Plotting;

/// <summary>The plots of a TIDE run: <c>tide_main_errors</c> and <c>tide_special_errors</c>, each as PNG and SVG.</summary>
public static class TidePlotReport
{
    /// <summary>The file stem of the main-errors figure.</summary>
    public const string MainErrorsStem = "tide_main_errors";

    /// <summary>The file stem of the special-errors figure.</summary>
    public const string SpecialErrorsStem = "tide_special_errors";

    /// <summary>Writes both figures into <paramref name="directory"/>; returns the paths written.</summary>
    /// <param name="result">The TIDE result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The four files.</returns>
    public static IReadOnlyList<string> WriteDirectory(TideResult result, string directory)
    {
        var outputs = new Reports.OutputSet();
        AddDirectory(outputs, result, directory);
        return outputs.Commit();
    }

    /// <summary>Adds the figures of <see cref="WriteDirectory"/> to a run's <paramref name="outputs"/>; returns their paths.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="result">The TIDE result.</param>
    /// <param name="directory">The output directory.</param>
    /// <returns>The four files to be written.</returns>
    public static IReadOnlyList<string> AddDirectory(Reports.OutputSet outputs, TideResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var written = new List<string>();
        written.AddRange(PlotFiles.AddBoth(outputs, TidePlots.MainErrors(result), Path.Combine(directory, MainErrorsStem)));
        written.AddRange(PlotFiles.AddBoth(outputs, TidePlots.SpecialErrors(result), Path.Combine(directory, SpecialErrorsStem)));
        return written;
    }
}
