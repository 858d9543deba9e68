using DetEval.Testing;

namespace DetEval.Tests.Samples;

/// <summary>
/// The docs' C# blocks are the code samples/Snippets compiles (it builds with the solution), so they compile as shown:
/// a COCO run with <c>using DetEval;</c> alone, report files with <c>DetEval.Reports</c> and plots with <c>DetEval.Plotting</c>.
/// </summary>
public class DocSnippetTests
{
    [Theory]
    [InlineData("README.md", "Readme.cs", 1)]
    [InlineData("docs/training-loop.md", "TrainingLoopDoc.cs", 1)]
    [InlineData("docs/reports.md", "ReportsDoc.cs", 2)] // report writers, and the plotting package
    [InlineData("docs/architecture.md", "OtherDocs.cs", 1)]
    [InlineData("docs/sam.md", "OtherDocs.cs", 1)]
    [InlineData("docs/dota.md", "OtherDocs.cs", 1)]
    public void EveryCSharpBlockOfTheDoc_IsCompiledVerbatimBySamplesSnippets(string doc, string sample, int moreUsings)
    {
        string root = Path.GetDirectoryName(TestData.Path())!;
        string[] source = File.ReadAllLines(Path.Combine(root, "samples", "Snippets", sample));
        var usings = source.Where(IsUsing).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("using DetEval;", usings);
        Assert.True(usings.Count <= 1 + moreUsings, $"{sample} needs {usings.Count} usings");
        string[] code = [.. source.Where(l => !IsUsing(l)).Select(l => l.Trim()).Where(l => l.Length > 0)];

        var blocks = Blocks(File.ReadAllLines(Path.Combine(root, doc)));
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
        {
            foreach (string u in block.Where(IsUsing))
            {
                Assert.Contains(u.Trim(), usings);
            }

            string[] body = [.. block.Where(l => !IsUsing(l)).Select(l => l.Trim()).Where(l => l.Length > 0)];
            Assert.True(IndexOf(code, body) >= 0, $"{doc}: this block is not in samples/Snippets/{sample}:\n{string.Join('\n', body)}");
        }
    }

    private static bool IsUsing(string line) => line.TrimStart().StartsWith("using ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(';') && !line.Contains('=', StringComparison.Ordinal);

    private static List<string[]> Blocks(string[] lines)
    {
        var blocks = new List<string[]>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "```csharp")
            {
                int end = Array.FindIndex(lines, i + 1, l => l.Trim() == "```");
                Assert.True(end > i, "unclosed block");
                blocks.Add(lines[(i + 1)..end]);
                i = end;
            }
        }

        return blocks;
    }

    private static int IndexOf(string[] haystack, string[] needle)
    {
        for (int start = 0; start + needle.Length <= haystack.Length; start++)
        {
            if (haystack.AsSpan(start, needle.Length).SequenceEqual(needle))
            {
                return start;
            }
        }

        return -1;
    }
}
