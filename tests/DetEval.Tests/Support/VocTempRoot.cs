namespace DetEval.Tests.Support;

/// <summary>A throw-away VOC root (Annotations/, ImageSets/Main/test.txt, results/) under the temp folder.</summary>
internal sealed class VocTempRoot : TempFolder
{
    public VocTempRoot()
        : base("deteval-voc-")
    {
        Directory.CreateDirectory(Path.Combine(Root, "Annotations"));
        Directory.CreateDirectory(Path.Combine(Root, "ImageSets", "Main"));
        Directory.CreateDirectory(Results);
    }

    public string Results => Path.Combine(Root, "results");

    public static string Object(string name, string xmin, string ymin, string xmax, string ymax, int difficult = 0) =>
        $"  <object>\n    <name>{name}</name>\n    <truncated>0</truncated>\n    <difficult>{difficult}</difficult>\n" +
        $"    <bndbox>\n      <xmin>{xmin}</xmin>\n      <ymin>{ymin}</ymin>\n      <xmax>{xmax}</xmax>\n      <ymax>{ymax}</ymax>\n    </bndbox>\n  </object>\n";

    public string Annotation(string image, params string[] objects) =>
        Write(Path.Combine("Annotations", image + ".xml"), "<annotation>\n  <filename>" + image + ".jpg</filename>\n" + string.Concat(objects) + "</annotation>\n");

    public string ImageSet(params string[] images) => Write(Path.Combine("ImageSets", "Main", "test.txt"), string.Join('\n', images) + "\n");

    public string ResultsFile(string cls, params string[] lines) => Write(Path.Combine("results", "comp4_det_test_" + cls + ".txt"), lines.Length == 0 ? "" : string.Join('\n', lines) + "\n");
}
