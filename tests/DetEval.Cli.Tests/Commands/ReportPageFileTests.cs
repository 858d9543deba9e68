using System.Text.RegularExpressions;
using DetEval.Cli.Tests.Browser;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// report.html as a file, without a browser (these run where Chromium cannot be installed too): one self-contained
/// page that asks for nothing over the network, small for the bundled sample, and names from input files escaped.
/// </summary>
public sealed partial class ReportPageFileTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "deteval-page-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void TheBundledSamplesPage_IsOneFileUnder2MB_ThatLoadsNothing()
    {
        string small = TestData.Path("reference", "small"), dir = Path.Combine(root, "coco");
        var (code, _, stderr) = CliHarness.Run(["coco", "--gt", Path.Combine(small, "gt.json"), "--dt", Path.Combine(small, "dt_bbox.json"), "--out", dir, "--no-plots", "--tide", "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        var page = new FileInfo(Path.Combine(dir, "report.html"));
        Assert.InRange(page.Length, 20_000, 2_000_000);
        string html = File.ReadAllText(page.FullName);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none';", html, StringComparison.Ordinal);
        // Nothing external: no linked file, no source or link to any address (the SVG namespace is a name, not a request).
        Assert.Empty(ExternalReference().Matches(html));
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(html, "<script>"));
        Assert.Equal(Regex.Count(html, "<svg"), Regex.Count(html, "</svg>"));
    }

    [Fact]
    public void NamesFromInputFiles_AreEscapedInThePage()
    {
        Directory.CreateDirectory(root);
        var (gt, dt) = ReportPagesFixture.WriteHostile(root);
        string dir = Path.Combine(root, "out");
        var (code, _, stderr) = CliHarness.Run(["coco", "--gt", gt, "--dt", dt, "--out", dir, "--no-plots", "-q"]);
        Assert.True(code == ExitCodes.Ok, stderr);
        string html = File.ReadAllText(Path.Combine(dir, "report.html"));
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>one</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</td></tr></table>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;one&lt;/b&gt;.jpg", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("""(?:src|href|action|srcset)\s*=\s*["']?(?:https?:|//|file:)|url\(\s*["']?(?:https?:|//)|@import""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
