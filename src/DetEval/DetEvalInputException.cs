namespace DetEval;

/// <summary>
/// Bad input: a file or value that cannot be evaluated. The message is one line naming the file,
/// the place in it (a JSON path, a line) and what was expected.
/// </summary>
public sealed class DetEvalInputException : Exception
{
    /// <summary>Creates an input error for <paramref name="file"/> at <paramref name="location"/>.</summary>
    /// <param name="file">The file (or other source) the bad input came from; may be empty.</param>
    /// <param name="location">The place in it, such as <c>$.annotations[3].bbox</c> or <c>line 12</c>; may be empty.</param>
    /// <param name="problem">What is wrong and what was expected.</param>
    public DetEvalInputException(string file, string location, string problem)
        : base(Format(file, location, problem))
    {
        File = file;
        Location = location;
        Problem = problem;
    }

    /// <summary>Creates an input error with a cause.</summary>
    /// <param name="file">The file the bad input came from.</param>
    /// <param name="location">The place in it.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The underlying exception.</param>
    public DetEvalInputException(string file, string location, string problem, Exception inner)
        : base(Format(file, location, problem), inner)
    {
        File = file;
        Location = location;
        Problem = problem;
    }

    /// <summary>The file (or source) of the bad input.</summary>
    public string File { get; }

    /// <summary>The place in the file.</summary>
    public string Location { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    private static string Format(string file, string location, string problem)
    {
        string text = problem.ReplaceLineEndings(" ");
        return (file.Length, location.Length) switch
        {
            (0, 0) => text,
            (0, _) => $"{location}: {text}",
            (_, 0) => $"{file}: {text}",
            _ => $"{file}: {location}: {text}",
        };
    }
}
