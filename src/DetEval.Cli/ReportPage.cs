using DetEval.Reports;

namespace DetEval.Cli;

/// <summary>Writes a command's <c>report.html</c> into its <c>--out</c> directory.</summary>
internal static class ReportPage
{
    /// <summary>Writes <see cref="HtmlReport.FileName"/> in <paramref name="directory"/> atomically; returns its path.</summary>
    public static string Write(string directory, Action<Stream> write, string name = HtmlReport.FileName)
    {
        string path = Path.Combine(directory, name);
        AtomicFile.Write(path, write);
        return path;
    }
}
