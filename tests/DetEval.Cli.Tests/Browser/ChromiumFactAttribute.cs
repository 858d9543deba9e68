namespace DetEval.Cli.Tests.Browser;

/// <summary>
/// A fact that needs Chromium: skipped, with the reason printed, when no Chromium is installed, unless
/// <c>DETEVAL_REQUIRE_BROWSER=1</c> (set by <c>.ci/run</c> once it has installed one), where it runs and fails instead.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Find() is null && Environment.GetEnvironmentVariable("DETEVAL_REQUIRE_BROWSER") != "1")
        {
            Skip = "Chromium is not installed (/usr/bin/chromium; tools/ci/install-deps.sh installs Debian's package, DETEVAL_CHROMIUM names another)";
        }
    }
}
