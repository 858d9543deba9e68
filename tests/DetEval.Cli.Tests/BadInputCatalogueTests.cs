using System.Text.Json;

namespace DetEval.Cli.Tests;

/// <summary>
/// Runs every case of <c>testdata/bad/cases.json</c> through the CLI in process: each must exit with 2 and print
/// exactly one line naming the file and the place, with no stack trace and no output left behind.
/// </summary>
public class BadInputCatalogueTests
{
    /// <summary>The cases whose input is an empty folder standing where a file is expected: git keeps no empty folder.</summary>
    private static readonly string[] EmptyFolders =
    [
        "special/sam-png/sa_86563/0.png",
        "states/folder.state",
        "sav/frame-is-a-folder/pred/sav_000003/000/00016.png",
    ];

    static BadInputCatalogueTests()
    {
        foreach (string folder in EmptyFolders)
        {
            Directory.CreateDirectory(Path.Combine(TestData.Path("bad"), folder));
        }
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in Load())
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Fact]
    public void Catalogue_HasAtLeastFortyCases() => Assert.True(Load().Count >= 40, $"{Load().Count} cases");

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_ExitsWithTwo_OneLineNamingFileAndPlace(string name)
    {
        var c = Load().Single(x => x.Name == name);
        string root = TestData.Path("bad");
        string outDir = Path.Combine(Path.GetTempPath(), "deteval-bad-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Arguments holding a folder separator are paths relative to testdata/bad/; {out} is a fresh folder.
            string[] args = [.. c.Args.Select(a => a.Contains("{out}", StringComparison.Ordinal)
                ? a.Replace("{out}", outDir, StringComparison.Ordinal)
                : a.Contains('/', StringComparison.Ordinal) && !a.StartsWith('-') ? Path.Combine(root, a) : a)];
            var (code, _, stderr) = CliHarness.Run(args);
            string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(code == ExitCodes.BadInput, $"exit code {code}, stderr: {stderr}");
            Assert.True(lines.Length == 1, $"expected one line on stderr, got {lines.Length}: {stderr}");
            string line = lines[0];
            Assert.StartsWith("error: ", line, StringComparison.Ordinal);
            Assert.False(line.Contains("   at ", StringComparison.Ordinal) || line.Contains("Exception", StringComparison.Ordinal), "stack trace or exception name: " + line);
            foreach (string expected in c.Expect.Prepend(c.File))
            {
                Assert.True(line.Contains(expected, StringComparison.Ordinal), $"'{expected}' not in: {line}");
            }

            // Nothing half-written: the --json / --csv targets and the --out folder do not exist.
            Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir, "*", SearchOption.AllDirectories).Any(e => File.Exists(e)), "an output file was left behind");
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    private static List<BadCase> Load()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("bad", "cases.json")));
        return [.. doc.RootElement.EnumerateArray().Select(e => new BadCase(
            e.GetProperty("name").GetString()!,
            [.. e.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)],
            e.GetProperty("file").GetString()!,
            [.. e.GetProperty("expect").EnumerateArray().Select(a => a.GetString()!)]))];
    }

    private sealed record BadCase(string Name, string[] Args, string File, string[] Expect);
}
