using DetEval.Tests.Support;

namespace DetEval.Tests.Formats.Dota;

public sealed class DotaReaderTests
{
    [Fact]
    public void GroundTruth_SkipsHeadersAndShortLines_ReadsCrlfAndEmptyFiles_AndTheDifficultField()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "imagesource:GoogleEarth\r\ngsd:0.146343590398\r\n1 2 11 2 11 12 1 12 plane 0\r\n3 4 5 6 7 8 9 10 small-vehicle 2\r\n\r\n1 1 2 2 3 3 4\r\n0 0 10 0 10 10 0 10 ship\r\n");
        root.Label("P2", "");
        root.Label("P3", "imagesource:GoogleEarth\ngsd:null\n");
        var gt = DotaReader.ReadGroundTruth(root.Labels);
        Assert.Equal(["P1", "P2", "P3"], gt.Dataset.Images.Select(i => i.FileName));
        Assert.Equal(["plane", "ship", "small-vehicle"], gt.Dataset.Categories.Select(c => c.Name));
        Assert.Equal(3, gt.Dataset.GroundTruths.Count);
        Assert.Equal(new Quad(1, 2, 11, 2, 11, 12, 1, 12), gt.Quads[0]);
        Assert.Equal([false, true, false], gt.Dataset.GroundTruths.Select(g => g.Difficult));
        Assert.Equal(new Box(3, 4, 6, 6), gt.Dataset.GroundTruths[1].Box); // the hull
    }

    [Fact]
    public void GroundTruth_WithAnImageSet_ReadsItsImagesInItsOrder_AndOnlyThose()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 1 0 1 1 0 1 a 0\n");
        root.Label("P2", "0 0 1 0 1 1 0 1 b 0\n");
        string set = root.Write("set.txt", " P2 \n\nP1\n");
        var gt = DotaReader.ReadGroundTruth(root.Labels, set);
        Assert.Equal(["P2", "P1"], gt.Dataset.Images.Select(i => i.FileName));
        Assert.Equal([0L, 1L], gt.Dataset.Images.Select(i => i.Id));
    }

    [Fact]
    public void Classes_AreTheObjectsNamesAndTheResultsFilesNames_Sorted()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 1 0 1 1 0 1 plane 0\n");
        root.ResultsFile("harbor", "");
        root.ResultsFile("bridge", "P1 0.5 0 0 1 0 1 1 0 1\n");
        var gt = DotaReader.ReadGroundTruth(root.Labels, resultsDirectory: root.Results);
        Assert.Equal(["bridge", "harbor", "plane"], gt.Dataset.Categories.Select(c => c.Name));
        var dt = DotaReader.ReadResults(root.Results, gt);
        Assert.Equal(1, dt.Detections.Count);
        Assert.Equal(1, dt.Detections[0].CategoryId);
    }

    [Fact]
    public void Results_AreClassByClassInFileOrder_WithBlankLinesSkippedAndAnyWhitespace()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 10 0 10 10 0 10 a 0\n");
        root.Label("P2", "0 0 10 0 10 10 0 10 b 0\n");
        root.ResultsFile("a", "P2 0.25 0 0 10 0 10 10 0 10\r\n\r\nP1\t0.75  1 1 9 1 9 9 1 9\n");
        root.ResultsFile("b", "P1 0.5 0 0 1 0 1 1 0 1");
        var gt = DotaReader.ReadGroundTruth(root.Labels);
        var dt = DotaReader.ReadResults(root.Results, gt);
        Assert.Equal([0.25, 0.75, 0.5], dt.Detections.AsSpan().ToArray().Select(d => d.Score));
        Assert.Equal([1L, 0L, 0L], dt.Detections.AsSpan().ToArray().Select(d => d.ImageId));
        Assert.Equal(new Quad(1, 1, 9, 1, 9, 9, 1, 9), dt.Quads[1]);
    }

    [Fact]
    public void MissingResultsFile_MeansNoDetections()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 10 0 10 10 0 10 a 0\n");
        var gt = DotaReader.ReadGroundTruth(root.Labels);
        Assert.Equal(0, DotaReader.ReadResults(root.Results, gt).Detections.Count);
    }

    [Fact]
    public void BadInput_ImageInTheResultsNotInTheSet_NamesTheFileAndLine()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 10 0 10 10 0 10 a 0\n");
        string file = root.ResultsFile("a", "P1 0.5 0 0 1 0 1 1 0 1\nP7 0.5 0 0 1 0 1 1 0 1\n");
        var gt = DotaReader.ReadGroundTruth(root.Labels);
        TempFolder.AssertBadInput(() => DotaReader.ReadResults(root.Results, gt), file, "line 2", "'P7' is not in the image set");
    }

    [Fact]
    public void BadInput_MissingLabelFile_NamesTheFileAndTheImage()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 10 0 10 10 0 10 a 0\n");
        string set = root.Write("set.txt", "P1\nP2\n");
        var e = Assert.Throws<DetEvalInputException>(() => DotaReader.ReadGroundTruth(root.Labels, set));
        Assert.Equal(Path.Combine(root.Labels, "P2.txt"), e.File);
        Assert.Contains("label file not found", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInput_LineWithMoreThanTenFields_NamesTheFileAndLine()
    {
        using var root = new DotaTempRoot();
        string file = root.Label("P1", "gsd:1\n0 0 10 0 10 10 0 10 a 0\n0 0 10 0 10 10 0 10 a 0 extra\n");
        TempFolder.AssertBadInput(() => DotaReader.ReadGroundTruth(root.Labels), file, "line 3", "found 11");
    }

    [Fact]
    public void BadInput_ImageListedTwice_NamesTheLine()
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "");
        string set = root.Write("set.txt", "P1\n\nP1\n");
        TempFolder.AssertBadInput(() => DotaReader.ReadGroundTruth(root.Labels, set), set, "line 3", "listed twice");
    }

    [Theory]
    [InlineData("0 0 10 0 10 10 0 nan a 0", "y4 'nan' is not a finite number")]
    [InlineData("0 0 10 0 10 10 0 1e999 a 0", "is not a finite number")]
    [InlineData("0 0 10 0 10 10 0 10 a 1.5", "difficult '1.5' is not an integer")]
    [InlineData("0 0 ten 0 10 10 0 10 a", "x2 'ten'")]
    public void BadInput_MalformedLabelLine_SaysWhatWasExpected(string line, string message)
    {
        using var root = new DotaTempRoot();
        string file = root.Label("P1", line + "\n");
        TempFolder.AssertBadInput(() => DotaReader.ReadGroundTruth(root.Labels), file, "line 1", message);
    }

    [Theory]
    [InlineData("P1 0.5 0 0 1 0 1 1 0", "found 9")]
    [InlineData("P1 0.5 0 0 1 0 1 1 0 1 7", "found 11")]
    [InlineData("P1 high 0 0 1 0 1 1 0 1", "score 'high'")]
    public void BadInput_MalformedResultsLine_SaysWhatWasExpected(string line, string message)
    {
        using var root = new DotaTempRoot();
        root.Label("P1", "0 0 10 0 10 10 0 10 a 0\n");
        string file = root.ResultsFile("a", line + "\n");
        var gt = DotaReader.ReadGroundTruth(root.Labels);
        TempFolder.AssertBadInput(() => DotaReader.ReadResults(root.Results, gt), file, "line 1", message);
    }

    [Fact]
    public void BadInput_MissingFolders_AreNamed()
    {
        using var root = new DotaTempRoot();
        string nowhere = Path.Combine(root.Root, "nowhere");
        Assert.Equal(nowhere, Assert.Throws<DetEvalInputException>(() => DotaReader.ReadGroundTruth(nowhere)).File);
        var gt = DotaReader.ReadGroundTruth(root.Labels);
        Assert.Equal(nowhere, Assert.Throws<DetEvalInputException>(() => DotaReader.ReadResults(nowhere, gt)).File);
    }

    [Fact]
    public void DotaSmall_ReadsEveryObjectAndDetection()
    {
        string root = TestData.Path("dota", "dota-small");
        var gt = DotaReader.ReadGroundTruth(Path.Combine(root, "labelTxt"), Path.Combine(root, "valset.txt"), resultsDirectory: Path.Combine(root, "results"));
        var dt = DotaReader.ReadResults(Path.Combine(root, "results"), gt);
        Assert.Equal(41, gt.Dataset.Images.Count);
        Assert.Equal(429, gt.Dataset.GroundTruths.Count);
        Assert.Equal(33, gt.Dataset.GroundTruths.Count(g => g.Difficult));
        Assert.Equal(703, dt.Detections.Count);
        Assert.Equal(7, gt.Dataset.Categories.Count);
    }
}
