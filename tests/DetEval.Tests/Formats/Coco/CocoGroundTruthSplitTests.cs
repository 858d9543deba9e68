using System.Globalization;
using System.Text;

namespace DetEval.Tests.Formats.Coco;

/// <summary>
/// A large ground truth read in two halves at once (a speculative split inside its annotations) against the one-pass
/// read of the same file: the same dataset, field by field, and the same error, wherever in the file it is.
/// </summary>
public sealed class CocoGroundTruthSplitTests : IDisposable
{
    private const int Annotations = 40_000;
    private readonly string dir = Directory.CreateTempSubdirectory("deteval-gt-split-").FullName;

    public void Dispose() => Directory.Delete(dir, true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LargeGroundTruth_ReadInTwoHalves_EqualsTheOnePassRead(bool readSegmentation)
    {
        string path = Write("gt.json", File(_ => null, ""));
        int before = CocoReader.SplitGroundTruthReads;
        var split = CocoReader.ReadExtendedGroundTruth(path, readSegmentation, null);
        // The halves are read at once only with two threads or more (the CI machine has two cores).
        Assert.True(CocoReader.SplitGroundTruthReads > before || Parallelism.MaxThreads == 1, "the split was not taken");
        var onePass = CocoReader.ReadExtendedGroundTruth(path, readSegmentation, null, split: false);
        AssertSame(onePass, split);
        Assert.Equal(Annotations, split.GroundTruths.Count);
    }

    [Fact]
    public void LargeGroundTruth_WithADecoyBoundaryAtTheMiddle_EqualsTheOnePassRead()
    {
        // "}, {" inside a string of every annotation: the likely boundary found is never an element's end, so the first
        // half reads the whole file.
        string path = Write("gt.json", File(_ => "\"note\": \"a}, {b\"", ""));
        AssertSame(CocoReader.ReadExtendedGroundTruth(path, false, null, split: false), CocoReader.ReadExtendedGroundTruth(path, false, null));
    }

    public static TheoryData<string> SecondHalfFaults => new() { "duplicate-id", "unknown-image", "syntax", "bad-box", "images-twice", "trailing-text", "missing-categories" };

    [Theory]
    [MemberData(nameof(SecondHalfFaults))]
    public void LargeGroundTruth_FaultInTheSecondHalf_GivesTheOnePassError(string fault)
    {
        const int at = Annotations * 7 / 8;
        string text = File(
            i => i != at ? null : fault switch
            {
                "duplicate-id" => "\"id\": 3, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]",
                "unknown-image" => $"\"id\": {i + 1}, \"image_id\": 99, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]",
                "syntax" => $"\"id\": {i + 1}, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2,, 4]",
                "bad-box" => $"\"id\": {i + 1}, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, -3, 4]",
                _ => null,
            },
            fault switch
            {
                "images-twice" => ", \"images\": []",
                _ => "",
            });
        if (fault == "trailing-text")
        {
            text += " x";
        }
        else if (fault == "missing-categories")
        {
            text = text.Replace("\"categories\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}]", "\"cats\": []", StringComparison.Ordinal);
        }

        string path = Write("gt.json", text);
        var onePass = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadExtendedGroundTruth(path, false, null, split: false));
        var split = Assert.Throws<DetEvalInputException>(() => CocoReader.ReadExtendedGroundTruth(path, false, null));
        Assert.Equal(onePass.Message, split.Message);
    }

    /// <summary>
    /// Images, then the annotations (each given by <paramref name="annotation"/> or a polygon annotation), then the
    /// categories, an extra key and <paramref name="tail"/>: the split falls inside the annotations.
    /// </summary>
    private static string File(Func<int, string?> annotation, string tail)
    {
        var text = new StringBuilder("{\"images\": [{\"id\": 1, \"width\": 640, \"height\": 480}, {\"id\": 2, \"width\": 320, \"height\": 240}],\n \"annotations\": [");
        var random = new Random(3);
        for (int i = 0; i < Annotations; i++)
        {
            if (i > 0)
            {
                text.Append(i % 3 == 0 ? ",\n" : ", ");
            }

            string? fields = annotation(i);
            if (fields is null || fields.StartsWith("\"note\"", StringComparison.Ordinal))
            {
                double x = random.Next(0, 600), y = random.Next(0, 400), w = random.Next(1, 40) + 0.25, h = random.Next(1, 40) + 0.5;
                string n(double v) => v.ToString("R", CultureInfo.InvariantCulture);
                text.Append(CultureInfo.InvariantCulture, $"{{\"id\": {i + 1}, \"image_id\": {1 + (i % 2)}, \"category_id\": {1 + (i % 2)}, \"bbox\": [{n(x)}, {n(y)}, {n(w)}, {n(h)}], ")
                    .Append(CultureInfo.InvariantCulture, $"\"area\": {n(w * h)}, \"iscrowd\": {(i % 50 == 0 ? 1 : 0)}, ")
                    .Append(CultureInfo.InvariantCulture, $"\"segmentation\": [[{n(x)}, {n(y)}, {n(x + w)}, {n(y)}, {n(x + w)}, {n(y + h)}, {n(x)}, {n(y + h)}]]")
                    .Append(fields is null ? "" : ", " + fields).Append('}');
            }
            else
            {
                text.Append('{').Append(fields).Append('}');
            }
        }

        return text.Append("],\n \"categories\": [{\"id\": 1, \"name\": \"a\"}, {\"id\": 2, \"name\": \"b\"}], \"info\": {\"year\": [2026]}")
            .Append(tail).Append('}').ToString();
    }

    private static void AssertSame(DetectionDataset expected, DetectionDataset actual)
    {
        Assert.Equal(expected.Images.Select(i => (i.Id, i.Width, i.Height)), actual.Images.Select(i => (i.Id, i.Width, i.Height)));
        Assert.Equal(expected.Categories.Select(c => (c.Id, c.Name)), actual.Categories.Select(c => (c.Id, c.Name)));
        Assert.Equal(expected.GroundTruths.Count, actual.GroundTruths.Count);
        for (int i = 0; i < expected.GroundTruths.Count; i++)
        {
            var (a, b) = (expected.GroundTruths[i], actual.GroundTruths[i]);
            Assert.Equal((a.Id, a.ImageId, a.CategoryId, a.Box, a.Area, a.IsCrowd), (b.Id, b.ImageId, b.CategoryId, b.Box, b.Area, b.IsCrowd));
            Assert.Equal(a.Segmentation?.Polygons?.SelectMany(p => p), b.Segmentation?.Polygons?.SelectMany(p => p));
        }
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(dir, name);
        System.IO.File.WriteAllText(path, text);
        Assert.True(text.Length >= 4 << 20, $"the file is {text.Length} bytes: too small to be split");
        return path;
    }
}
