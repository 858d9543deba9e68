using System.Diagnostics;

namespace DetEval.Cli.Tests;

/// <summary>
/// The output rules, command by command (every command that writes files writes through the run's one output set):
/// a failed run writes nothing, an existing good report is left untouched, and a device or a fifo named as an output
/// is written into, never replaced by a regular file.
/// </summary>
public sealed class OutputRulesCliTests : IDisposable
{
    private const string Good = "{\"a good report\": true}\n";
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-output-rules-" + Guid.NewGuid().ToString("N"));

    public OutputRulesCliTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    /// <summary>Every command that writes, with a command line that succeeds; merge takes a state made first.</summary>
    public static TheoryData<string> Commands() => ["coco", "keypoints", "lvis", "voc", "dota", "tide", "compare", "sam-auto", "sam-prompt", "sam-video", "sam-concept", "merge"];

    private static string P(params string[] parts) => TestData.Path(parts);

    private string[] GoodArgs(string command) => command switch
    {
        "coco" => ["coco", "--gt", P("reference", "small", "gt.json"), "--dt", P("reference", "small", "dt_bbox.json"), "--iou-type", "bbox", "-q"],
        "keypoints" => ["coco", "--gt", P("reference", "keypoints-small", "person", "gt.json"), "--dt", P("reference", "keypoints-small", "person", "dt.json"), "--iou-type", "keypoints", "-q"],
        "lvis" => ["lvis", "--gt", P("reference", "lvis-small", "gt.json"), "--dt", P("reference", "lvis-small", "dt_bbox.json"), "--iou-type", "bbox", "-q"],
        "voc" => ["voc", "--gt", P("reference", "small", "voc"), "--dt", P("reference", "small", "voc", "results"), "-q"],
        "dota" => ["dota", "--gt", P("dota", "dota-small", "labelTxt"), "--dt", P("dota", "dota-small", "results"), "-q"],
        "tide" => ["tide", "--gt", P("reference", "small", "gt.json"), "--dt", P("reference", "small", "dt_bbox.json"), "-q"],
        "compare" => ["compare", "--gt", P("reference", "small", "gt.json"), "--dt", P("reference", "small", "dt_bbox.json"), "--dt", P("reference", "small", "dt_bbox.json"), "-q"],
        "sam-auto" => ["sam", "--mode", "auto", "--gt", P("reference", "sam-small", "gt_sa1b"), "--pred", P("reference", "sam-small", "pred_png"), "-q"],
        "sam-prompt" => ["sam", "--mode", "prompt", "--gt", P("reference", "sam-small", "gt_sa1b"), "--pred", P("reference", "sam-small", "prompts.json"), "-q"],
        "sam-video" => ["sam", "--mode", "video", "--gt", P("reference", "sav-small", "sav", "gt"), "--pred", P("reference", "sav-small", "sav", "pred"), "-q"],
        "sam-concept" => ["sam", "--mode", "concept", "--gt", P("reference", "cgf1-small", "gt.json"), "--gt", P("reference", "cgf1-small", "gt_b.json"), "--dt", P("reference", "cgf1-small", "dt.json"), "-q"],
        _ => ["merge", State("a"), "-q"],
    };

    private static bool HasOut(string command) => command != "merge";

    private string[] StateOut(string command) => command is "merge" or "compare" ? [] : ["--state-out", Path.Combine(dir, "run.state")];

    private string State(string name)
    {
        string path = Path.Combine(dir, name + ".state");
        if (!File.Exists(path))
        {
            var run = CliHarness.Run(["coco", "--gt", P("reference", "small", "gt.json"), "--dt", P("reference", "small", "dt_bbox.json"), "--iou-type", "bbox", "-q", "--state-out", path]);
            Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        }

        return path;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void AnOutputThatCannotBeWritten_FailsTheRun_WritingNothing_AndLeavingAGoodReportUntouched(string command)
    {
        string json = Path.Combine(dir, "report.json");
        File.WriteAllText(json, Good);
        string inTheWay = Path.Combine(dir, "in-the-way");
        File.WriteAllText(inTheWay, "a file where a folder is wanted");
        string[] good = GoodArgs(command);
        string[] before = Entries();
        // The last output fails its check (a file where --out wants a folder; merge, which has --json only: a file
        // where the report's folder should be): nothing is written, the good report and every other file stay.
        string[] args = HasOut(command)
            ? [.. good, "--json", json, .. StateOut(command), "--out", inTheWay]
            : [.. good, "--json", Path.Combine(inTheWay, "report.json")];
        var (code, stdout, stderr) = CliHarness.Run(args);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains(inTheWay, Assert.Single(stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
        Assert.Equal(Good, File.ReadAllText(json));
        Assert.Equal(before, Entries());
    }

    // DOTA is left out: the devkit skips short lines, so label files cut in half are still valid input (parity).
    public static TheoryData<string, string> BrokenInputs() => new()
    {
        { "coco", "--gt" },
        { "keypoints", "--dt" },
        { "lvis", "--gt" },
        { "voc", "--gt" },
        { "tide", "--dt" },
        { "compare", "--gt" },
        { "sam-auto", "--gt" },
        { "sam-prompt", "--pred" },
        { "sam-video", "--pred" },
        { "sam-concept", "--dt" },
        { "merge", "state" },
    };

    [Theory]
    [MemberData(nameof(BrokenInputs))]
    public void ARunThatFailsOnItsInput_WritesNothing_AndLeavesAGoodReportUntouched(string command, string broken)
    {
        string json = Path.Combine(dir, "report.json");
        File.WriteAllText(json, Good);
        string[] args = GoodArgs(command);
        int at = broken == "state" ? 1 : Array.IndexOf(args, broken) + 1;
        (args[at], string named) = Break(args[at]);
        string[] before = Entries();
        args = HasOut(command)
            ? [.. args, "--json", json, .. StateOut(command), "--out", Path.Combine(dir, "out")]
            : [.. args, "--json", json];
        var (code, stdout, stderr) = CliHarness.Run(args);

        Assert.True(code == ExitCodes.BadInput, $"exit {code}: {stderr}");
        Assert.Contains(named, Assert.Single(stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
        Assert.Equal("", stdout);
        Assert.Equal(Good, File.ReadAllText(json));
        Assert.Equal(before, Entries());
    }

    /// <summary>
    /// A damaged copy of an input in the test folder: a file, or every file of a folder, cut to half its length.
    /// Returns the path to give and the path the error must name (the file, or the folder that holds it).
    /// </summary>
    private (string Argument, string Named) Break(string original)
    {
        string copy = Path.Combine(dir, "bad-" + Path.GetFileName(original));
        if (Directory.Exists(original))
        {
            CopyFolder(original, copy);
        }
        else
        {
            File.Copy(original, copy);
        }

        foreach (string file in File.Exists(copy) ? [copy] : Directory.GetFiles(copy, "*", SearchOption.AllDirectories))
        {
            byte[] bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes[..(bytes.Length / 2)]);
        }

        return (copy, copy);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void DevNull_IsWrittenInto_AndStaysADevice(string command)
    {
        var (code, _, stderr) = CliHarness.Run([.. GoodArgs(command), "--json", "/dev/null"]);

        Assert.True(code == ExitCodes.Ok, stderr);
        Assert.Equal("character special file", Stat("/dev/null"));
    }

    [Theory]
    [InlineData("coco")]
    [InlineData("voc")]
    [InlineData("sam-concept")]
    [InlineData("merge")]
    public async Task AFifo_IsWrittenInto_AndStaysAFifo(string command)
    {
        string fifo = Path.Combine(dir, "report.fifo");
        using (var mk = Process.Start("mkfifo", fifo))
        {
            mk.WaitForExit();
            Assert.Equal(0, mk.ExitCode);
        }

        // The reader opens the fifo as a user piping it into another tool would.
        var reader = Task.Run(() => File.ReadAllText(fifo));
        var (code, _, stderr) = CliHarness.Run([.. GoodArgs(command), "--json", fifo]);

        Assert.True(code == ExitCodes.Ok, stderr);
        string text = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        using var report = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, report.RootElement.ValueKind);
        Assert.Equal("fifo", Stat(fifo));
    }

    /// <summary>The commands whose predictions are one file (merge: its state), and where that file is in their good arguments.</summary>
    public static TheoryData<string> CommandsWithAFileInput() => ["coco", "lvis", "tide", "sam-prompt", "sam-concept", "merge"];

    [Theory]
    [MemberData(nameof(CommandsWithAFileInput))]
    public void AJsonReportNamingAnInput_IsRefused_AndTheInputStaysAsItWas(string command)
    {
        string[] args = GoodArgs(command);
        int at = command == "merge" ? 1 : Array.FindIndex(args, a => a is "--dt" or "--pred") + 1;
        string input = Path.Combine(dir, "input-" + Path.GetFileName(args[at]));
        if (input != args[at])
        {
            File.Copy(args[at], input);
        }

        args[at] = input;
        byte[] before = File.ReadAllBytes(input);
        var (code, stdout, stderr) = CliHarness.Run([.. args, "--json", input]);

        Assert.True(code == ExitCodes.BadInput, $"exit {code}: {stderr}");
        Assert.Equal("", stdout);
        string line = Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(input, line, StringComparison.Ordinal);
        Assert.Contains("--json: is the input", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(input));
    }

    [Theory]
    [InlineData("coco")]
    [InlineData("voc")]
    [InlineData("sam-auto")]
    [InlineData("sam-concept")]
    public void JsonAndStateOutNamingOneFile_AreRefused_WritingNothing(string command)
    {
        string same = Path.Combine(dir, "same.out");
        string[] before = Entries();
        var (code, stdout, stderr) = CliHarness.Run([.. GoodArgs(command), "--json", same, "--state-out", same]);

        Assert.True(code == ExitCodes.BadInput, $"exit {code}: {stderr}");
        Assert.Equal("", stdout);
        Assert.Equal($"error: {same}: named by both --json and --state-out; give each output its own file", Assert.Single(stderr.TrimEnd('\n').Split('\n')));
        Assert.Equal(before, Entries());
    }

    private string[] Entries() => [.. Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static string Stat(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%F", path]) { RedirectStandardOutput = true })!;
        string kind = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return kind;
    }
}
