namespace DetEval.Tests.Support;

/// <summary>A throw-away DOTA folder (labelTxt/, results/, optional image set) under the temp folder.</summary>
internal sealed class DotaTempRoot : IDisposable
{
    public DotaTempRoot()
    {
        Root = Directory.CreateTempSubdirectory("deteval-dota-").FullName;
        Directory.CreateDirectory(Labels);
        Directory.CreateDirectory(Results);
    }

    public string Root { get; }

    public string Labels => Path.Combine(Root, "labelTxt");

    public string Results => Path.Combine(Root, "results");

    public string Label(string image, string text) => Write(Path.Combine("labelTxt", image + ".txt"), text);

    public string ResultsFile(string cls, string text) => Write(Path.Combine("results", "Task1_" + cls + ".txt"), text);

    public string Write(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
