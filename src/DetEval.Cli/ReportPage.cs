using DetEval.Reports;

namespace DetEval.Cli;

/// <summary>Adds a command's <c>report.html</c> in its <c>--out</c> directory to the run's outputs.</summary>
internal static class ReportPage
{
    /// <summary>Adds <see cref="HtmlReport.FileName"/> in <paramref name="directory"/> to <paramref name="outputs"/>; returns its path.</summary>
    public static string Add(OutputSet outputs, string directory, Action<Stream> write, string name = HtmlReport.FileName)
    {
        string path = Path.Combine(directory, name);
        outputs.AddFile(path, null, write);
        return path;
    }
}
