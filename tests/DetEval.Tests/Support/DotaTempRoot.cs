namespace DetEval.Tests.Support;

/// <summary>A throw-away DOTA folder (labelTxt/, results/, optional image set) under the temp folder.</summary>
internal sealed class DotaTempRoot : TempFolder
{
    public DotaTempRoot()
        : base("deteval-dota-")
    {
        Directory.CreateDirectory(Labels);
        Directory.CreateDirectory(Results);
    }

    public string Labels => Path.Combine(Root, "labelTxt");

    public string Results => Path.Combine(Root, "results");

    public string Label(string image, string text) => Write(Path.Combine("labelTxt", image + ".txt"), text);

    public string ResultsFile(string cls, string text) => Write(Path.Combine("results", "Task1_" + cls + ".txt"), text);
}
