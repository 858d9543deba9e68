using System.Globalization;
using DetEval.Formats;

namespace DetEval.Reports;

/// <summary>
/// Every output of one run (report files, tables, plots, states, and the folders they go into), checked together
/// before any is written and written all or nothing: the one way DetEval writes files.
/// </summary>
/// <remarks>
/// <para><see cref="Validate"/> checks every target and writes nothing: a file target must not be a folder, a folder
/// target must not be a file, no file may stand where a folder must be created, the folder a file goes into must be
/// writable, no output may name an input (<see cref="AddInput"/>), and no two outputs may name one file (links
/// followed). Sockets and block devices are refused.</para>
/// <para><see cref="Commit"/> validates again, creates the missing folders, writes every regular file to a temporary
/// file beside its target (a short name, <c>.deteval-PID-N.tmp</c>, legal whatever the target's length), then renames
/// each over its target. If anything fails before the renames, the temporaries and the folders it created are removed
/// and every existing file is left as it was. A target that is a pipe or a character device (<c>--json /dev/stdout</c>,
/// a fifo), or any path under <c>/dev/</c> or <c>/proc/</c>, is never replaced: it is written into directly, at its end,
/// after the temporaries and before the renames.</para>
/// </remarks>
public sealed class OutputSet
{
    private static int sequence;
    private readonly List<Input> inputs = [];
    private readonly List<Folder> folders = [];
    private readonly List<Target> files = [];
    private readonly HashSet<string> probed = [];

    /// <summary>The file targets, in the order added.</summary>
    public IReadOnlyList<string> Files => [.. files.Select(f => f.Path)];

    /// <summary>Names a file or folder the run reads: no output may replace it.</summary>
    /// <param name="path">The input's path.</param>
    /// <param name="label">How the user named it, for messages (<c>--gt</c>).</param>
    public void AddInput(string path, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(label);
        inputs.Add(new Input(Canonical(path), label));
    }

    /// <summary>Adds a folder the run writes files into (created when missing).</summary>
    /// <param name="path">The folder.</param>
    /// <param name="label">How the user named it, for messages (<c>--out</c>); files added below it are named after it.</param>
    public void AddFolder(string path, string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(label);
        folders.Add(new Folder(Path.GetFullPath(path), label));
    }

    /// <summary>
    /// Adds a file to write. Without <paramref name="write"/> the file is only declared (it takes part in
    /// <see cref="Validate"/>); give its content with <see cref="SetContent"/> before <see cref="Commit"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="label">How the user named it, for messages (<c>--json</c>); null names it after its folder.</param>
    /// <param name="write">Writes the content; called once, by <see cref="Commit"/>.</param>
    public void AddFile(string path, string? label = null, Action<Stream>? write = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        label ??= folders.LastOrDefault(f => IsBelow(full, f.Path)) is { } folder ? $"{Path.GetRelativePath(folder.Path, full)} in {folder.Label}" : full;
        files.Add(new Target(full, label) { Write = write });
    }

    /// <summary>Gives the content of a file declared by <see cref="AddFile"/>.</summary>
    /// <param name="path">The file, as added.</param>
    /// <param name="write">Writes the content.</param>
    /// <exception cref="InvalidOperationException">No file of that path was added.</exception>
    public void SetContent(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        var target = files.FirstOrDefault(f => f.Path == full) ?? throw new InvalidOperationException($"{path} was not added to the outputs");
        target.Write = write;
    }

    /// <summary>Checks every target (see the remarks); writes nothing but a probe file, created and removed, per folder.</summary>
    /// <exception cref="DetEvalInputException">A target cannot be written, naming it and why.</exception>
    public void Validate()
    {
        var seen = new Dictionary<string, Target>(PathComparer);
        probed.Clear();
        foreach (var folder in folders)
        {
            switch (FileKinds.Of(folder.Path))
            {
                case FileKind.Directory:
                    Probe(folder.Path, folder.Path, folder.Label);
                    break;
                case FileKind.Missing:
                    CheckCreatable(folder.Path, folder.Label);
                    break;
                case var kind:
                    throw new DetEvalInputException(folder.Path, "", $"{folder.Label}: is {FileKinds.Describe(kind)}, expected a folder");
            }

            foreach (var input in inputs)
            {
                if (PathComparer.Equals(Canonical(folder.Path), input.Path))
                {
                    throw new DetEvalInputException(folder.Path, "", $"{folder.Label}: is the input {input.Label}; write the outputs to another folder");
                }
            }
        }

        foreach (var file in files)
        {
            file.Stream = IsStream(file.Path);
            if (file.Stream)
            {
                continue; // written into directly: not replaced, so neither an input nor another output is harmed
            }

            file.Resolved = Canonical(file.Path);
            switch (FileKinds.Of(file.Resolved))
            {
                case FileKind.Directory:
                    throw new DetEvalInputException(file.Path, "", $"{file.Label}: is a folder, expected a file");
                case FileKind.Regular:
                    Probe(Path.GetDirectoryName(file.Resolved)!, file.Path, file.Label);
                    break;
                case FileKind.Missing:
                    CheckCreatable(file.Resolved, file.Label);
                    break;
                case var kind:
                    throw new DetEvalInputException(file.Path, "", $"{file.Label}: is {FileKinds.Describe(kind)}; a report cannot be written into it");
            }

            foreach (var input in inputs)
            {
                if (PathComparer.Equals(file.Resolved, input.Path))
                {
                    throw new DetEvalInputException(file.Path, "", $"{file.Label}: is the input {input.Label}; writing it would replace the input");
                }
            }

            if (!seen.TryAdd(file.Resolved, file))
            {
                throw new DetEvalInputException(file.Path, "", $"named by both {seen[file.Resolved].Label} and {file.Label}; give each output its own file");
            }
        }
    }

    /// <summary>Validates and writes every output, all or nothing (see the remarks); returns the files written.</summary>
    /// <exception cref="DetEvalInputException">A target cannot be written; nothing was replaced.</exception>
    /// <exception cref="InvalidOperationException">A declared file has no content.</exception>
    public IReadOnlyList<string> Commit()
    {
        if (files.FirstOrDefault(f => f.Write is null) is { } empty)
        {
            throw new InvalidOperationException($"{empty.Path} ({empty.Label}) was declared but given no content");
        }

        Validate();
        var created = new List<string>();
        var temporaries = new List<(Target File, string Temp)>();
        try
        {
            foreach (string folder in folders.Select(f => f.Path).Concat(files.Where(f => !f.Stream).Select(f => Path.GetDirectoryName(f.Resolved!)!)))
            {
                Create(folder, created);
            }

            foreach (var file in files.Where(f => !f.Stream))
            {
                string temp = Path.Combine(Path.GetDirectoryName(file.Resolved!)!, TempName("tmp"));
                temporaries.Add((file, temp));
                Guard(file, () =>
                {
                    using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
                    file.Write!(stream);
                });
            }

            foreach (var file in files.Where(f => f.Stream))
            {
                // Appended, never truncated or replaced: what `> out` or a reader of the pipe expects.
                Guard(file, () =>
                {
                    using var stream = new FileStream(file.Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
                    file.Write!(stream);
                });
            }
        }
        catch
        {
            foreach (var (_, temp) in temporaries)
            {
                TryDelete(temp);
            }

            for (int i = created.Count - 1; i >= 0; i--)
            {
                TryRemoveEmptyFolder(created[i]);
            }

            throw;
        }

        for (int i = 0; i < temporaries.Count; i++)
        {
            var (file, temp) = temporaries[i];
            try
            {
                if (!OperatingSystem.IsWindows() && File.Exists(file.Resolved))
                {
                    File.SetUnixFileMode(temp, File.GetUnixFileMode(file.Resolved!)); // a replaced file keeps its permissions
                }

                File.Move(temp, file.Resolved!, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                for (int j = i; j < temporaries.Count; j++)
                {
                    TryDelete(temporaries[j].Temp);
                }

                string done = i == 0 ? "nothing was replaced" : $"{string.Join(", ", temporaries.Take(i).Select(t => t.File.Label))} were already written";
                throw new DetEvalInputException(file.Path, "", $"{file.Label}: cannot be written: {Reason(e)}; {done}", e);
            }
        }

        return Files;
    }

    /// <summary>Paths are compared as the file system compares them (case-insensitively on Windows and macOS).</summary>
    private static StringComparer PathComparer => OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>A pipe, a character device, or a path under /dev/ or /proc/ (<c>/dev/stdout</c> redirected to a file too).</summary>
    private static bool IsStream(string path) =>
        (!OperatingSystem.IsWindows() && (path.StartsWith("/dev/", StringComparison.Ordinal) || path.StartsWith("/proc/", StringComparison.Ordinal)))
        || FileKinds.Of(path) is FileKind.Fifo or FileKind.CharacterDevice;

    /// <summary>The path with every link in it followed (links in parent folders too), so that two names of one file compare equal.</summary>
    internal static string Canonical(string path)
    {
        string full = Path.GetFullPath(path);
        for (int hops = 0; hops < 40; hops++)
        {
            string? parent = Path.GetDirectoryName(full);
            if (parent is null)
            {
                return full;
            }

            string resolvedParent = Canonical(parent);
            string joined = Path.Combine(resolvedParent, Path.GetFileName(full));
            string? link = null;
            try
            {
                link = new FileInfo(joined).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            if (link is null)
            {
                return joined;
            }

            full = Path.GetFullPath(link, resolvedParent);
        }

        return full; // a link loop: left for the write to report
    }

    private static bool IsBelow(string path, string folder) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>Checks that <paramref name="path"/> can be created: its nearest existing ancestor is a writable folder.</summary>
    private void CheckCreatable(string path, string label)
    {
        string? ancestor = Path.GetDirectoryName(path);
        while (ancestor is not null && FileKinds.Of(ancestor) == FileKind.Missing)
        {
            ancestor = Path.GetDirectoryName(ancestor);
        }

        if (ancestor is null)
        {
            throw new DetEvalInputException(path, "", $"{label}: cannot be created: no folder above it exists");
        }

        var kind = FileKinds.Of(ancestor);
        if (kind != FileKind.Directory)
        {
            throw new DetEvalInputException(path, "", $"{label}: cannot be created: {ancestor} is {FileKinds.Describe(kind)}, not a folder");
        }

        Probe(ancestor, path, label);
    }

    /// <summary>Creates and removes a file in <paramref name="folder"/>: the one sure test that files can be created there.</summary>
    private void Probe(string folder, string target, string label)
    {
        if (!probed.Add(folder))
        {
            return;
        }

        string probe = Path.Combine(folder, TempName("probe"));
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetEvalInputException(target, "", $"{label}: cannot be written: files cannot be created in {folder} ({Reason(e)})", e);
        }
    }

    private static void Create(string folder, List<string> created)
    {
        var missing = new Stack<string>();
        for (string? f = folder; f is not null && FileKinds.Of(f) == FileKind.Missing; f = Path.GetDirectoryName(f))
        {
            missing.Push(f);
        }

        while (missing.Count > 0)
        {
            string f = missing.Pop();
            Directory.CreateDirectory(f);
            created.Add(f);
        }
    }

    private static void Guard(Target file, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetEvalInputException(file.Path, "", $"{file.Label}: cannot be written: {Reason(e)}; nothing was replaced", e);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        _ when e.HResult == 28 || e.Message.Contains("No space left", StringComparison.Ordinal) => "no space left on the device",
        _ => e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.'),
    };

    private static string TempName(string kind) => string.Create(CultureInfo.InvariantCulture,
        $".deteval-{Environment.ProcessId}-{Interlocked.Increment(ref sequence)}.{kind}");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryRemoveEmptyFolder(string path)
    {
        try
        {
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private sealed record Input(string Path, string Label);

    private sealed record Folder(string Path, string Label);

    private sealed class Target(string path, string label)
    {
        public string Path { get; } = path;

        public string Label { get; } = label;

        public Action<Stream>? Write { get; set; }

        /// <summary>Set by <see cref="Validate"/>: the target with links followed (the file the rename replaces).</summary>
        public string? Resolved { get; set; }

        /// <summary>Set by <see cref="Validate"/>: written into directly (a pipe or a device), not replaced.</summary>
        public bool Stream { get; set; }
    }
}
