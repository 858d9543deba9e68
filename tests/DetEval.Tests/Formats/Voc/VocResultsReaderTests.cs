using System.Globalization;
using System.Text;
using DetEval.Data;
using DetEval.Formats.Text;
using DetEval.Formats.Voc;

namespace DetEval.Tests.Formats.Voc;

/// <summary>
/// <see cref="VocReader.ReadResults"/> (bytes, one array, names looked up as UTF-8) against a plain string reader:
/// lines split on whitespace, numbers by <see cref="double.Parse(string, IFormatProvider)"/>, names by string.
/// </summary>
public sealed class VocResultsReaderTests
{
    /// <summary>The specification: each class's file in class order, each line in file order, blank lines skipped.</summary>
    private static (List<Detection> Detections, List<BoxCorners> Corners) ReadPlain(string directory, VocDataset gt)
    {
        var names = VocReader.ImageIndex(gt.Dataset);
        var detections = new List<Detection>();
        var corners = new List<BoxCorners>();
        foreach (var category in gt.Dataset.Categories)
        {
            string path = Path.Combine(directory, "comp4_det_test_" + category.Name + ".txt");
            if (!File.Exists(path))
            {
                path = Path.Combine(directory, category.Name + ".txt");
            }

            foreach (string line in File.ReadAllLines(path, Encoding.UTF8))
            {
                string[] f = TextFields.Split(line);
                if (f.Length == 0)
                {
                    continue;
                }

                double[] v = [.. f.Skip(1).Select(t => double.Parse(t, CultureInfo.InvariantCulture))];
                var box = new BoxCorners(v[1], v[2], v[3], v[4]);
                var coco = box.ToBox();
                detections.Add(new Detection(names[f[0]], category.Id, coco, v[0], coco.Area));
                corners.Add(box);
            }
        }

        return (detections, corners);
    }

    private static void AssertSame((List<Detection> Detections, List<BoxCorners> Corners) expected, VocDetectionSet actual)
    {
        Assert.Equal(expected.Detections.Count, actual.Detections.Count);
        Assert.Equal(expected.Corners.Count, actual.Corners.Count);
        for (int i = 0; i < expected.Detections.Count; i++)
        {
            var e = expected.Detections[i];
            var a = actual.Detections[i];
            Assert.Equal(e.ImageId, a.ImageId);
            Assert.Equal(e.CategoryId, a.CategoryId);
            Assert.Equal(Bits(e.Score, e.Area, e.Box.X, e.Box.Y, e.Box.Width, e.Box.Height), Bits(a.Score, a.Area, a.Box.X, a.Box.Y, a.Box.Width, a.Box.Height));
            var ec = expected.Corners[i];
            var ac = actual.Corners[i];
            Assert.Equal(Bits(ec.X1, ec.Y1, ec.X2, ec.Y2), Bits(ac.X1, ac.Y1, ac.X2, ac.Y2));
        }
    }

    private static long[] Bits(params double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];

    [Theory]
    [InlineData("reference", "small", "voc")]
    [InlineData("bad", "companions", "voc")]
    public void ReadResults_TestdataRoot_EqualsPlainReader(params string[] parts)
    {
        string root = TestData.Path(parts);
        var gt = VocReader.ReadGroundTruth(root);
        string results = Path.Combine(root, "results");
        AssertSame(ReadPlain(results, gt), VocReader.ReadResults(results, gt));
    }

    [Fact]
    public void ReadResults_BlankLinesBomCrlfAndNoFinalBreak_EqualPlainReader()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a", "b", "c");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"), VocTempRoot.Object("dog", "1", "1", "10", "10"));
        root.Annotation("b");
        root.Annotation("c", VocTempRoot.Object("bird", "1", "1", "10", "10"));
        // Blank lines at the start, inside and at the end; CRLF; a BOM; a last line without a line break; an empty file.
        root.Write(Path.Combine("results", "comp4_det_test_cat.txt"), "\n\na 0.9 1 2 3 4\r\n\r\n  \t\nb 0.25 +5 6.5e0 7 8\n\n");
        File.WriteAllBytes(Path.Combine(root.Results, "dog.txt"), [0xEF, 0xBB, 0xBF, .. "c 0.5 1 2 3 4\na 1e-3 0.1 0.2 0.3 0.4"u8]);
        root.ResultsFile("bird");
        var gt = VocReader.ReadGroundTruth(root.Root);
        var expected = ReadPlain(root.Results, gt);
        Assert.Equal(4, expected.Detections.Count);
        AssertSame(expected, VocReader.ReadResults(root.Results, gt));
    }

    [Fact]
    public void ReadResults_NonAsciiImageNames_AreFound()
    {
        using var root = new VocTempRoot();
        root.ImageSet("chat-\u00e9t\u00e9", "\u732b", "plain");
        root.Annotation("chat-\u00e9t\u00e9", VocTempRoot.Object("cat", "1", "1", "10", "10"));
        root.Annotation("\u732b");
        root.Annotation("plain");
        root.ResultsFile("cat", "\u732b 0.5 1 1 5 5", "chat-\u00e9t\u00e9 0.75 1 1 5 5", "plain 0.1 1 1 2 2");
        var gt = VocReader.ReadGroundTruth(root.Root);
        var dt = VocReader.ReadResults(root.Results, gt);
        Assert.Equal([1L, 0L, 2L], dt.Detections.AsSpan().ToArray().Select(d => d.ImageId));
    }

    [Fact]
    public void ReadResults_InvalidUtf8Name_IsDecodedWithReplacementCharacters()
    {
        // As when lines were decoded to strings: 0xFF reads as U+FFFD, which names an image here.
        using var root = new VocTempRoot();
        root.ImageSet("x\uFFFDy");
        root.Annotation("x\uFFFDy", VocTempRoot.Object("cat", "1", "1", "10", "10"));
        File.WriteAllBytes(Path.Combine(root.Results, "cat.txt"), [.. "x"u8, 0xFF, .. "y 0.5 1 1 5 5\n"u8]);
        var gt = VocReader.ReadGroundTruth(root.Root);
        Assert.Equal(0L, VocReader.ReadResults(root.Results, gt).Detections[0].ImageId);
    }

    [Fact]
    public void ReadResults_UnknownImage_NamesFileAndLine()
    {
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"));
        string path = root.ResultsFile("cat", "a 0.5 1 1 5 5", "", "\u00e9 0.5 1 1 5 5");
        var gt = VocReader.ReadGroundTruth(root.Root);
        var e = Assert.Throws<DetEvalInputException>(() => VocReader.ReadResults(root.Results, gt));
        Assert.Equal(path, e.File);
        Assert.Equal("line 3", e.Location);
        Assert.Contains("image '\u00e9' is not in the image set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadResults_TwoBadClasses_ReportsTheFirstClass()
    {
        // A missing file of a later class does not hide a bad line of an earlier one (as a sequential read).
        using var root = new VocTempRoot();
        root.ImageSet("a");
        root.Annotation("a", VocTempRoot.Object("cat", "1", "1", "10", "10"), VocTempRoot.Object("dog", "1", "1", "10", "10"));
        string path = root.ResultsFile("cat", "a 0.5 1 1 5");
        var gt = VocReader.ReadGroundTruth(root.Root);
        var e = Assert.Throws<DetEvalInputException>(() => VocReader.ReadResults(root.Results, gt));
        Assert.Equal(path, e.File);
        Assert.Contains("expected 6 fields", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("chat-\u00e9t\u00e9")]
    [InlineData("\u732b\U0001F408")]
    public void Utf8NameComparer_BytesOfName_EqualAndHashAlike(string name)
    {
        var comparer = Utf8NameComparer.Instance;
        byte[] utf8 = Encoding.UTF8.GetBytes(name);
        Assert.True(Utf8NameComparer.IsWellFormed(name));
        Assert.True(comparer.Equals(utf8, name));
        Assert.Equal(comparer.GetHashCode(name), comparer.GetHashCode(utf8));
        Assert.False(comparer.Equals([.. utf8, (byte)'x'], name));
        Assert.Equal(name, comparer.Create(utf8));
    }

    [Fact]
    public void Utf8NameComparer_UnpairedSurrogate_IsNotWellFormed()
    {
        Assert.False(Utf8NameComparer.IsWellFormed("a\uD800b"));
        Assert.False(Utf8NameComparer.IsWellFormed("\uDC00"));
        Assert.True(Utf8NameComparer.IsWellFormed("\uD83D\uDC08"));
    }
}
