namespace DetEval.Tests.Support;

/// <summary>A throw-away folder under the temp folder, deleted on dispose.</summary>
internal abstract class TempFolder : IDisposable
{
    protected TempFolder(string prefix)
    {
        Root = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Root { get; }

    /// <summary>Writes a text file under the root (creating its folders); returns its path.</summary>
    public string Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Asserts <paramref name="action"/> fails as bad input naming <paramref name="file"/> and <paramref name="location"/>, saying <paramref name="says"/>.</summary>
    public static DetEvalInputException AssertBadInput(Action action, string file, string location, string says)
    {
        var e = Assert.Throws<DetEvalInputException>(action);
        Assert.Equal(file, e.File);
        Assert.Equal(location, e.Location);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
        return e;
    }
}
