using DetEval.Formats.Text;
using DetEval.Formats.Voc;

namespace DetEval.Tests.Formats.Voc;

/// <summary>Bad input gives one <see cref="DetEvalInputException"/> naming the file and the line.</summary>
public sealed class VocBadInputTests
{
    private static DetEvalInputException ReadRoot(VocTempRoot root) =>
        Assert.Throws<DetEvalInputException>(() =>
        {
            var gt = VocReader.ReadGroundTruth(root.Root);
            VocReader.ReadResults(root.Results, gt);
        });

    private static void AssertNames(DetEvalInputException e, string file, int line)
    {
        Assert.Equal(file, e.File);
        Assert.Equal($"line {line}", e.Location);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Annotation_WithAnotherRootElement_IsNotVoc()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Write(Path.Combine("Annotations", "a.xml"), "<?xml version=\"1.0\"?>\n<coco><images/></coco>\n");
        var e = ReadRoot(root);
        AssertNames(e, path, 2);
        Assert.Contains("not a VOC annotation", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_ObjectWithoutBndbox_IsNotVoc()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Write(Path.Combine("Annotations", "a.xml"), "<annotation>\n<object>\n<name>cat</name>\n</object>\n</annotation>\n");
        var e = ReadRoot(root);
        AssertNames(e, path, 2);
        Assert.Contains("<bndbox>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_NotWellFormed_NamesTheLine()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Write(Path.Combine("Annotations", "a.xml"), "<annotation>\n<object>\n</annotation>\n");
        AssertNames(ReadRoot(root), path, 3);
    }

    [Fact]
    public void Annotation_WithDtd_IsRejected()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Write(Path.Combine("Annotations", "a.xml"), "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY x \"y\">]>\n<annotation/>\n");
        var e = ReadRoot(root);

        // XmlReader does not report where a prohibited DTD starts; the message still names a line.
        Assert.Equal(path, e.File);
        Assert.StartsWith("line ", e.Location, StringComparison.Ordinal);
        Assert.Contains("DTD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_NegativeWidth_IsAnError()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Annotation("a", VocTempRoot.Object("cat", "10", "10", "8", "20"));
        var e = ReadRoot(root);
        Assert.Equal(path, e.File);
        Assert.Contains("negative width", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("line ", e.Location, StringComparison.Ordinal);
    }

    [Fact]
    public void Annotation_ZeroWidthInclusiveBox_IsLegal_ButNotUnderContinuousPixels()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Annotation("a", VocTempRoot.Object("cat", "10", "10", "9", "20"));
        var gt = VocReader.ReadGroundTruth(root.Root);
        Assert.Single(gt.Dataset.GroundTruths);
        Assert.Equal(new BoxCorners(10, 10, 9, 20), gt.Corners[0]);
        var e = Assert.Throws<DetEvalInputException>(() => VocReader.ReadGroundTruth(root.Root, convention: PixelConvention.Continuous));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Annotation_NonNumericCoordinate_NamesTheLine()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        string path = root.Annotation("a", VocTempRoot.Object("cat", "10", "ten", "20", "20"));
        var e = ReadRoot(root);
        Assert.Equal(path, e.File);
        Assert.Contains("'ten'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("line ", e.Location, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a 0.9 1 2 3", "found 5")]
    [InlineData("a 0.9 1 2 3 4 5", "found 7")]
    [InlineData("a high 1 2 3 4", "'high'")]
    [InlineData("a nan 1 2 3 4", "'nan'")]
    [InlineData("a 0.9 1 2 inf 4", "'inf'")]
    [InlineData("a 0.9 1 2 -Infinity 4", "'-Infinity'")]
    [InlineData("zz 0.9 1 2 3 4", "'zz' is not in the image set")]
    [InlineData("a 0.9 10 2 8 4", "negative width")]
    public void ResultsLine_Malformed_NamesFileAndLine(string line, string problem)
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"));
        string path = root.ResultsFile("cat", "a 0.5 1 1 10 10", line);
        var e = ReadRoot(root);
        AssertNames(e, path, 2);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsFile_Missing_NamesTheClass()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"));
        var e = ReadRoot(root);
        Assert.Contains("comp4_det_test_cat.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageSet_DuplicateName_NamesTheLine()
    {
        using var root = new VocTempRoot();
        string path = root.ImageSet("a", "b", "a");
        AssertNames(Assert.Throws<DetEvalInputException>(() => VocReader.ReadImageSet(path)), path, 3);
    }

    [Fact]
    public void TextGroundTruth_WrongFieldCount_NamesFileAndLine()
    {
        using var root = new VocTempRoot();
        string path = root.Write(Path.Combine("gt", "img1.txt"), "cat 1 1 10 10\ncat 1 1 10\n");
        var e = Assert.Throws<DetEvalInputException>(() => PerImageTextReader.ReadGroundTruth(Path.Combine(root.Root, "gt"), new TextFormatOptions()));
        AssertNames(e, path, 2);
    }

    [Fact]
    public void TextDetections_NonNumber_NamesFileAndLine()
    {
        using var root = new VocTempRoot();
        root.Write(Path.Combine("gt", "img1.txt"), "cat 1 1 10 10\n");
        string path = root.Write(Path.Combine("dt", "img1.txt"), "cat 0.5 1 1 10 NaN\n");
        var options = new TextFormatOptions();
        var gt = PerImageTextReader.ReadGroundTruth(Path.Combine(root.Root, "gt"), options);
        var e = Assert.Throws<DetEvalInputException>(() => PerImageTextReader.ReadDetections(Path.Combine(root.Root, "dt"), gt, options));
        AssertNames(e, path, 1);
    }

    [Fact]
    public void TextDetections_ForAnImageWithoutGroundTruth_NamesTheFile()
    {
        using var root = new VocTempRoot();
        root.Write(Path.Combine("gt", "img1.txt"), "cat 1 1 10 10\n");
        string path = root.Write(Path.Combine("dt", "img2.txt"), "cat 0.5 1 1 10 10\n");
        var options = new TextFormatOptions();
        var gt = PerImageTextReader.ReadGroundTruth(Path.Combine(root.Root, "gt"), options);
        var e = Assert.Throws<DetEvalInputException>(() => PerImageTextReader.ReadDetections(Path.Combine(root.Root, "dt"), gt, options));
        Assert.Equal(path, e.File);
        Assert.Contains("'img2'", e.Message, StringComparison.Ordinal);
    }
}
