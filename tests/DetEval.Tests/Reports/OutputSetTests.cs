using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using DetEval.Reports;

namespace DetEval.Tests.Reports;

/// <summary>
/// <see cref="OutputSet"/>, the one writer of a run's outputs: every target is checked before any is written, a failed
/// run writes nothing and leaves existing reports as they were, and nothing that is not a regular file is replaced.
/// </summary>
public sealed class OutputSetTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("deteval-outputs-").FullName;
    private readonly List<string> immutable = [];

    public void Dispose()
    {
        foreach (string path in immutable)
        {
            Chattr("-i", path);
        }

        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Commit_WritesEveryFile_CreatingFolders_AndLeavesNoTemporary()
    {
        var outputs = new OutputSet();
        string out1 = Path.Combine(dir, "out", "deep");
        outputs.AddFolder(out1, "--out");
        outputs.AddFile(Path.Combine(out1, "report.json"), null, Text("{}"));
        outputs.AddFile(Path.Combine(out1, "classes", "a.csv"), null, Text("a"));
        outputs.AddFile(Path.Combine(dir, "r.json"), "--json", Text("[]"));
        var written = outputs.Commit();
        Assert.Equal(3, written.Count);
        Assert.Equal("{}", File.ReadAllText(Path.Combine(out1, "report.json")));
        Assert.Equal("a", File.ReadAllText(Path.Combine(out1, "classes", "a.csv")));
        Assert.Equal("[]", File.ReadAllText(Path.Combine(dir, "r.json")));
        Assert.Empty(Directory.EnumerateFiles(dir, ".deteval-*", SearchOption.AllDirectories));
    }

    [Fact]
    public void FailedRun_WritesNothing_AndRemovesTheFoldersItCreated()
    {
        var outputs = new OutputSet();
        string outDir = Path.Combine(dir, "new", "out");
        outputs.AddFolder(outDir, "--out");
        outputs.AddFile(Path.Combine(dir, "r.json"), "--json", Text("first"));
        outputs.AddFile(Path.Combine(outDir, "report.json"), null, Text("second"));
        outputs.AddFile(Path.Combine(outDir, "plot.png"), null, _ => throw new InvalidOperationException("the plot failed"));
        Assert.Throws<InvalidOperationException>(() => outputs.Commit());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir));
    }

    [Fact]
    public void FailedRun_LeavesAnExistingGoodReportUntouched()
    {
        string report = Path.Combine(dir, "report.json");
        File.WriteAllText(report, "good");
        var before = File.GetLastWriteTimeUtc(report);
        var outputs = new OutputSet();
        outputs.AddFile(report, "--json", Text("new"));
        outputs.AddFile(Path.Combine(dir, "state.bin"), "--state-out", s =>
        {
            s.Write("half"u8);
            throw new IOException("No space left on device");
        });
        var e = Assert.Throws<DetEvalInputException>(() => outputs.Commit());
        Assert.Equal($"{Path.Combine(dir, "state.bin")}: --state-out: cannot be written: no space left on the device; nothing was replaced", e.Message);
        Assert.Equal("good", File.ReadAllText(report));
        Assert.Equal(before, File.GetLastWriteTimeUtc(report));
        Assert.Equal([report], Directory.GetFiles(dir));
    }

    [Fact]
    public void ExistingFileWhereAFolderIsWanted_IsRefusedBeforeAnythingIsWritten()
    {
        string file = Path.Combine(dir, "out");
        File.WriteAllText(file, "x");
        var outputs = new OutputSet();
        outputs.AddFile(Path.Combine(dir, "r.json"), "--json", Text("{}"));
        outputs.AddFolder(file, "--out");
        var e = Assert.Throws<DetEvalInputException>(() => outputs.Commit());
        Assert.Equal($"{file}: --out: is a file, expected a folder", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, "r.json")));
    }

    [Fact]
    public void APathThatIsAFolder_IsRefused()
    {
        string folder = Directory.CreateDirectory(Path.Combine(dir, "images.csv")).FullName;
        var outputs = new OutputSet();
        outputs.AddFile(folder, "--csv", Text("a"));
        Assert.Equal($"{folder}: --csv: is a folder, expected a file", Assert.Throws<DetEvalInputException>(() => outputs.Validate()).Message);
    }

    [Fact]
    public void AFolderInTheWayInsideTheOutputFolder_IsRefused_AndNothingIsWritten()
    {
        string outDir = Path.Combine(dir, "out");
        Directory.CreateDirectory(Path.Combine(outDir, "classes.csv"));
        var outputs = new OutputSet();
        outputs.AddFolder(outDir, "--out");
        outputs.AddFile(Path.Combine(outDir, "report.json"), null, Text("{}"));
        outputs.AddFile(Path.Combine(outDir, "classes.csv"), null, Text("a"));
        var e = Assert.Throws<DetEvalInputException>(() => outputs.Commit());
        Assert.Equal($"{Path.Combine(outDir, "classes.csv")}: classes.csv in --out: is a folder, expected a file", e.Message);
        Assert.False(File.Exists(Path.Combine(outDir, "report.json")));
    }

    [Fact]
    public void AFileInTheWayOfAFolderToCreate_IsRefused()
    {
        string file = Path.Combine(dir, "notes.txt");
        File.WriteAllText(file, "x");
        string target = Path.Combine(file, "sub", "r.json");
        var outputs = new OutputSet();
        outputs.AddFile(target, "--json", Text("{}"));
        Assert.Equal($"{target}: --json: cannot be created: {file} is a file, not a folder", Assert.Throws<DetEvalInputException>(() => outputs.Validate()).Message);
    }

    [Fact]
    public void AReadOnlyFolder_IsRefusedBeforeAnythingIsWritten()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string locked = Directory.CreateDirectory(Path.Combine(dir, "locked")).FullName;
        MakeReadOnly(locked);
        var outputs = new OutputSet();
        outputs.AddFile(Path.Combine(dir, "r.json"), "--json", Text("{}"));
        outputs.AddFolder(Path.Combine(locked, "out"), "--out");
        outputs.AddFile(Path.Combine(locked, "out", "report.json"), null, Text("{}"));
        var e = Assert.Throws<DetEvalInputException>(() => outputs.Commit());
        Assert.StartsWith($"{Path.Combine(locked, "out")}: --out: cannot be written: files cannot be created in {locked} (", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "r.json")));
    }

    [Fact]
    public void AnOutputNamingAnInput_IsRefused_AlsoThroughALink()
    {
        string gt = Path.Combine(dir, "gt.json");
        File.WriteAllText(gt, "input");
        string link = Path.Combine(dir, "link.json");
        File.CreateSymbolicLink(link, gt);
        foreach (string target in new[] { gt, link, Path.Combine(dir, ".", "gt.json") })
        {
            var outputs = new OutputSet();
            outputs.AddInput(gt, "--gt");
            outputs.AddFile(target, "--json", Text("{}"));
            var e = Assert.Throws<DetEvalInputException>(() => outputs.Commit());
            Assert.EndsWith("--json: is the input --gt; writing it would replace the input", e.Message, StringComparison.Ordinal);
        }

        Assert.Equal("input", File.ReadAllText(gt));
    }

    [Fact]
    public void TwoOutputsNamingOneFile_AreRefused()
    {
        string json = Path.Combine(dir, "a.json");
        var outputs = new OutputSet();
        outputs.AddFile(json, "--json", Text("{}"));
        outputs.AddFile(Path.Combine(dir, "sub", "..", "a.json"), "--state-out", Text("state"));
        var e = Assert.Throws<DetEvalInputException>(() => outputs.Commit());
        Assert.Equal($"{json}: named by both --json and --state-out; give each output its own file", e.Message);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void ALegal255ByteName_IsWritten()
    {
        string name = new string('n', 250) + ".json";
        string target = Path.Combine(dir, name);
        var outputs = new OutputSet();
        outputs.AddFile(target, "--json", Text("{}"));
        outputs.Commit();
        Assert.Equal("{}", File.ReadAllText(target));
    }

    [Fact]
    public async Task AFifo_IsWrittenInto_NotReplaced()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string fifo = Path.Combine(dir, "report.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var reader = Task.Run(() => File.ReadAllText(fifo));
        var outputs = new OutputSet();
        outputs.AddFile(fifo, "--json", Text("{\"AP\": 1}"));
        outputs.Commit();
        Assert.Equal("{\"AP\": 1}", await reader);
        Assert.Equal(DetEval.Formats.FileKind.Fifo, DetEval.Formats.FileKinds.Of(fifo));
    }

    [Fact]
    public void ACharacterDevice_IsWrittenInto_NotReplaced()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var outputs = new OutputSet();
        outputs.AddFile("/dev/null", "--json", Text("{}"));
        outputs.AddFile("/dev/null", "--csv", Text("a,b"));
        outputs.Commit();
        Assert.Equal(DetEval.Formats.FileKind.CharacterDevice, DetEval.Formats.FileKinds.Of("/dev/null"));
    }

    [Fact]
    public void ASocket_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string socketPath = Path.Combine(dir, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var outputs = new OutputSet();
        outputs.AddFile(socketPath, "--json", Text("{}"));
        Assert.Equal($"{socketPath}: --json: is a socket; a report cannot be written into it", Assert.Throws<DetEvalInputException>(() => outputs.Commit()).Message);
    }

    [Fact]
    public void ALinkToAReport_StaysALink_AndItsTargetIsReplaced()
    {
        string real = Path.Combine(dir, "real.json");
        File.WriteAllText(real, "old");
        string link = Path.Combine(dir, "link.json");
        File.CreateSymbolicLink(link, real);
        var outputs = new OutputSet();
        outputs.AddFile(link, "--json", Text("new"));
        outputs.Commit();
        Assert.Equal(real, new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(real));
    }

    [Fact]
    public void AReplacedFile_KeepsItsPermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string report = Path.Combine(dir, "report.json");
        File.WriteAllText(report, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(report, mode);
        var outputs = new OutputSet();
        outputs.AddFile(report, "--json", Text("new"));
        outputs.Commit();
        Assert.Equal(mode, File.GetUnixFileMode(report));
    }

    [Fact]
    public void ADeclaredFile_TakesPartInValidation_AndNeedsContentToCommit()
    {
        string json = Path.Combine(dir, "r.json");
        var outputs = new OutputSet();
        outputs.AddFile(json, "--json");
        outputs.Validate();
        Assert.Throws<InvalidOperationException>(() => outputs.Commit());
        outputs.SetContent(json, Text("{}"));
        outputs.Commit();
        Assert.Equal("{}", File.ReadAllText(json));
    }

    private static Action<Stream> Text(string text) => s => s.Write(Encoding.UTF8.GetBytes(text));

    /// <summary>Makes a folder refuse new files, for root too (which ignores permission bits): chattr +i where it can.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void MakeReadOnly(string folder)
    {
        if (Environment.UserName == "root" && Chattr("+i", folder))
        {
            immutable.Add(folder);
            return;
        }

        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        immutable.Add(folder);
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true });
            process!.WaitForExit();
            if (flag == "-i" && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
