using DetEval.Tests.Support;

namespace DetEval.Tests.Formats.Dota;

public sealed class YoloObbReaderTests
{
    private static readonly Dictionary<string, ImageSize> Sizes = new() { ["a"] = new ImageSize(200, 100), ["b"] = new ImageSize(50, 40) };

    [Fact]
    public void Labels_AreNormalisedCornersTimesTheImageSize_WithTheClassIndexFirst()
    {
        using var root = new DotaTempRoot();
        root.Write("labels/a.txt", "0 0.1 0.2 0.5 0.2 0.5 0.6 0.1 0.6\n\n2 0 0 1 0 1 1 0 1\n");
        root.Write("labels/b.txt", "");
        var gt = YoloObbReader.ReadGroundTruth(Path.Combine(root.Root, "labels"), Sizes);
        Assert.Equal(["0", "2"], gt.Dataset.Categories.Select(c => c.Name));
        Assert.Equal(new Quad(0.1 * 200, 0.2 * 100, 0.5 * 200, 0.2 * 100, 0.5 * 200, 0.6 * 100, 0.1 * 200, 0.6 * 100), gt.Quads[0]);
        Assert.Equal(new Quad(0, 0, 200, 0, 200, 100, 0, 100), gt.Quads[1]);
        Assert.All(gt.Dataset.GroundTruths, g => Assert.False(g.Difficult));
    }

    [Fact]
    public void Detections_HaveTheConfidenceLast_AsUltralyticsSaveTxtWritesIt_AndNamedClasses()
    {
        using var root = new DotaTempRoot();
        root.Write("labels/a.txt", "1 0.1 0.2 0.5 0.2 0.5 0.6 0.1 0.6\n");
        root.Write("labels/b.txt", "0 0 0 1 0 1 1 0 1\n");
        root.Write("pred/a.txt", "1 0.1 0.2 0.5 0.2 0.5 0.6 0.1 0.6 0.875\n0 0 0 1 0 1 1 0 1 0.5\n");
        string[] names = ["ship", "plane"];
        var gt = YoloObbReader.ReadGroundTruth(Path.Combine(root.Root, "labels"), Sizes, classes: names);
        var dt = YoloObbReader.ReadDetections(Path.Combine(root.Root, "pred"), gt, Sizes, names);
        Assert.Equal(["ship", "plane"], gt.Dataset.Categories.Select(c => c.Name));
        Assert.Equal([0.875, 0.5], dt.Detections.AsSpan().ToArray().Select(d => d.Score));
        Assert.Equal([2L, 1L], dt.Detections.AsSpan().ToArray().Select(d => d.CategoryId));
        var r = DotaEvaluation.Evaluate(gt, dt, DotaOptions.Dota());
        Assert.Equal([MatchFlag.TruePositive], r.Classes[1].Flags);
    }

    [Fact]
    public void BadInput_MissingImageSize_DetectionFileOfAnUnknownImage_AndWrongFieldCounts()
    {
        using var root = new DotaTempRoot();
        root.Write("labels/a.txt", "0 0 0 1 0 1 1 0 1\n");
        root.Write("labels/c.txt", "0 0 0 1 0 1 1 0 1\n");
        var e = Assert.Throws<DetEvalInputException>(() => YoloObbReader.ReadGroundTruth(Path.Combine(root.Root, "labels"), Sizes));
        Assert.Contains("image 'c'", e.Message, StringComparison.Ordinal);
        File.Delete(Path.Combine(root.Root, "labels", "c.txt"));

        var gt = YoloObbReader.ReadGroundTruth(Path.Combine(root.Root, "labels"), Sizes);
        root.Write("pred/z.txt", "0 0 0 1 0 1 1 0 1 0.5\n");
        e = Assert.Throws<DetEvalInputException>(() => YoloObbReader.ReadDetections(Path.Combine(root.Root, "pred"), gt, Sizes));
        Assert.Contains("'z' is not in the image set", e.Message, StringComparison.Ordinal);

        File.Delete(Path.Combine(root.Root, "pred", "z.txt"));
        string file = root.Write("pred/a.txt", "0 0 0 1 0 1 1 0 1 0.5 3\n"); // a track id after the confidence
        e = Assert.Throws<DetEvalInputException>(() => YoloObbReader.ReadDetections(Path.Combine(root.Root, "pred"), gt, Sizes));
        Assert.Equal((file, "line 1"), (e.File, e.Location));
        Assert.Contains("found 11", e.Message, StringComparison.Ordinal);

        root.Write("pred/a.txt", "7 0 0 1 0 1 1 0 1 0.5\n");
        e = Assert.Throws<DetEvalInputException>(() => YoloObbReader.ReadDetections(Path.Combine(root.Root, "pred"), gt, Sizes, ["x"]));
        Assert.Contains("not an index into the 1 class names", e.Message, StringComparison.Ordinal);
    }
}
