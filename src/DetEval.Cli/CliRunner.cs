using System.CommandLine;
using DetEval.Reports;

namespace DetEval.Cli;

/// <summary>
/// Runs an action and turns bad input into one line on stderr and exit code 2. Before the action runs, every input
/// option marked <see cref="MustExist"/> is checked, and every output the command line names (options marked
/// <see cref="Output"/> or <see cref="OutputFolder"/>) is declared in one <see cref="OutputSet"/> and validated, so that
/// a bad target fails the run before any input is read; the action writes all its outputs through that set.
/// </summary>
internal static class CliRunner
{
    /// <summary>Adds the evaluation state to the run's outputs when <c>--state-out</c> named a file.</summary>
    public static void AddState(OutputSet outputs, FileInfo? stateOut, Func<EvaluationState> snapshot)
    {
        if (stateOut is not null)
        {
            var state = snapshot();
            outputs.SetContent(stateOut.FullName, state.WriteTo);
        }
    }

    /// <summary>Writes every output of the run at once, all or nothing, then says how many files <c>--out</c> received.</summary>
    public static void Finish(OutputSet outputs, DirectoryInfo? outFolder, int inFolder, bool quiet, TextWriter stderr, Action<string>? status = null)
    {
        status?.Invoke("writing reports…");
        outputs.Commit();
        if (outFolder is not null && !quiet)
        {
            stderr.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"wrote {inFolder} files to {outFolder.FullName}"));
        }
    }

    public static int Guard(ParseResult parse, Func<TextWriter, TextWriter, OutputSet, int> action) =>
        Guard(parse, quiet: true, (stdout, stderr, _, outputs) => action(stdout, stderr, outputs));

    /// <summary>
    /// Runs an action that reports its stage ("matching…") through a status callback, shown as a spinner
    /// on stderr when it is an interactive console and <paramref name="quiet"/> is off.
    /// </summary>
    public static int Guard(ParseResult parse, bool quiet, Func<TextWriter, TextWriter, Action<string>, OutputSet, int> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            CheckInputsExist(parse);
            ThreadsOption.Apply(parse);
            var outputs = DeclareOutputs(parse);
            outputs.Validate();
            return CliProgress.Run(CliProgress.IsInteractive(error, quiet), output, error, (stdout, stderr, status) => action(stdout, stderr, status, outputs));
        }
        catch (DetEvalInputException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine("error: " + e.Message.ReplaceLineEndings(" "));
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Inputs from this many bytes on are read without collections (<see cref="ReadWithoutCollections"/>).</summary>
    internal const long ReadRegionFromBytes = 16 << 20;

    /// <summary>
    /// Runs <paramref name="read"/> with the collector held off (a no-GC region) when the inputs are large: nearly
    /// everything a read allocates lives until it ends, so the full collections its large-object allocations would
    /// start (four while reading COCO-sized masks, each marking every object made so far) free almost nothing. The
    /// region is sized from the inputs (twice their bytes and 32 MB; a COCO-sized read allocates 1.0 to 1.8 times its
    /// bytes), at most a quarter of the memory the collector may use and 4 GB, since starting one takes time with its
    /// size (16 ms at 6 GB). A read that allocates more ends the region with an ordinary collection. The collection
    /// after reading (<see cref="CollectAfterReading"/>) then frees the read's garbage. Measured interleaved
    /// (tools/bench): COCO-sized bbox 0.35 to 0.32 s, segm 0.82 to 0.77 s, Objects365-sized 3.02 to 2.64 s and
    /// 772 to 687 MB.
    /// </summary>
    /// <param name="inputBytes">The sizes of the files the read takes, added up.</param>
    /// <param name="read">The read.</param>
    public static T ReadWithoutCollections<T>(long inputBytes, Func<T> read)
    {
        bool region = false;
        if (inputBytes >= ReadRegionFromBytes)
        {
            long limit = Math.Min(4L << 30, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4);
            long size = Math.Min((2 * inputBytes) + (32 << 20), limit);
            try
            {
                region = size >= ReadRegionFromBytes && GC.TryStartNoGCRegion(size);
            }
            catch (ArgumentOutOfRangeException)
            {
                // More than this runtime allows in one region: read as usual.
            }
        }

        try
        {
            return read();
        }
        finally
        {
            if (region && System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }

    /// <summary>The bytes of the files that exist among <paramref name="files"/> (a missing one is the read's error to name).</summary>
    public static long BytesOf(params FileInfo[] files) => files.Sum(f => f.Exists ? f.Length : 0);

    /// <summary>Results from this many on make the collection after reading worth its time.</summary>
    internal const int CollectFromResults = 100_000;

    /// <summary>
    /// After reading a large results file, one full collection before matching allocates on top of the parse's
    /// garbage: the parsed elements (about 100 bytes a result) and the parser's buffers are large objects, which only
    /// a full collection frees, and on the COCO-sized case none runs on its own after reading, so without it the peak
    /// is every stage's garbage added up. It sweeps and does not compact: what survives is the half-million detections
    /// and masks, and moving them cost more than the collection itself (COCO-sized segm, with the young collection
    /// after matching that went with it: 122 against 51 ms paused in all; bbox 61 against 29 ms; tools/bench). That
    /// young collection is gone as well: it took 27 ms to free the rasterised ground-truth masks, which matching no
    /// longer allocates (<see cref="Segmentation"/>'s runs in a reused buffer).
    /// </summary>
    public static void CollectAfterReading(int results)
    {
        if (results >= CollectFromResults)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
    }

    /// <summary>
    /// Runs matching; a bad mask found there names no file (the library does not know it), so the file is
    /// taken from the place: a ground truth's mask is in <paramref name="truthFile"/>, anything else in <paramref name="resultsFile"/>.
    /// </summary>
    public static void NameMaskSource(Action match, string truthFile, string resultsFile)
    {
        try
        {
            match();
        }
        catch (DetEvalInputException e) when (e.File.Length == 0)
        {
            string file = e.Location.Contains("ground truth", StringComparison.Ordinal) ? truthFile : resultsFile;
            throw new DetEvalInputException(file, e.Location, e.Problem, e);
        }
    }

    // Options whose value must name an existing file or folder; checked when the command runs, so that a
    // missing input is bad input (exit 2) like any other, not a usage error.
    private static readonly HashSet<Option> MustExistOptions = [];

    // Options and arguments naming inputs (no output may replace one), and options naming output files or folders.
    private static readonly HashSet<Symbol> InputSymbols = [];
    private static readonly Dictionary<Option, bool> OutputOptions = [];

    /// <summary>Marks an option whose file or folder must exist; a missing one is bad input (exit 2).</summary>
    public static void MustExist(Option option)
    {
        lock (MustExistOptions)
        {
            MustExistOptions.Add(option);
            InputSymbols.Add(option);
        }
    }

    /// <summary>Marks an option or argument naming input files (no output may name one of them).</summary>
    public static void Input(Symbol symbol)
    {
        lock (MustExistOptions)
        {
            InputSymbols.Add(symbol);
        }
    }

    /// <summary>Marks an option naming an output file (<c>--json</c>, <c>--csv</c>, <c>--state-out</c>).</summary>
    public static void Output(Option option) => MarkOutput(option, folder: false);

    /// <summary>Marks an option naming an output folder (<c>--out</c>).</summary>
    public static void OutputFolder(Option option) => MarkOutput(option, folder: true);

    private static void MarkOutput(Option option, bool folder)
    {
        lock (MustExistOptions)
        {
            OutputOptions[option] = folder;
        }
    }

    /// <summary>The inputs and the declared outputs of a command line, in one set.</summary>
    private static OutputSet DeclareOutputs(ParseResult parse)
    {
        var outputs = new OutputSet();
        var files = new List<(string Path, string Label)>();
        foreach (var child in parse.CommandResult.Children)
        {
            (Symbol? symbol, bool given) = child switch
            {
                System.CommandLine.Parsing.OptionResult o => ((Symbol?)o.Option, !o.Implicit),
                System.CommandLine.Parsing.ArgumentResult a => (a.Argument, true),
                _ => (null, false),
            };
            if (symbol is null || !given)
            {
                continue;
            }

            bool input, isOutput, folder = false;
            lock (MustExistOptions)
            {
                input = InputSymbols.Contains(symbol);
                isOutput = symbol is Option option && OutputOptions.TryGetValue(option, out folder);
            }

            foreach (string path in Paths(child))
            {
                if (input)
                {
                    outputs.AddInput(path, symbol.Name);
                }
                else if (isOutput && folder)
                {
                    outputs.AddFolder(path, symbol.Name);
                }
                else if (isOutput)
                {
                    files.Add((path, symbol.Name));
                }
            }
        }

        foreach (var (path, label) in files)
        {
            outputs.AddFile(path, label);
        }

        return outputs;
    }

    /// <summary>The paths an option or argument holds (a file, a folder, a path string, or several).</summary>
    private static IEnumerable<string> Paths(System.CommandLine.Parsing.SymbolResult result)
    {
        object? value = result switch
        {
            System.CommandLine.Parsing.OptionResult o => o.GetValueOrDefault<object?>(),
            System.CommandLine.Parsing.ArgumentResult a => a.GetValueOrDefault<object?>(),
            _ => null,
        };
        return value switch
        {
            FileSystemInfo info => [info.FullName],
            string text when text.Length > 0 => [Path.GetFullPath(text)],
            IEnumerable<FileSystemInfo> many => many.Select(i => i.FullName),
            IEnumerable<string> many => many.Where(t => t.Length > 0).Select(Path.GetFullPath),
            _ => [],
        };
    }
    private static void CheckInputsExist(ParseResult parse)
    {
        foreach (var child in parse.CommandResult.Children)
        {
            if (child is not System.CommandLine.Parsing.OptionResult { Implicit: false } result)
            {
                continue;
            }

            bool marked;
            lock (MustExistOptions)
            {
                marked = MustExistOptions.Contains(result.Option);
            }

            if (!marked)
            {
                continue;
            }

            // A folder where a file is wanted (or the reverse) is named as such, not as "not found".
            (string? path, string problem) = result.Option switch
            {
                Option<FileInfo> o when parse.GetValue(o) is { } f => Directory.Exists(f.FullName) ? (f.FullName, "is a folder, expected a file")
                    : !File.Exists(f.FullName) ? (f.FullName, "file not found") : (null, ""),
                Option<DirectoryInfo> o when parse.GetValue(o) is { } d => File.Exists(d.FullName) ? (d.FullName, "is a file, expected a folder")
                    : !Directory.Exists(d.FullName) ? (d.FullName, "folder not found") : (null, ""),
                Option<string> o when parse.GetValue(o) is string s && !File.Exists(s) && !Directory.Exists(s) => (Path.GetFullPath(s), "file or folder not found"),
                Option<string[]> o when parse.GetValue(o)?.FirstOrDefault(s => !File.Exists(s) && !Directory.Exists(s)) is string s => (Path.GetFullPath(s), "file or folder not found"),
                _ => (null, ""),
            };
            if (path is not null)
            {
                throw new DetEvalInputException(path, "", $"{result.Option.Name}: {problem}");
            }
        }
    }
}
